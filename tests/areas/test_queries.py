"""The regency's areas read down the parent codes: the same sets as a prefix match on the
code, answered from indexes (no scan of the 91,599 areas of the gazetteer)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waspada.areas.models import Area, Level, descendants_q

pytestmark = pytest.mark.django_db

KUKAR = "64.02"


def by_prefix(code: str) -> set[str]:
    return {c for c in Area.objects.values_list("code", flat=True) if c.startswith(code + ".")}


def test_the_regency_and_everything_beneath_it():
    assert set(Area.objects.in_regency(KUKAR).values_list("code", flat=True)) == {
        KUKAR
    } | by_prefix(KUKAR)
    assert set(Area.objects.beneath(KUKAR).values_list("code", flat=True)) == by_prefix(KUKAR)
    assert set(Area.objects.beneath("64").values_list("code", flat=True)) == by_prefix("64")
    assert set(Area.objects.beneath("64.02.06").values_list("code", flat=True)) == by_prefix(
        "64.02.06"
    )


def test_kecamatan_and_desa_of_the_regency():
    kecamatan = set(Area.objects.kecamatan_of_regency(KUKAR).values_list("code", "level"))
    desa = set(Area.objects.desa_of_regency(KUKAR).values_list("code", "level"))
    assert len(kecamatan) == 20 and {lv for _, lv in kecamatan} == {Level.KECAMATAN}
    assert len(desa) == 237 and {lv for _, lv in desa} == {Level.DESA}
    assert {c for c, _ in kecamatan | desa} == by_prefix(KUKAR)
    assert set(Area.objects.of_regency_at(Level.DESA, KUKAR)) == set(
        Area.objects.desa_of_regency(KUKAR)
    )


def test_records_beneath_an_area_by_their_area_code(personas):
    from waspada.community.models import Engagement
    from waspada.community.queries import in_area

    # descendants_q on another model's area column: the same set as a prefix match.
    assert set(
        Area.objects.filter(descendants_q("64.02.06", "code")).values_list("code", flat=True)
    ) == by_prefix("64.02.06")
    assert "LIKE" not in str(in_area(Engagement.objects.all(), "64.02.06").query).upper()


def test_no_prefix_match_reaches_the_database():
    with CaptureQueriesContext(connection) as queries:
        list(Area.objects.in_regency(KUKAR).values_list("code"))
        list(Area.objects.kecamatan_of_regency(KUKAR).values_list("code"))
        list(Area.objects.desa_of_regency(KUKAR).values_list("code"))
    sql = " ".join(q["sql"] for q in queries.captured_queries).upper()
    assert " LIKE " not in sql


def test_sqlite_answers_from_the_indexes():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's query plan")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        for qs in (
            Area.objects.in_regency(KUKAR),
            Area.objects.in_regency(KUKAR).filter(level=Level.KECAMATAN),
            Area.objects.desa_of_regency(KUKAR),
        ):
            sql, params = qs.values_list("code").query.sql_with_params()
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(row[-1] for row in cursor.fetchall())
            assert "SCAN areas_area" not in plan, plan
