"""The issue's check, as production runs it: the default rules of a fresh set-up, a report of a
killing in a Kukar kelurahan through the API, the real worker on the database queue, the real
NLP, a signed webhook on loopback and a real SMTP server (aiosmtpd). Then a second report of
two more deaths re-notifies at the higher level, and a subscriber who follows only `agama`
hears nothing of a land dispute."""

import pytest
from django.core.management import call_command

from tests.test_pipeline import run_the_queue
from waspada.alerts.models import Alert, Message
from waspada.api.models import ApiToken

from .conftest import subscribe

SECRET = "polres-hook-secret"
KILLING = (
    "Seorang warga tewas dibacok dalam bentrok antar kelompok pemuda di Kelurahan Loa Ipuh, "
    "Tenggarong, tadi malam. Pemicunya sengketa lahan."
)
TWO_MORE = "Dua warga lagi meninggal dunia setelah bentrok susulan di Kelurahan Loa Ipuh pagi ini."
LAND = (
    "Sengketa lahan antara warga dan perusahaan sawit di Desa Loa Duri Ilir, Loa Janan memanas, "
    "warga bentrok dengan satpam perusahaan, tiga orang luka."
)


@pytest.mark.django_db(transaction=True)
def test_a_killing_reaches_webhook_and_mail_and_two_more_deaths_re_notify(
    settings, client, personas, orgs, service, mailbox
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    call_command("load_default_rules")
    service.hooks["/hook"] = SECRET
    service.hooks["/agama"] = SECRET
    subscribe(orgs["polres"], "webhook", f"{service.url}/hook", secret=SECRET)
    subscribe(personas["analyst"], "email", "analis@kukar.test")
    subscribe(orgs["kodim"], "webhook", f"{service.url}/agama", secret=SECRET, sources=["agama"])
    token = ApiToken.issue(personas["reporter"], "Aplikasi Babinsa")[1]

    def post(text):
        response = client.post(
            "/api/v1/reports/",
            {"text": text},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {token}",
        )
        assert response.status_code == 201, response.content
        run_the_queue()

    # 1. The killing: a siaga (or higher) alert carrying the source the text names.
    post(KILLING)
    alert = Alert.objects.get(rule__default_key="severe_incident")
    assert alert.level in ("siaga", "awas") and alert.area_id == "64.02.06"
    assert "sumber_daya_alam" in alert.sources and alert.desa == ["64.02.06.1002"]
    hooks = [h.json() for h in service.to("/hook")]
    assert [h["level"] for h in hooks if h["alert"] == alert.pk] == ["siaga"]
    first = next(h for h in hooks if h["alert"] == alert.pk)
    assert "sumber_daya_alam" in first["sources"] and first["fatalities"] == 1
    assert "Kelurahan Loa Ipuh" in first["text"] and "WITA" in first["text"]
    mails = [m for m in mailbox.messages if m["To"] == "analis@kukar.test"]
    assert [m["Subject"][:7] for m in mails if "Tenggarong" in m["Subject"]] == ["[SIAGA]"]
    assert service.bad_signatures == 0

    # 2. Two more deaths there: the same alert, now awas, told again to both.
    post(TWO_MORE)
    alert.refresh_from_db()
    assert (alert.level, alert.fatalities) == ("awas", 3)
    hooks = [h.json() for h in service.to("/hook") if h.json()["alert"] == alert.pk]
    assert [h["level"] for h in hooks] == ["siaga", "awas"]
    assert hooks[-1]["fatalities"] == 3 and {c["what"] for c in hooks[-1]["changes"]} >= {
        "level",
        "fatalities",
    }
    mails = [m for m in mailbox.messages if m["To"] == "analis@kukar.test"]
    assert [m["Subject"][:6] for m in mails if "Tenggarong" in m["Subject"]][-1] == "[AWAS]"
    assert Message.objects.filter(alert=alert).exclude(status="sent").count() == 0

    # 3. A land dispute elsewhere: alerts for those who follow everything, none for `agama`.
    post(LAND)
    land = Alert.objects.filter(area_id="64.02.03")
    assert land.exists() and all("agama" not in a.sources for a in land)
    assert service.to("/agama") == []
