"""Export, import, round trips and refusals of bad files."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from waspada.areas.models import Area
from waspada.events import services
from waspada.events.exchange import acled, exporter, importer, native
from waspada.events.models import Event, ImportBatch

pytestmark = pytest.mark.django_db
UCDP_FILE = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "events" / "conflict_data_idn.csv"
)


@pytest.fixture
def events(personas):
    user = personas["analyst"]
    made = [
        services.create_event(
            user=user,
            event_date=date(2026, 10, 5),
            area=Area.objects.get(code="64.02.02.2015"),
            form="blokade",
            relevance="tension",
            actor1="warga Desa Jongkang",
            actor1_type="warga",
            actor2="PT Multi Harapan Utama",
            actor2_type="perusahaan",
            summary="Warga memblokade jalan hauling, menuntut ganti rugi lahan.",
            sources=["sumber_daya_alam", "ketimpangan"],
            location="Jongkang",
        ),
        services.create_event(
            user=user,
            event_date=date(2026, 10, 7),
            area=Area.objects.get(code="64.02.06"),
            form="bentrok",
            fatalities=1,
            injured=4,
            displaced=12,
            actor1="pemuda",
            actor1_type="warga",
            summary="Bentrok antarkelompok pemuda, satu tewas.",
            classification="terbatas",
            property_damage="2 motor dibakar",
            sources=["sosial_budaya"],
        ),
        services.create_event(
            user=user,
            event_date=date(2026, 10, 9),
            area=None,
            form="pencegahan",
            relevance="prevention",
            summary='Dialog FKUB tingkat kabupaten, "damai"; koma, dan baris\nbaru',
            time_precision=2,
        ),
    ]
    services.verify(made[0], user=user)
    return made


def _comparable(rows):
    return [row[1:] for row in rows]  # everything but the database id


def _reimport(content: bytes, name: str, user):
    Event.objects.all().delete()
    batch, preview = importer.stage(content, name, user)
    assert preview.ok, preview.errors or preview.file_errors
    importer.commit(batch, user)
    return list(Event.objects.order_by("event_date"))


@pytest.mark.parametrize("fmt, name", [("csv", "e.csv"), ("xlsx", "e.xlsx"), ("hxl", "e.hxl.csv")])
def test_export_then_import_gives_identical_events(events, personas, fmt, name):
    build = exporter.EXPORTERS[fmt][0]
    before = _comparable(native.export_row(e) for e in Event.objects.order_by("event_date"))
    again = _reimport(build(list(Event.objects.order_by("event_date"))), name, personas["analyst"])
    after = _comparable(native.export_row(e) for e in again)
    assert after == before


def test_the_acled_export_has_exactly_the_codebook_columns_in_order(events):
    rows = list(csv.reader(io.StringIO(exporter.to_acled(events).decode())))
    assert rows[0] == acled.COLUMNS
    assert rows[0] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "iso",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
    ]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["event_type"], first["sub_event_type"]) == ("Protests", "Peaceful protest")
    assert (first["inter1"], first["inter2"], first["interaction"]) == ("6", "8", "68")
    assert (first["admin1"], first["admin2"], first["admin3"]) == (
        "Kalimantan Timur",
        "Kabupaten Kutai Kartanegara",
        "Loa Kulu",
    )
    assert first["tags"] == "waspada_form=blokade"


def test_an_acled_file_imports_with_forms_and_areas(events, personas):
    content = exporter.to_acled(events)
    again = _reimport(content, "acled.csv", personas["analyst"])
    assert [e.form for e in again] == ["blokade", "bentrok", "pencegahan"]
    # admin3 names the kecamatan and, at desa precision, the point lies in the desa's polygon
    assert again[0].area.code == "64.02.02.2015"
    assert again[1].area.code == "64.02.06"  # kecamatan precision: the kecamatan
    assert again[2].area is None
    assert again[0].external_source == "acled"


def test_geojson_export_has_points(events):
    data = json.loads(exporter.to_geojson(events))
    assert len(data["features"]) == 3
    assert data["features"][0]["geometry"]["type"] == "Point"
    assert data["features"][2]["geometry"] is None


def _refused(content: bytes, name="bad.csv"):
    count = Event.objects.count()
    batch, preview = importer.stage(content, name, None)
    assert not preview.ok
    assert batch.status == ImportBatch.Status.FAILED
    with pytest.raises(importer.ImportRefused):
        importer.commit(batch, None)
    assert Event.objects.count() == count
    return preview


def test_a_bad_date_is_listed_per_row_and_nothing_is_written(events):
    header = ",".join(native.COLUMNS)
    good = ",".join(
        [
            "",
            "2026-10-01",
            "1",
            "64.02.06",
            "2",
            "",
            "",
            "",
            "incident",
            "bentrok",
            "",
            "",
            "",
            "",
            "",
            "0",
            "0",
            "0",
            "",
            "Ringkasan",
            "biasa",
            "belum",
            "",
            "",
        ]
    )
    bad = good.replace("2026-10-01", "31/31/2026")
    preview = _refused(f"{header}\n{good}\n{bad}\n".encode())
    assert [e["line"] for e in preview.errors] == [3]
    assert "31/31/2026" in preview.errors[0]["messages"][0]


def test_a_missing_column_refuses_the_file():
    preview = _refused(b"event_date,summary\n2026-10-01,x\n")
    assert preview.file_errors


def test_a_wrong_encoding_refuses_the_file():
    preview = _refused(
        "event_date,area_code,summary\n2026-10-01,64.02.06,Pertemuan d’Tenggarong".encode("cp1252")
    )
    assert "UTF-8" in preview.file_errors[0]


def test_unknown_area_codes_and_values_are_errors():
    preview = _refused(
        b"event_date,area_code,summary,form,fatalities\n2026-10-01,99.99.99,x,tawuran,-1\n"
    )
    messages = " ".join(preview.errors[0]["messages"])
    assert "99.99.99" in messages and "tawuran" in messages and "fatalities" in messages


UCDP_SAMPLE = (
    "id,relid,year,active_year,type_of_violence,dyad_name,side_a,side_b,source_headline,"
    "where_prec,where_coordinates,adm_1,adm_2,latitude,longitude,date_prec,date_start,"
    "date_end,best\n"
    ",,#date+year,,,,#group+name+first,#group+name+second,#description,,#loc+name,#adm1+name,"
    "#adm2+name,#geo+lat,#geo+lon,,#date+start,#date+end,#affected+killed\n"
    "1,R1,1999,1,1,Government of Indonesia - GAM,Government of Indonesia,GAM,Clash,1,"
    "Lhokseumawe,Aceh Province,North Aceh Regency,5.18,97.14,1,1999-05-03 00:00:00.000,"
    "1999-05-03 00:00:00.000,4\n"
    "2,R2,1999,1,3,GAM - Civilians,GAM,Civilians,Attack,4,Ambon,Maluku Province,"
    "Kota Ambon,-3.69,128.18,4,1999-06-01 00:00:00.000,1999-06-30 00:00:00.000,2\n"
    "3,R3,1999,1,2,A - B,A,B,x,4,Dili,Timor Timur Province,Kota Dili,-8.5,125.5,1,"
    "1999-09-01 00:00:00.000,1999-09-01 00:00:00.000,1\n"
)


def test_ucdp_rows_become_events_with_resolved_areas():
    batch, preview = importer.stage(UCDP_SAMPLE.encode(), "ged.csv", None)
    assert preview.format == "ucdp" and preview.ok
    importer.commit(batch, None)
    by_id = {e.external_id: e for e in Event.objects.filter(external_source="ucdp")}
    assert by_id["1"].area.name == "Kabupaten Aceh Utara"
    assert by_id["1"].form == "bentrok" and by_id["1"].fatalities == 4
    assert by_id["1"].actor1_type == "tni" and by_id["1"].geo_precision == 1
    assert by_id["2"].area.name == "Kota Ambon" and by_id["2"].actor2_type == "warga"
    assert by_id["2"].form == "kekerasan" and by_id["2"].time_precision == 3
    assert by_id["3"].area is None  # Timor Timur is no longer an Indonesian province
    assert by_id["1"].raw["side_b"] == "GAM"  # the row as it arrived
    # A second import of the same file adds nothing.
    batch, preview = importer.stage(UCDP_SAMPLE.encode(), "ged.csv", None)
    assert preview.summary()["skipped"] == 3 and preview.summary()["to_create"] == 0


@pytest.mark.skipif(not UCDP_FILE.exists(), reason="../shared/data is not beside the project")
@pytest.mark.slow
def test_the_real_ucdp_file_imports_all_1734_events():
    batch, preview = importer.stage(UCDP_FILE.read_bytes(), UCDP_FILE.name, None)
    assert preview.ok
    assert importer.commit(batch, None) == 1734
    summary = ImportBatch.objects.get(pk=batch.pk).summary
    assert summary["resolved"]["kabupaten"] >= 1200
    assert Event.objects.filter(external_source="ucdp").count() == 1734
