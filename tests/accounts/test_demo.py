import pytest
from django.core.management import CommandError, call_command

from waspada.accounts.demo import DEMO_USERS
from waspada.accounts.models import Organisation, Role, User

pytestmark = pytest.mark.django_db


def test_it_creates_kukar_organisations_and_one_demo_user_per_role():
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    assert {u.role for u in User.objects.filter(is_demo=True)} == set(Role.values)
    assert User.objects.filter(is_demo=True).count() == len(DEMO_USERS)
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {
        "Kodim 0906/KKR",
        "Polres Kutai Kartanegara",
        "FKUB Kabupaten Kutai Kartanegara",
        "Koramil Tenggarong",
        "Polsek Tenggarong",
        "FKDM Kecamatan Tenggarong",
    } <= names
    assert Organisation.objects.filter(type="lsm").count() == 2
    assert Organisation.objects.filter(type="perusahaan").count() == 2
    babinsa = User.objects.get(username="demo-babinsa")
    assert babinsa.scope_codes() == {"64.02.06"}
    assert babinsa.check_password("waspada-demo-2026")


def test_demo_two_factor_codes_are_printed_for_demo_users_only(capsys):
    call_command("load_demo")
    capsys.readouterr()
    call_command("demo_otp", "demo-analis")
    assert capsys.readouterr().out.strip().isdigit()
    User.objects.create_user("real-analyst", role=Role.ANALYST)
    with pytest.raises(CommandError):
        call_command("demo_otp", "real-analyst")


def test_it_refuses_demo_data_in_production_unless_forced(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo")
    call_command("load_demo", "--force")
    assert User.objects.filter(is_demo=True).exists()


def test_demo_events_are_marked_and_created_once():
    from waspada.events.models import Event

    call_command("load_demo")
    call_command("load_demo")
    demo = Event.objects.filter(external_source="demo")
    assert demo.count() >= 10
    assert all(e.summary.endswith("(demo)") for e in demo)
    assert demo.filter(verification="terverifikasi").exists()
    assert all(e.kecamatan_code.startswith("64.02.") for e in demo)
