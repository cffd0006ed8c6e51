import datetime as dt
import io

import pytest

from waspada.risk.eventtable import (
    EventTableError,
    detect_shape,
    events_from_rows,
    parse_date,
    read_event_table,
    unit_level,
)


def test_it_detects_ucdp_and_skips_the_hxl_row(ucdp_csv):
    t = read_event_table(ucdp_csv)
    assert t.shape == "ucdp"
    assert len(t) == 325
    assert t.skipped_rows == 1
    e = t.events[0]
    assert e.date == dt.date(2010, 1, 25)
    assert e.unit(1) == "Kalimantan Timur Province"
    assert e.unit(2) == "Kalimantan Timur Province / Kutai Kartanegara Regency"
    assert e.fatalities == 3
    assert e.id == "100001"


def test_it_detects_acled_with_written_out_dates(acled_csv):
    t = read_event_table(acled_csv)
    assert t.shape == "acled"
    assert len(t) == 325
    e = t.events[0]
    assert e.date == dt.date(2010, 1, 25)
    assert e.unit(2) == "Kalimantan Timur / Kutai Kartanegara"
    assert e.unit(3) is None  # admin3 empty
    assert e.kind == "Battles"


def test_both_shapes_give_the_same_dates_and_deaths(acled_csv, ucdp_csv):
    a, u = read_event_table(acled_csv), read_event_table(ucdp_csv)
    assert [(e.date, e.fatalities) for e in a.events] == [(e.date, e.fatalities) for e in u.events]


def test_it_reads_the_waspada_export_shape():
    text = "id,event_date,area_code,form,fatalities\n7,2025-03-02,64.02.06.2001,bentrok,1\n"
    t = read_event_table(io.StringIO(text))
    assert t.shape == "waspada"
    e = t.events[0]
    assert (e.unit(1), e.unit(2), e.unit(3), e.unit(4)) == (
        "64",
        "64.02",
        "64.02.06",
        "64.02.06.2001",
    )
    assert e.kind == "bentrok"


def test_a_level_below_an_unknown_one_is_unknown():
    rows = [["event_date", "admin1", "admin2"], ["2020-01-01", "", "Pidie"]]
    e = events_from_rows(rows).events[0]
    assert e.unit(1) is None and e.unit(2) is None


def test_acled_date_forms():
    assert parse_date("31 January 2019") == dt.date(2019, 1, 31)
    assert parse_date("31-January-2019") == dt.date(2019, 1, 31)
    assert parse_date("2019-01-31") == dt.date(2019, 1, 31)
    assert parse_date("1989-07-26 00:00:00.000") == dt.date(1989, 7, 26)
    assert parse_date(dt.datetime(2019, 1, 31, 10)) == dt.date(2019, 1, 31)


def test_an_unknown_shape_says_what_it_expected():
    with pytest.raises(EventTableError, match="expected UCDP GED"):
        detect_shape(["foo", "bar"])


def test_a_missing_admin_column_is_named():
    with pytest.raises(EventTableError, match="lacks admin1"):
        events_from_rows([["event_date", "admin2", "fatalities"], ["2020-01-01", "x", "0"]])
    with pytest.raises(EventTableError, match="lacks adm_1"):
        events_from_rows([["date_start", "adm_2"], ["2020-01-01", "x"]])


def test_bad_dates_are_listed_with_their_row_numbers():
    rows = [
        ["event_date", "admin1", "fatalities"],
        ["2020-01-01", "Aceh", "0"],
        ["2020-13-01", "Aceh", "0"],
        ["", "Aceh", "0"],
        ["yesterday", "Aceh", "0"],
    ]
    with pytest.raises(EventTableError) as err:
        events_from_rows(rows, source="t.csv")
    assert err.value.problems[0].startswith("row 3: event_date")
    assert [p.split(":")[0] for p in err.value.problems] == ["row 3", "row 4", "row 5"]
    assert "3 bad row(s)" in str(err.value)


def test_bad_fatalities_are_reported():
    with pytest.raises(EventTableError, match="row 2: fatalities: not a number"):
        events_from_rows([["event_date", "admin1", "fatalities"], ["2020-01-01", "Aceh", "many"]])


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    p = tmp_path / "latin1.csv"
    p.write_bytes("event_date,admin1\n2020-01-01,Sulawesi Utara \xe9\n".encode("latin-1"))
    with pytest.raises(EventTableError, match="not UTF-8"):
        read_event_table(p)


def test_a_missing_file_and_an_empty_table(tmp_path):
    with pytest.raises(EventTableError, match="no such file"):
        read_event_table(tmp_path / "nope.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(EventTableError, match="empty"):
        read_event_table(tmp_path / "empty.csv")


def test_a_forced_shape_must_fit():
    rows = [["event_date", "admin1"], ["2020-01-01", "Aceh"]]
    with pytest.raises(EventTableError, match="not a ucdp table: missing column"):
        events_from_rows(rows, shape="ucdp")


def test_it_reads_xlsx(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["event_date", "admin1", "admin2", "fatalities"])
    ws.append([dt.datetime(2021, 5, 4), "Maluku", "Ambon", 2])
    p = tmp_path / "acled.xlsx"
    wb.save(p)
    t = read_event_table(p)
    assert t.shape == "acled"
    assert t.events[0].date == dt.date(2021, 5, 4)
    assert t.events[0].fatalities == 2


def test_unit_names():
    assert unit_level("kabupaten") == unit_level("admin2") == 2
    assert unit_level("provinsi") == unit_level("admin1") == 1
    assert unit_level("kecamatan") == 3
    with pytest.raises(EventTableError, match="unknown unit"):
        unit_level("planet")
