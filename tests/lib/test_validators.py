"""The plausibility and scope checks every write path shares (waspada.lib.validators)."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from waspada.areas.models import Area
from waspada.lib import validators

pytestmark = pytest.mark.django_db

TENGGARONG_POINT = (-0.419, 116.985)  # in Kecamatan Tenggarong
MUARA_MUNTAI_POINT = (-0.525638, 116.415696)  # Muara Muntai's published centroid


def test_event_dates_from_1998_to_today():
    today = timezone.localdate()
    assert validators.event_date(date(1998, 1, 1)) == date(1998, 1, 1)
    assert validators.event_date(today) == today
    for bad in (date(207, 5, 1), date(7441, 1, 1), date(1997, 12, 31), today + timedelta(days=3)):
        with pytest.raises(ValidationError):
            validators.event_date(bad)


def test_imports_reach_back_to_1989_and_plans_ten_years_ahead():
    assert validators.import_date(date(1989, 1, 1)) == date(1989, 1, 1)
    with pytest.raises(ValidationError):
        validators.import_date(date(1988, 12, 31))
    today = timezone.localdate()
    assert validators.planned_date(today + timedelta(days=365 * 9))
    with pytest.raises(ValidationError, match="10"):
        validators.planned_date(today + timedelta(days=365 * 11))


def test_aware_datetimes_are_read_in_local_time():
    assert validators.occurred_at(None) is None
    with pytest.raises(ValidationError):
        validators.occurred_at(datetime(7441, 1, 1, tzinfo=timezone.get_current_timezone()))


@pytest.mark.parametrize(
    "lat,lon",
    [(48.85, 2.35), (0.0, 0.0), (-45, 116), ("x", 116), (float("nan"), 116), (None, 116)],
)
def test_points_outside_indonesia_or_not_numbers_are_refused(lat, lon):
    with pytest.raises(ValidationError):
        validators.point_in_indonesia(lat, lon)


def test_a_point_in_the_regency_gives_its_area_and_one_outside_is_refused():
    area = validators.point_in_regency(*TENGGARONG_POINT)
    assert area.kecamatan_code == "64.02.06"
    with pytest.raises(ValidationError):
        validators.point_in_regency(-6.2, 106.8)  # Jakarta


def test_areas_must_be_in_the_regency_and_in_the_users_scope(personas):
    reporter = personas["reporter"]  # scope: Tenggarong
    tenggarong = Area.objects.get(code="64.02.06")
    muara_muntai = Area.objects.get(code="64.02.01")
    assert validators.area_in_scope(reporter, tenggarong) == tenggarong
    with pytest.raises(ValidationError, match="Muara Muntai"):
        validators.area_in_scope(reporter, muara_muntai)
    with pytest.raises(ValidationError):
        validators.area_in_scope(reporter, None)  # regency-wide is beyond one kecamatan
    assert validators.area_in_scope(personas["analyst"], muara_muntai) == muara_muntai
    with pytest.raises(ValidationError):
        validators.area_in_regency(Area.objects.get(code="64.71"))  # Balikpapan


def test_points_in_scope(personas):
    reporter = personas["reporter"]
    assert validators.point_in_scope(reporter, *TENGGARONG_POINT)
    with pytest.raises(ValidationError):
        validators.point_in_scope(reporter, *MUARA_MUNTAI_POINT)
    assert validators.point_in_scope(personas["analyst"], *MUARA_MUNTAI_POINT)


def test_messages_are_indonesian_by_default():
    with pytest.raises(ValidationError) as caught:
        validators.point_in_indonesia(48.85, 2.35)
    assert "di luar Indonesia" in validators.message(caught.value)
