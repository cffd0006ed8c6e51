"""The shipped XLSForm: a real .xlsx, current with its build script and the Kobo parser."""

from pathlib import Path

import openpyxl

FORMS = Path(__file__).resolve().parents[2] / "waspada" / "intake" / "forms"


def rows(path, sheet):
    return [
        tuple(c for c in r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)
    ]


def test_the_shipped_form_is_what_the_script_builds(tmp_path):
    import runpy

    module = runpy.run_path(str(FORMS / "build_xlsform.py"))
    built = module["build"]("64.02", tmp_path / "form.xlsx")
    for sheet in ("survey", "choices", "settings"):
        assert rows(built, sheet) == rows(FORMS / "waspada_laporan.xlsx", sheet), sheet


def test_the_form_has_the_fields_the_kobo_channel_reads():
    names = {r[1] for r in rows(FORMS / "waspada_laporan.xlsx", "survey")[1:]}
    assert {
        "deskripsi",
        "judul",
        "waktu_kejadian",
        "kecamatan",
        "desa",
        "tempat",
        "lokasi",
        "foto",
        "anonim",
        "nama",
        "telepon",
    } <= names
    choices = rows(FORMS / "waspada_laporan.xlsx", "choices")
    assert sum(1 for r in choices if r[0] == "kecamatan") == 20
    assert ("desa", "64_02_06_1002") in {(r[0], r[1]) for r in choices}


def test_signed_in_users_download_the_form(personas, client_for):
    response = client_for(personas["reporter"]).get("/laporan/formulir-odk.xlsx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
