"""Plausibility and scope checks shared by every write path (forms, API serializers, imports).

Each function returns the (normalised) value or raises ``django.core.exceptions.ValidationError``
with a message for the person who typed it (Indonesian by default, via gettext). Django forms
and DRF serializers both turn that exception into a field error, so a form's ``clean_<field>``
or a serializer's ``validate_<field>`` can simply return ``validators.event_date(value)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from waspada.areas.models import Area

# Waspada's records start with Reformasi-era conflicts (1998); UCDP GED goes back to 1989.
EARLIEST_EVENT = date(1998, 1, 1)
EARLIEST_IMPORT = date(1989, 1, 1)
# Dates of plans (due dates, meetings, follow-ups): at most this many years ahead.
PLANNED_YEARS_AHEAD = 10
# Clock skew allowed for "when did it happen" given by a phone whose clock runs ahead.
FUTURE_SLACK = timedelta(days=1)

# Indonesia's extent with a margin (Sabang to Merauke, Miangas to Rote).
INDONESIA_LAT = (-11.5, 6.5)
INDONESIA_LON = (94.5, 141.5)


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _today() -> date:
    return timezone.localdate()


def _fmt(value: date) -> str:
    return value.isoformat()


def past_date(value: date | datetime, *, earliest: date = EARLIEST_EVENT) -> date:
    """A date something happened: from ``earliest`` to today (a day of clock skew allowed)."""
    day = _as_date(value)
    if day < earliest:
        raise ValidationError(
            _("The date %(date)s is too early: it must be %(earliest)s or later.")
            % {"date": _fmt(day), "earliest": _fmt(earliest)},
            code="date_too_early",
        )
    if day > _today() + FUTURE_SLACK:
        raise ValidationError(
            _("The date %(date)s is in the future.") % {"date": _fmt(day)},
            code="date_in_future",
        )
    return day


def event_date(value: date | datetime) -> date:
    """The date of an event or report: 1998 to today."""
    return past_date(value, earliest=EARLIEST_EVENT)


def import_date(value: date | datetime) -> date:
    """The date of an imported event (UCDP GED starts in 1989): 1989 to today."""
    return past_date(value, earliest=EARLIEST_IMPORT)


def occurred_at(value: datetime | None) -> datetime | None:
    """When a reported incident happened (None: not known)."""
    if value is not None:
        event_date(value)
    return value


def planned_date(value: date | datetime) -> date:
    """A date of a plan (due date, meeting, follow-up): 1998 to 10 years ahead."""
    day = _as_date(value)
    if day < EARLIEST_EVENT:
        raise ValidationError(
            _("The date %(date)s is too early: it must be %(earliest)s or later.")
            % {"date": _fmt(day), "earliest": _fmt(EARLIEST_EVENT)},
            code="date_too_early",
        )
    today = _today()
    try:
        latest = today.replace(year=today.year + PLANNED_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + PLANNED_YEARS_AHEAD, day=28)
    if day > latest:
        raise ValidationError(
            _("The date %(date)s is more than %(years)d years ahead.")
            % {"date": _fmt(day), "years": PLANNED_YEARS_AHEAD},
            code="date_too_far",
        )
    return day


def point_in_indonesia(lat: Any, lon: Any) -> tuple[float, float]:
    """Both coordinates as numbers, inside Indonesia's bounding box (with a margin)."""
    try:
        flat, flon = float(lat), float(lon)
    except (TypeError, ValueError) as e:
        raise ValidationError(
            _("Latitude and longitude must both be numbers."), code="point_not_number"
        ) from e
    if not (math.isfinite(flat) and math.isfinite(flon)):
        raise ValidationError(
            _("Latitude and longitude must both be numbers."), code="point_not_number"
        )
    if not (
        INDONESIA_LAT[0] <= flat <= INDONESIA_LAT[1]
        and INDONESIA_LON[0] <= flon <= INDONESIA_LON[1]
    ):
        raise ValidationError(
            _("The coordinates %(lat)s, %(lon)s are outside Indonesia.")
            % {"lat": round(flat, 5), "lon": round(flon, 5)},
            code="point_outside_indonesia",
        )
    return flat, flon


def point_in_regency(lat: Any, lon: Any) -> Area:
    """The kecamatan (or desa) of the deployment's regency that holds the point."""
    from waspada.areas.locate import locate

    flat, flon = point_in_indonesia(lat, lon)
    found = locate(flat, flon)
    if found is None:
        raise ValidationError(
            _("The coordinates %(lat)s, %(lon)s are outside the regency.")
            % {"lat": round(flat, 5), "lon": round(flon, 5)},
            code="point_outside_regency",
        )
    return found.desa or found.kecamatan


def area_in_regency(area: Area) -> Area:
    """An area of the deployment's regency (the regency itself, a kecamatan or a desa)."""
    regency = settings.WASPADA_REGENCY
    if not (area.code == regency or area.code.startswith(regency + ".")):
        raise ValidationError(
            _("%(area)s is outside the regency this system serves.") % {"area": area.name},
            code="area_outside_regency",
        )
    return area


def area_in_scope(user: Any, area: Area | None) -> Area | None:
    """An area inside the regency and inside the user's area scope (None: regency-wide)."""
    from waspada.accounts.policy import in_area_scope

    if area is None:
        if not in_area_scope(user, None):
            raise ValidationError(
                _("Choose an area: your account covers only some kecamatan."),
                code="area_required",
            )
        return None
    area_in_regency(area)
    if not in_area_scope(user, area.kecamatan_code):
        raise ValidationError(
            _("%(area)s is outside your area scope.") % {"area": area.name},
            code="area_outside_scope",
        )
    return area


def point_in_scope(user: Any, lat: Any, lon: Any) -> tuple[float, float]:
    """A point in Indonesia that, where it falls in the regency, is in the user's scope."""
    from waspada.accounts.policy import in_area_scope
    from waspada.areas.locate import locate

    flat, flon = point_in_indonesia(lat, lon)
    if user is None or getattr(user, "scope_codes", lambda: None)() is None:
        return flat, flon
    found = locate(flat, flon)
    if found is None or not in_area_scope(user, found.kecamatan.kecamatan_code):
        raise ValidationError(
            _("The coordinates %(lat)s, %(lon)s are outside your area scope.")
            % {"lat": round(flat, 5), "lon": round(flon, 5)},
            code="point_outside_scope",
        )
    return flat, flon


def field_check(check: Callable[[Any], object]) -> Callable[[Any], None]:
    """A check above as a form field validator: ``forms.DateField(validators=[field_check(
    validators.planned_date)])``."""

    def validate(value: Any) -> None:
        if value is not None:
            check(value)

    validate.__name__ = getattr(check, "__name__", "check")
    return validate


def message(error: ValidationError) -> str:
    """The first message of a ValidationError, for places that report a plain string."""
    return str(error.messages[0]) if error.messages else str(error)
