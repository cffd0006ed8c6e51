"""Who may open which URL: the expectations the authorization test walks.

Every named URL pattern of the project must appear here (or in EXEMPT with a reason);
``tests/test_authorization.py`` fails when a new URL is missing. For each URL: how to build
it, and the status each persona gets. ``LOGIN`` means a redirect to the sign-in page.

Personas are those of tests/conftest.py plus "anon" (not signed in).
"""

from dataclasses import dataclass, field

LOGIN = "login"
PERSONAS = ("anon", "admin", "analyst", "reporter", "partner", "leader", "outsider_analyst")
SIGNED_IN = PERSONAS[1:]


@dataclass
class Rule:
    expect: dict[str, object]  # persona -> status code or LOGIN
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    method: str = "get"
    # Builds the objects the URL needs: make(personas) -> kwargs (overrides ``kwargs``).
    make: object = None


def everyone_signed_in(ok=200, **overrides) -> dict:
    return {"anon": LOGIN, **dict.fromkeys(SIGNED_IN, ok), **overrides}


def only(*personas, ok=200, denied=403) -> dict:
    return {"anon": LOGIN, **{p: (ok if p in personas else denied) for p in SIGNED_IN}}


TENGGARONG = "64.02.06"
LOA_KULU = "64.02.02"
DESA_IN_TENGGARONG = "64.02.06.1001"

RULES: dict[str, Rule] = {
    # Leadership is sent on to its summary (waspada.dashboard.leadership).
    "dashboard:home": Rule(everyone_signed_in(leader=302)),
    "dashboard:leadership": Rule(only("admin", "analyst", "leader", "outsider_analyst")),
    "areas:regency": Rule(everyone_signed_in()),
    "areas:geojson": Rule(everyone_signed_in(), query="level=kecamatan"),
    "areas:detail": Rule(everyone_signed_in(outsider_analyst=403), kwargs={"code": TENGGARONG}),
    "accounts:audit_log": Rule(only("admin")),
    "ops:status": Rule(only("admin")),
    # Open to everyone by nature: the sign-in page answers 200, signed-in users are sent on.
    "accounts:login": Rule({"anon": 200, **dict.fromkeys(SIGNED_IN, 302)}),
    "accounts:logout": Rule(dict.fromkeys(PERSONAS, 302), method="post"),
    # Verified users are sent on from the 2FA pages.
    "accounts:otp_verify": Rule(everyone_signed_in(ok=302)),
    "accounts:otp_setup": Rule(everyone_signed_in(ok=302, reporter=200, partner=200)),
    "healthz": Rule(dict.fromkeys(PERSONAS, 200)),
    # Intake (tests/intake covers each view with real reports; no report 999999 exists here).
    "intake:mine": Rule(everyone_signed_in()),
    "intake:new": Rule(everyone_signed_in()),
    "intake:xlsform": Rule(everyone_signed_in()),
    "intake:triage": Rule(only("admin", "analyst", "outsider_analyst")),
    "intake:detail": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
    "intake:act": Rule(
        only("admin", "analyst", "outsider_analyst", ok=404), kwargs={"pk": 999999}, method="post"
    ),
    "intake:identity": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
    "intake:raw": Rule(only("admin", "analyst", "outsider_analyst", ok=404), kwargs={"pk": 999999}),
    "intake:attachment": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
    # Public by design: anyone may report and follow a report by its tracking code.
    "intake:public": Rule(dict.fromkeys(PERSONAS, 200)),
    "intake:track": Rule(dict.fromkeys(PERSONAS, 200)),
    "intake:track_code": Rule(dict.fromkeys(PERSONAS, 404), kwargs={"code": "ABCD-2345"}),
    # Webhooks authenticate the service, not a session; without credentials (as here) the
    # channel is disabled and answers 404 (tests/intake enables each one).
    "intake:webhook_twilio": Rule(dict.fromkeys(PERSONAS, 404), method="post"),
    "intake:webhook_sms": Rule(dict.fromkeys(PERSONAS, 404), method="post"),
    "intake:webhook_telegram": Rule(dict.fromkeys(PERSONAS, 404), method="post"),
    "intake:webhook_whatsapp": Rule(dict.fromkeys(PERSONAS, 404)),
    "intake:webhook_odk": Rule(dict.fromkeys(PERSONAS, 404), method="post"),
    # API: token authentication only, so a browser session gets 401 (tests/api).
    "api:schema": Rule(dict.fromkeys(PERSONAS, 200)),
    "api:reports": Rule(dict.fromkeys(PERSONAS, 401)),
    "api:report": Rule(dict.fromkeys(PERSONAS, 401), kwargs={"tracking_code": "ABCD-2345"}),
    # Media monitoring (tests/media covers each view with real articles; none has pk 999999).
    "media:articles": Rule(everyone_signed_in()),
    "media:article": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
    "media:article_triage": Rule(
        only("admin", "analyst", "outsider_analyst", ok=404), kwargs={"pk": 999999}, method="post"
    ),
    "media:article_raw": Rule(
        only("admin", "analyst", "outsider_analyst", ok=404), kwargs={"pk": 999999}
    ),
    "media:sources": Rule(only("admin", "analyst", "outsider_analyst")),
    "media:source_new": Rule(only("admin", "analyst", "outsider_analyst")),
    "media:source_edit": Rule(
        only("admin", "analyst", "outsider_analyst", ok=404), kwargs={"pk": 999999}
    ),
    "media:source_poll": Rule(
        only("admin", "analyst", "outsider_analyst", ok=404), kwargs={"pk": 999999}, method="post"
    ),
}


def _event(personas, classification="biasa", kecamatan=TENGGARONG):
    from datetime import date

    from waspada.areas.models import Area
    from waspada.events.services import create_event

    event = create_event(
        user=personas["analyst"],
        event_date=date(2026, 11, 1),
        area=Area.objects.get(code=kecamatan),
        form="bentrok",
        summary="Bentrok warga",
        classification=classification,
    )
    return {"pk": event.pk}


def _import_batch(personas):
    from waspada.events.exchange.importer import stage

    batch, _ = stage(
        b"event_date,area_code,summary\n2026-11-01,64.02.06,Uji\n", "t.csv", personas["analyst"]
    )
    return {"pk": batch.pk}


def _export_job(personas):
    from waspada.events.tasks import build_export

    return {"job": str(build_export.enqueue(personas["analyst"].pk, "csv", "").id)}


EDITORS = ("admin", "analyst")
RULES.update(
    {
        # Events: a biasa event in Tenggarong; out-of-scope and hidden events answer 404.
        "events:list": Rule(everyone_signed_in()),
        "events:map_data": Rule(everyone_signed_in()),
        "events:detail": Rule(everyone_signed_in(outsider_analyst=404), make=_event),
        "events:create": Rule(only(*EDITORS, "outsider_analyst")),
        "events:edit": Rule(
            only(*EDITORS, "outsider_analyst") | {"outsider_analyst": 404}, make=_event
        ),
        "events:verify": Rule(
            only(*EDITORS, "outsider_analyst", ok=302) | {"outsider_analyst": 404},
            make=_event,
            method="post",
        ),
        "events:reject": Rule(
            only(*EDITORS, "outsider_analyst", ok=302) | {"outsider_analyst": 404},
            make=_event,
            method="post",
        ),
        "events:merge": Rule(
            only(*EDITORS, "outsider_analyst", ok=302) | {"outsider_analyst": 404},
            make=_event,
            method="post",
        ),
        "events:split": Rule(
            only(*EDITORS, "outsider_analyst", ok=302) | {"outsider_analyst": 404},
            make=_event,
            method="post",
        ),
        "events:attach": Rule(
            only(*EDITORS, "outsider_analyst", ok=404), make=_event, method="post"
        ),
        "events:export": Rule(only(*EDITORS, "outsider_analyst", "leader"), kwargs={"fmt": "csv"}),
        # An export job is its owner's alone (the analyst's here); others get 404.
        "events:export_job": Rule(
            only(*EDITORS, "outsider_analyst", "leader", ok=404) | {"analyst": 200},
            make=_export_job,
        ),
        "events:export_download": Rule(
            only(*EDITORS, "outsider_analyst", "leader", ok=404), make=_export_job
        ),
        "events:import": Rule(only(*EDITORS, "outsider_analyst")),
        "events:import_preview": Rule(only(*EDITORS, "outsider_analyst"), make=_import_batch),
        "events:import_progress": Rule(only(*EDITORS, "outsider_analyst"), make=_import_batch),
        "api:events": Rule(dict.fromkeys(PERSONAS, 401)),
        "api:event": Rule(dict.fromkeys(PERSONAS, 401), make=_event),
        "events:import_commit": Rule(
            only(*EDITORS, "outsider_analyst", ok=302), make=_import_batch, method="post"
        ),
    }
)


def _alert(personas, classification="biasa", kecamatan=TENGGARONG):
    from waspada.alerts.models import Alert

    alert = Alert(
        level="siaga",
        title="Bentrok",
        reason="Uji",
        classification=classification,
        area_id=kecamatan,
        organisation=personas["analyst"].organisation,
    )
    alert.save()
    return {"pk": alert.pk}


def _rule(personas):
    from waspada.alerts.models import Rule as AlertRule

    return {"pk": AlertRule.objects.create(name="Uji", kind="urgent_event").pk}


ALERT_MANAGERS = ("admin", "analyst", "outsider_analyst")
RULES.update(
    {
        # Alerts: a biasa alert in Tenggarong; out-of-scope alerts answer 404 (tests/alerts).
        "alerts:list": Rule(everyone_signed_in()),
        "alerts:search": Rule(everyone_signed_in(), query="q=bentrok"),
        "alerts:detail": Rule(everyone_signed_in(outsider_analyst=404), make=_alert),
        "alerts:acknowledge": Rule(
            everyone_signed_in(ok=302, outsider_analyst=404), make=_alert, method="post"
        ),
        "alerts:status": Rule(
            only(*ALERT_MANAGERS, ok=302) | {"outsider_analyst": 404}, make=_alert, method="post"
        ),
        # The signed link needs no session: a bad token is 404 for everyone.
        "alerts:ack_link": Rule(dict.fromkeys(PERSONAS, 404), kwargs={"token": "bad-token"}),
        "alerts:subscriptions": Rule(everyone_signed_in()),
        "alerts:channel_new": Rule(everyone_signed_in(ok=302), method="post"),
        "alerts:subscription_new": Rule(everyone_signed_in(ok=302), method="post"),
        "alerts:delete": Rule(
            everyone_signed_in(ok=404), kwargs={"what": "kanal", "pk": 999999}, method="post"
        ),
        # Rules and everyone's subscriptions: analysts and admins (no Django admin needed).
        "alerts:rules": Rule(only(*ALERT_MANAGERS)),
        "alerts:rule_new": Rule(only(*ALERT_MANAGERS)),
        "alerts:rule_edit": Rule(only(*ALERT_MANAGERS), make=_rule),
        "alerts:managed_subscription_new": Rule(only(*ALERT_MANAGERS, ok=302), method="post"),
        "alerts:managed_subscription_delete": Rule(
            only(*ALERT_MANAGERS, ok=404), kwargs={"pk": 999999}, method="post"
        ),
        # The public bulletin and its feeds are public by law (UU 7/2012); drafts are not.
        "bulletins:public": Rule(dict.fromkeys(PERSONAS, 200)),
        "bulletins:public_detail": Rule(dict.fromkeys(PERSONAS, 404), kwargs={"pk": 999999}),
        "bulletins:atom": Rule(dict.fromkeys(PERSONAS, 200)),
        "bulletins:json": Rule(dict.fromkeys(PERSONAS, 200)),
        "bulletins:manage": Rule(only(*ALERT_MANAGERS, "leader")),
        "bulletins:new": Rule(only(*ALERT_MANAGERS, ok=302), method="post"),
        "bulletins:edit": Rule(only(*ALERT_MANAGERS, ok=404), kwargs={"pk": 999999}),
        "bulletins:review": Rule(only(*ALERT_MANAGERS, "leader", ok=404), kwargs={"pk": 999999}),
        "bulletins:approve": Rule(
            only("admin", "leader", ok=404), kwargs={"pk": 999999}, method="post"
        ),
        "bulletins:withdraw": Rule(
            only("admin", "leader", ok=404), kwargs={"pk": 999999}, method="post"
        ),
        "bulletins:sitrep": Rule(only(*ALERT_MANAGERS, "leader")),
        "bulletins:sitrep_pdf": Rule(only(*ALERT_MANAGERS, "leader")),
    }
)

# Extra cases for scope: a second URL of the same pattern with other arguments.
SCOPE_CASES = [
    (
        "areas:detail",
        {"code": LOA_KULU},
        {"reporter": 403, "outsider_analyst": 200, "analyst": 200, "partner": 200},
    ),
    ("areas:detail", {"code": DESA_IN_TENGGARONG}, {"reporter": 200, "outsider_analyst": 403}),
    # A terbatas event is hidden from the partner; a rahasia one from all but its owner's
    # analysts and leadership (the event is owned by the analyst's Kesbangpol).
    (
        "events:detail",
        lambda p: _event(p, "terbatas"),
        {"partner": 404, "reporter": 200, "leader": 200, "analyst": 200},
    ),
    (
        "events:detail",
        lambda p: _event(p, "rahasia"),
        {"partner": 404, "reporter": 404, "leader": 404, "admin": 404, "analyst": 200},
    ),
    (
        "events:detail",
        lambda p: _event(p, kecamatan=LOA_KULU),
        {"reporter": 404, "outsider_analyst": 200},
    ),
]

# Patterns checked elsewhere, with the reason.
EXEMPT = {
    "set_language": "Django's language switch: public by design, changes only a cookie",
    "admin:": "Django admin (OTPAdminSite): tested in tests/accounts/test_admin_site.py",
}


# Cases and Tim Terpadu meetings (tests/cases): a terbatas case in Tenggarong owned by
# Kesbangpol, hidden from the partner and from the analyst scoped to Loa Kulu.
def _case(personas, classification="terbatas", kecamatan=TENGGARONG):
    from waspada.areas.models import Area
    from waspada.cases.services import open_case

    case = open_case(
        user=personas["analyst"],
        title="Sengketa lahan plasma",
        area=Area.objects.get(code=kecamatan),
        classification=classification,
    )
    return {"pk": case.pk}


def _action(personas):
    from datetime import date

    from waspada.cases.models import Case
    from waspada.cases.services import add_action

    case = Case.objects.get(pk=_case(personas)["pk"])
    action = add_action(
        case,
        user=personas["analyst"],
        type="dialog",
        date=date(2026, 11, 2),
        description="Dialog",
        follow_up_due=date(2026, 11, 9),
    )
    return {"pk": action.pk}


def _meeting(personas):
    from datetime import date

    from waspada.cases.services import prepare_meeting

    meeting = prepare_meeting(
        user=personas["analyst"], date=date(2026, 11, 20), cases=[], classification="terbatas"
    )
    return {"pk": meeting.pk}


CASE_EDITORS = only(*EDITORS, "outsider_analyst", ok=302) | {"outsider_analyst": 404}
MEETING_READERS = only(*EDITORS, "leader", "outsider_analyst") | {"outsider_analyst": 404}
RULES.update(
    {
        "cases:list": Rule(everyone_signed_in()),
        "cases:create": Rule(only(*EDITORS, "outsider_analyst")),
        "cases:detail": Rule(everyone_signed_in(partner=404, outsider_analyst=404), make=_case),
        "cases:edit": Rule(
            only(*EDITORS, "outsider_analyst") | {"outsider_analyst": 404}, make=_case
        ),
        "cases:status": Rule(CASE_EDITORS, make=_case, method="post"),
        "cases:add_action": Rule(CASE_EDITORS, make=_case, method="post"),
        "cases:action_done": Rule(CASE_EDITORS, make=_action, method="post"),
        "cases:meetings": Rule(only(*EDITORS, "leader", "outsider_analyst")),
        "cases:meeting_new": Rule(only(*EDITORS, "outsider_analyst")),
        # A regency-wide meeting: analysts scoped to one kecamatan do not see it.
        "cases:meeting": Rule(MEETING_READERS, make=_meeting),
        "cases:meeting_minutes": Rule(MEETING_READERS, make=_meeting),
        "cases:meeting_pdf": Rule(MEETING_READERS, make=_meeting),
        "cases:meeting_attend": Rule(CASE_EDITORS, make=_meeting, method="post"),
        "cases:meeting_decide": Rule(CASE_EDITORS, make=_meeting, method="post"),
        "cases:meeting_notes": Rule(CASE_EDITORS, make=_meeting, method="post"),
    }
)
SCOPE_CASES += [
    (
        "cases:detail",
        lambda p: _case(p, "rahasia"),
        {"partner": 404, "reporter": 404, "leader": 404, "admin": 404, "analyst": 200},
    ),
    ("cases:detail", lambda p: _case(p, "biasa"), {"partner": 200, "reporter": 200}),
    (
        "cases:detail",
        lambda p: _case(p, kecamatan=LOA_KULU),
        {"reporter": 404, "outsider_analyst": 200},
    ),
]


# Community groups and engagement (tests/community): biasa records in Tenggarong.
def _group(personas, classification="biasa"):
    from waspada.areas.models import Area
    from waspada.community.models import CommunityGroup

    group = CommunityGroup.objects.create(
        name="Paguyuban Contoh",
        type="paguyuban_etnis",
        classification=classification,
        area=Area.objects.get(code=TENGGARONG),
        organisation=personas["analyst"].organisation,
        created_by=personas["analyst"],
    )
    return {"pk": group.pk}


def _engagement(personas, classification="biasa"):
    from datetime import date

    from waspada.areas.models import Area
    from waspada.community.services import record_engagement

    engagement = record_engagement(
        user=personas["analyst"],
        date=date(2026, 11, 3),
        area=Area.objects.get(code=TENGGARONG),
        classification=classification,
    )
    return {"pk": engagement.pk}


GROUP_EDITORS = only(*EDITORS, "outsider_analyst") | {"outsider_analyst": 404}
GAP_READERS = only(*EDITORS, "leader", "outsider_analyst")
RULES.update(
    {
        "community:groups": Rule(everyone_signed_in()),
        "community:group_new": Rule(only(*EDITORS, "outsider_analyst")),
        "community:group": Rule(everyone_signed_in(outsider_analyst=404), make=_group),
        "community:group_edit": Rule(GROUP_EDITORS, make=_group),
        "community:group_contacts": Rule(GROUP_EDITORS, make=_group),
        "community:leader_add": Rule(CASE_EDITORS, make=_group, method="post"),
        "community:relation_add": Rule(CASE_EDITORS, make=_group, method="post"),
        "community:engagements": Rule(everyone_signed_in()),
        "community:engagement_points": Rule(everyone_signed_in()),
        "community:engagement_new": Rule(everyone_signed_in(leader=403)),
        "community:engagement": Rule(everyone_signed_in(outsider_analyst=404), make=_engagement),
        "community:photo": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
        "community:gap": Rule(GAP_READERS),
        "community:gap_data": Rule(GAP_READERS),
    }
)
SCOPE_CASES += [
    (
        "community:group",
        lambda p: _group(p, "terbatas"),
        {"partner": 404, "reporter": 200, "leader": 200},
    ),
    (
        "community:engagement",
        lambda p: _engagement(p, "rahasia"),
        {"partner": 404, "reporter": 404, "leader": 404, "analyst": 200},
    ),
]

# Risk (tests/risk covers the views with real scores and records).
RISK_EDITORS = only(*EDITORS, "outsider_analyst")
RULES.update(
    {
        "risk:map": Rule(everyone_signed_in()),
        "risk:choropleth": Rule(everyone_signed_in(), query="level=desa&window=30"),
        "risk:panel": Rule(everyone_signed_in(outsider_analyst=403), kwargs={"code": TENGGARONG}),
        "risk:profiles": Rule(everyone_signed_in()),
        "risk:profile": Rule(everyone_signed_in(outsider_analyst=403), kwargs={"code": TENGGARONG}),
        "risk:profile_import": Rule(RISK_EDITORS),
        "risk:profile_template": Rule(everyone_signed_in()),
    }
)
SCOPE_CASES += [
    # The regency panel is for users of the whole regency; a desa follows its kecamatan.
    (
        "risk:panel",
        {"code": "64.02"},
        {"reporter": 403, "outsider_analyst": 403, "partner": 200, "leader": 200},
    ),
    ("risk:panel", {"code": DESA_IN_TENGGARONG}, {"reporter": 200, "outsider_analyst": 403}),
    ("risk:profile", {"code": LOA_KULU}, {"reporter": 403, "outsider_analyst": 200}),
]

# Pickers and undo (issue 19): the JSON suggestions follow the pages they serve; unlinking a
# report needs a report linked to the event (none here: 404 for editors).
RULES.update(
    {
        "areas:search": Rule(everyone_signed_in(), query="q=tenggarong"),
        "events:search": Rule(everyone_signed_in(), query="q=bentrok"),
        "intake:search": Rule(only("admin", "analyst", "outsider_analyst"), query="q=ABCD"),
        # No report 999999: the editors get 404, the others are refused first.
        "events:link": Rule(only(*EDITORS, "outsider_analyst", ok=404), method="post"),
        "events:detach": Rule(
            only(*EDITORS, "outsider_analyst", ok=404), make=_event, method="post"
        ),
    }
)

# The weekly situation report by e-mail: each reader of situation reports for themselves.
RULES["bulletins:sitrep_subscription"] = Rule(
    only("admin", "analyst", "outsider_analyst", "leader", ok=302), method="post"
)
