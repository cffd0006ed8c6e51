"""Rules and subscriptions in the app (``/peringatan/aturan/``): analysts and admins create
and change rules with a 90-day preview, and subscribe users and organisations."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from waspada.alerts import preview
from waspada.alerts.models import Channel, Rule, RuleVersion, Subscription

from .conftest import make_event, make_rule

FORM = {
    "name": "Korban jiwa",
    "kind": "urgent_event",
    "is_active": "on",
    "level": "siaga",
    "min_severity": "5",
    "min_fatalities": "1",
    "awas_fatalities": "3",
    "awas_desa": "0",
    "count": "3",
    "window_hours": "72",
    "ack_minutes": "30",
    "throttle_minutes": "360",
}


def test_the_preview_lists_what_the_rule_would_have_fired_on_and_saves_nothing(
    personas, client_for
):
    analyst = personas["analyst"]
    deadly = make_event(analyst, area="64.02.06.1001", form="bentrok", fatalities=2)
    make_event(analyst, form="unjuk_rasa")  # severity 2: not this rule's
    old = make_event(analyst, form="bentrok", fatalities=1)
    old.event_date = timezone.localdate() - timedelta(days=120)
    old.save()
    response = client_for(analyst).post(reverse("alerts:rule_new"), FORM | {"action": "preview"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="rule-preview"' in html
    assert "1 kali" in html and f"/peristiwa/{deadly.pk}/" in html
    assert f"/peristiwa/{old.pk}/" not in html
    assert not Rule.objects.exists()


def test_an_analyst_saves_a_rule_and_every_version_is_kept(personas, client_for):
    client = client_for(personas["analyst"])
    response = client.post(reverse("alerts:rule_new"), FORM | {"areas": ["64.02.06"]})
    rule = Rule.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/aturan/{rule.pk}/")
    assert (rule.min_severity, rule.awas_fatalities, rule.updated_by) == (
        5,
        3,
        personas["analyst"],
    )
    assert RuleVersion.objects.get(rule=rule).data["areas"] == ["64.02.06"]
    client.post(reverse("alerts:rule_edit", args=[rule.pk]), FORM | {"level": "awas"})
    assert Rule.objects.get().version == 2
    page = client.get(reverse("alerts:rules")).content.decode()
    assert "Korban jiwa" in page


def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(personas, client_for):
    response = client_for(personas["admin"]).post(
        reverse("alerts:rule_new"), FORM | {"min_severity": "9", "level": "gawat"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html
    assert "0 sampai 5" in html
    assert not Rule.objects.exists()


def test_a_rule_preview_of_a_saved_rule(personas, client_for):
    rule = make_rule("urgent_event", "siaga", min_fatalities=1)
    make_event(personas["analyst"], form="sengketa", fatalities=1)
    html = client_for(personas["analyst"]).get(
        reverse("alerts:rule_edit", args=[rule.pk]) + "?preview=1"
    )
    assert 'class="firing"' in html.content.decode()


def test_the_preview_shows_cumulative_levels_and_counts_alerts(personas):
    rule = make_rule("urgent_event", "siaga", min_fatalities=1, awas_fatalities=3)
    for dead in (1, 2):
        make_event(personas["analyst"], form="bentrok", fatalities=dead)
    result = preview.preview(rule, personas["analyst"])
    assert [f.level for f in result.firings] == ["siaga", "awas"] and result.alerts == 1
    # What the person may not see does not count.
    make_event(personas["analyst"], form="bentrok", fatalities=1, classification="rahasia")
    assert preview.preview(rule, personas["analyst"]).count == 3
    assert preview.preview(rule, personas["partner"]).count == 2


def test_an_analyst_subscribes_an_organisation_with_a_webhook(personas, orgs, client_for, settings):
    settings.WASPADA_HTTP_ALLOW_PRIVATE = True
    response = client_for(personas["analyst"]).post(
        reverse("alerts:managed_subscription_new"),
        {
            "organisation": orgs["polres"].pk,
            "kind": "webhook",
            "address": "https://polres.example/hook",
            "secret": "s3cret",
            "sources": ["agama"],
            "min_level": "siaga",
            "tier": "1",
            "language": "en",
            "areas": ["64.02.06"],
        },
    )
    assert response.status_code == 302
    sub = Subscription.objects.get()
    assert (sub.organisation, sub.sources, sub.language, sub.level_rank) == (
        orgs["polres"],
        ["agama"],
        "en",
        2,
    )
    channel = Channel.objects.get()
    assert sub.channels.get() == channel and channel.organisation == orgs["polres"]
    # Neither a user nor an organisation: refused, nothing stored.
    client_for(personas["analyst"]).post(
        reverse("alerts:managed_subscription_new"),
        {"kind": "email", "address": "x@kukar.test", "min_level": "siaga", "tier": "1"},
    )
    assert Subscription.objects.count() == 1


def test_leaders_and_reporters_cannot_edit_rules(personas, client_for):
    for who in ("leader", "reporter", "partner"):
        assert client_for(personas[who]).get(reverse("alerts:rules")).status_code == 403
