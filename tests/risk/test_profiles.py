# ruff: noqa: F811  (pytest fixtures imported from tests/risk/db.py)
"""Area profiles: import against the template (every row checked, all rows or none), editing
by analysts, history, and the indicators the score reads."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.conftest import verified_client
from tests.risk.db import DESA, DESA_LOA_KULU, LOA_KULU, TENGGARONG, risk_settings  # noqa: F401
from waspada.risk import profiles
from waspada.risk.models import AreaProfile, AreaProfileHistory, ProfileImport

pytestmark = pytest.mark.usefixtures("risk_settings")

HEADER = ",".join(profiles.COLUMNS)
GOOD = (
    f"{HEADER}\n"
    f'{TENGGARONG},110000,80,12,3,1,0.5,0,0,"kutai: 45; jawa: 25; bugis: 20",7.5,4,6,2,30,1,'
    "ya,3,2024,BPS Kukar 2024,\n"
    f"{DESA_LOA_KULU},5400,95,5,,,,,,,12,2,1,0,,0,tidak,0,2024,Profil desa,catatan\n"
)


def upload(user, content: bytes, name="profil.csv"):
    client = verified_client(user)
    client.cookies["django_language"] = "en"  # the messages below are the English ones
    return client.post(reverse("risk:profile_import"), {"file": SimpleUploadedFile(name, content)})


def test_the_template_lists_every_column_and_the_docs_describe_each(personas):
    from pathlib import Path

    client = verified_client(personas["partner"])
    csv = client.get(reverse("risk:profile_template"))
    assert csv.content.decode().strip() == HEADER
    xlsx = client.get(reverse("risk:profile_template"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == list(profiles.COLUMNS)
    root = Path(__file__).resolve().parents[2]
    shipped = (root / "waspada/risk/data/area_profile_template.csv").read_text().strip()
    assert shipped == HEADER
    docs = (root / "docs/risk/profiles.md").read_text()
    assert [c for c in profiles.COLUMNS if f"`{c}`" not in docs] == []


def test_a_valid_file_is_imported_with_history(personas):
    response = upload(personas["analyst"], GOOD.encode())
    assert response.status_code == 302
    kec = AreaProfile.objects.get(area_id=TENGGARONG)
    assert kec.population == 110000 and kec.poverty_rate == 7.5 and kec.fkdm_present
    assert kec.religions == {
        "islam": 80.0,
        "kristen": 12.0,
        "katolik": 3.0,
        "hindu": 1.0,
        "buddha": 0.5,
    }
    assert kec.ethnicities == {"kutai": 45.0, "jawa": 25.0, "bugis": 20.0}
    assert (kec.mining_concessions, kec.plantation_concessions, kec.forestry_concessions) == (
        4,
        6,
        2,
    )
    desa = AreaProfile.objects.get(area_id=DESA_LOA_KULU)
    assert desa.concession_area_pct is None and desa.notes == "catatan"
    batch = ProfileImport.objects.get()
    assert batch.ok and batch.rows == 2 and batch.content == GOOD.encode()
    entry = AreaProfileHistory.objects.get(profile=kec)
    assert entry.action == "create" and entry.profile_import == batch
    assert entry.user == personas["analyst"]


def test_a_second_import_changes_only_its_columns_and_records_what_changed(personas):
    upload(personas["analyst"], GOOD.encode())
    again = f"area_code,poverty_rate\n{TENGGARONG},9\n".encode()
    assert upload(personas["analyst"], again).status_code == 302
    kec = AreaProfile.objects.get(area_id=TENGGARONG)
    assert kec.poverty_rate == 9 and kec.population == 110000
    last = kec.history.first()
    assert last.action == "import" and last.changes == {"poverty_rate": [7.5, 9.0]}


def test_semicolon_csv_and_xlsx_are_read(personas):
    semi = f"area_code;poverty_rate;fkdm_present\n{TENGGARONG};11,5;Ya\n".encode()
    assert upload(personas["analyst"], semi).status_code == 302
    assert AreaProfile.objects.get(area_id=TENGGARONG).poverty_rate == 11.5
    wb = Workbook()
    wb.active.append(["area_code", "population", "boundary_disputes"])
    wb.active.append([LOA_KULU, 48000, 2])
    buf = io.BytesIO()
    wb.save(buf)
    assert upload(personas["analyst"], buf.getvalue(), "profil.xlsx").status_code == 302
    assert AreaProfile.objects.get(area_id=LOA_KULU).boundary_disputes == 2


def test_errors_name_row_and_column_and_nothing_is_saved(personas):
    bad = (
        "area_code,population,poverty_rate,religion_islam,religion_kristen,fkdm_present,"
        "ethnic_composition,data_year\n"
        f"{TENGGARONG},1000,10,60,30,ya,kutai: 50,2024\n"  # good, but not saved
        "64.02.99,1000,10,,,,,\n"  # no such kecamatan
        f"{LOA_KULU},-5,140,80,40,mungkin,kutai 50,1800\n"
        f"{TENGGARONG},1,1,,,,,\n"  # duplicate
        f"{DESA},1.5,abc,,,,,\n"
    )
    response = upload(personas["analyst"], bad.encode())
    assert response.status_code == 200
    errors = response.context["batch"].errors
    expected = [
        "row 3, area_code: '64.02.99'",
        "row 4, population",
        "row 4, poverty_rate",
        "row 4, religion_*",
        "row 4, fkdm_present",
        "row 4, ethnic_composition",
        "row 4, data_year",
        "row 5, area_code: 64.02.06 already on row 2",
        "row 6, population: must be a whole number",
        "row 6, poverty_rate: not a number",
    ]
    for fragment in expected:
        assert any(fragment in e for e in errors), (fragment, errors)
    assert AreaProfile.objects.count() == 0
    assert 'id="import-errors"' in response.content.decode()
    assert ProfileImport.objects.get().ok is False


@pytest.mark.parametrize(
    "content,message",
    [
        (b"\n \n", "empty"),
        (b"kode,populasi\n64.02.06,1\n", "unknown column"),
        (b"population\n1\n", "area_code is missing"),
        (b"area_code\n", "no rows"),
        (b"\xff\xfe\x00a", "UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(personas, content, message):
    response = upload(personas["analyst"], content)
    assert any(message in e for e in response.context["batch"].errors)
    assert AreaProfile.objects.count() == 0


def test_an_analyst_cannot_import_outside_their_scope(personas):
    response = upload(personas["outsider_analyst"], GOOD.encode())
    assert any("outside your area scope" in e for e in response.context["batch"].errors)
    assert AreaProfile.objects.count() == 0


def test_an_analyst_edits_a_profile_and_the_history_shows_it(personas):
    client = verified_client(personas["analyst"])
    url = reverse("risk:profile", args=[TENGGARONG])
    data = {
        "population": "100",
        "religions": "islam: 90; kristen: 10",
        "ethnicities": "",
        "poverty_rate": "8",
        "mining_concessions": "1",
        "plantation_concessions": "0",
        "forestry_concessions": "0",
        "boundary_disputes": "0",
        "past_conflicts": "0",
        "data_source": "BPS",
        "notes": "",
    }
    assert client.post(url, data).status_code == 302
    data["poverty_rate"] = "12"
    assert client.post(url, data).status_code == 302
    profile = AreaProfile.objects.get(area_id=TENGGARONG)
    assert profile.religions == {"islam": 90.0, "kristen": 10.0}
    assert profile.updated_by == personas["analyst"]
    actions = [(h.action, h.changes.get("poverty_rate")) for h in profile.history.all()]
    assert actions[0] == ("edit", [8.0, 12.0]) and actions[1][0] == "create"
    page = client.get(url).content.decode()
    assert 'id="profile-history"' in page and "poverty_rate 8" in page
    bad = client.post(url, {**data, "religions": "islam 90", "poverty_rate": "120"})
    assert bad.status_code == 200 and bad.context["form"].errors.keys() == {
        "religions",
        "poverty_rate",
    }


def test_others_read_profiles_but_cannot_change_them(personas):
    from tests.risk.db import make_profile

    make_profile(TENGGARONG)
    url = reverse("risk:profile", args=[TENGGARONG])
    for who in ("partner", "reporter", "leader"):
        client = verified_client(personas[who])
        page = client.get(url)
        assert page.status_code == 200 and page.context["form"] is None
        assert 'id="indicators"' in page.content.decode()
        assert client.post(url, {"population": "1"}).status_code == 403
    assert (
        verified_client(personas["reporter"])
        .get(reverse("risk:profile", args=[LOA_KULU]))
        .status_code
        == 403
    )


def test_indicators_are_scaled_to_zero_one_and_named_by_area():
    p = AreaProfile(
        area_id=TENGGARONG,
        poverty_rate=45,
        religions={"islam": 50, "kristen": 50},
        ethnicities={"kutai": 100},
        mining_concessions=0,
        boundary_disputes=1,
        fkdm_present=True,
        past_conflicts=0,
    )
    values = {r.name: r.value for r in profiles.indicators_of(p)}
    assert values["poverty"] == 1.0
    assert values["religious_diversity"] == 1.0  # two equal groups: fractionalisation 0.5
    assert values["ethnic_diversity"] == 0.0
    assert values["boundary_disputes"] == 0.5
    assert values["no_fkdm"] == 0.0 and values["past_conflicts"] == 0.0
    assert all(0 <= v <= 1 for v in values.values())
    assert {r.id for r in profiles.indicators_of(p)} == {
        f"profile:{TENGGARONG}:{n}" for n in values
    }
    unknown = AreaProfile(area_id=TENGGARONG)
    assert "poverty" not in {r.name for r in profiles.indicators_of(unknown)}
