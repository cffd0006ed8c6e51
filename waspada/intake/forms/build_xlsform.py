"""Build the XLSForm of the report for ODK Collect / KoboToolbox (waspada_laporan.xlsx).

    .venv/bin/python waspada/intake/forms/build_xlsform.py [regency code]

Choices of kecamatan and desa come from the shipped gazetteer CSV; desa are filtered by the
kecamatan chosen (choice_filter). Field names are those waspada/intake/channels/kobo.py reads.
Codes use "_" instead of "." (choice names must be XML names).
"""

import csv
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
AREAS = HERE.parent.parent / "areas" / "data" / "regencies"
VERSION = "2026112801"

SURVEY = [
    # type, name, label id, label en, required, relevant, appearance, choice_filter, hint id
    ("start", "start", "", "", "", "", "", "", ""),
    ("end", "end", "", "", "", "", "", "", ""),
    ("begin_group", "laporan", "Laporan", "Report", "", "", "field-list", "", ""),
    (
        "text",
        "deskripsi",
        "Apa yang terjadi?",
        "What happened?",
        "yes",
        "",
        "multiline",
        "",
        "Siapa, apa, di mana, kapan — sejauh yang Anda ketahui.",
    ),
    ("text", "judul", "Judul singkat (boleh kosong)", "Short title (optional)", "", "", "", "", ""),
    ("datetime", "waktu_kejadian", "Kapan terjadinya?", "When did it happen?", "", "", "", "", ""),
    ("end_group", "", "", "", "", "", "", "", ""),
    ("begin_group", "tempat_kejadian", "Tempat", "Place", "", "", "field-list", "", ""),
    ("select_one kecamatan", "kecamatan", "Kecamatan", "Kecamatan", "", "", "minimal", "", ""),
    (
        "select_one desa",
        "desa",
        "Desa/kelurahan",
        "Desa/kelurahan",
        "",
        "${kecamatan} != ''",
        "minimal",
        "kec=${kecamatan}",
        "",
    ),
    (
        "text",
        "tempat",
        "Tempat (dengan kata-kata Anda)",
        "Place (in your words)",
        "",
        "",
        "",
        "",
        "mis. jalan ke tambang, dekat pasar",
    ),
    (
        "geopoint",
        "lokasi",
        "Lokasi GPS (boleh kosong)",
        "GPS location (optional)",
        "",
        "",
        "",
        "",
        "",
    ),
    ("end_group", "", "", "", "", "", "", "", ""),
    ("image", "foto", "Foto (boleh kosong)", "Photo (optional)", "", "", "", "", ""),
    (
        "audio",
        "rekaman",
        "Rekaman suara (boleh kosong)",
        "Recording (optional)",
        "",
        "",
        "",
        "",
        "",
    ),
    (
        "select_one yatidak",
        "anonim",
        "Kirim tanpa nama?",
        "Send anonymously?",
        "yes",
        "",
        "",
        "",
        "",
    ),
    ("text", "nama", "Nama Anda", "Your name", "", "${anonim} = 'no'", "", "", ""),
    ("text", "telepon", "Nomor telepon", "Phone number", "", "${anonim} = 'no'", "numbers", "", ""),
]


def build(regency: str = "64.02", out: Path | None = None) -> Path:
    with open(AREAS / regency / "areas.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(
        [
            "type",
            "name",
            "label::Indonesian (id)",
            "label::English (en)",
            "required",
            "relevant",
            "appearance",
            "choice_filter",
            "hint::Indonesian (id)",
        ]
    )
    for row in SURVEY:
        survey.append(list(row))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Indonesian (id)", "label::English (en)", "kec"])
    choices.append(["yatidak", "yes", "Ya", "Yes", ""])
    choices.append(["yatidak", "no", "Tidak", "No", ""])
    kecamatan = sorted((r for r in rows if r["level"] == "kecamatan"), key=lambda r: r["name"])
    for r in kecamatan:
        choices.append(["kecamatan", r["code"].replace(".", "_"), r["name"], r["name"], ""])
    villages = (r for r in rows if r["level"] in ("desa", "kelurahan"))
    for r in sorted(villages, key=lambda r: r["name"]):
        choices.append(
            [
                "desa",
                r["code"].replace(".", "_"),
                r["name"],
                r["name"],
                r["parent_code"].replace(".", "_"),
            ]
        )
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language", "instance_name"])
    settings.append(
        [
            "Laporan Waspada",
            "waspada_laporan",
            VERSION,
            "Indonesian (id)",
            "concat(${kecamatan}, ' ', ${judul})",
        ]
    )
    out = out or HERE / "waspada_laporan.xlsx"
    book.save(out)
    return out


if __name__ == "__main__":
    print(build(*sys.argv[1:2]))
