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


def everyone_signed_in(ok=200, **overrides) -> dict:
    return {"anon": LOGIN, **{p: ok for p in SIGNED_IN}, **overrides}


def only(*personas, ok=200, denied=403) -> dict:
    return {"anon": LOGIN, **{p: (ok if p in personas else denied) for p in SIGNED_IN}}


TENGGARONG = "64.02.06"
LOA_KULU = "64.02.02"
DESA_IN_TENGGARONG = "64.02.06.1001"

RULES: dict[str, Rule] = {
    "dashboard:home": Rule(everyone_signed_in()),
    "areas:regency": Rule(everyone_signed_in()),
    "areas:geojson": Rule(everyone_signed_in(), query="level=kecamatan"),
    "areas:detail": Rule(everyone_signed_in(outsider_analyst=403), kwargs={"code": TENGGARONG}),
    "accounts:audit_log": Rule(only("admin")),
    "ops:status": Rule(only("admin")),
    # Open to everyone by nature: the sign-in page answers 200, signed-in users are sent on.
    "accounts:login": Rule({"anon": 200, **{p: 302 for p in SIGNED_IN}}),
    "accounts:logout": Rule({p: 302 for p in PERSONAS}, method="post"),
    # Verified users are sent on from the 2FA pages.
    "accounts:otp_verify": Rule(everyone_signed_in(ok=302)),
    "accounts:otp_setup": Rule(everyone_signed_in(ok=302, reporter=200, partner=200, leader=200)),
    "healthz": Rule({p: 200 for p in PERSONAS}),
    # Intake (tests/intake covers each view with real reports; no report 999999 exists here).
    "intake:mine": Rule(everyone_signed_in()),
    "intake:new": Rule(everyone_signed_in()),
    "intake:triage": Rule(only("admin", "analyst", "outsider_analyst")),
    "intake:detail": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
    "intake:act": Rule(only("admin", "analyst", "outsider_analyst", ok=404),
                       kwargs={"pk": 999999}, method="post"),
    "intake:identity": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
    "intake:raw": Rule(only("admin", "analyst", "outsider_analyst", ok=404),
                       kwargs={"pk": 999999}),
    "intake:attachment": Rule(everyone_signed_in(ok=404), kwargs={"pk": 999999}),
    # Public by design: anyone may report and follow a report by its tracking code.
    "intake:public": Rule({p: 200 for p in PERSONAS}),
    "intake:track": Rule({p: 200 for p in PERSONAS}),
    "intake:track_code": Rule({p: 404 for p in PERSONAS}, kwargs={"code": "ABCD-2345"}),
    # Webhooks authenticate the service, not a session; without credentials (as here) the
    # channel is disabled and answers 404 (tests/intake enables each one).
    "intake:webhook_twilio": Rule({p: 404 for p in PERSONAS}, method="post"),
    "intake:webhook_sms": Rule({p: 404 for p in PERSONAS}, method="post"),
    "intake:webhook_telegram": Rule({p: 404 for p in PERSONAS}, method="post"),
    "intake:webhook_whatsapp": Rule({p: 404 for p in PERSONAS}),
    "intake:webhook_odk": Rule({p: 404 for p in PERSONAS}, method="post"),
    # API: token authentication only, so a browser session gets 401 (tests/api).
    "api:schema": Rule({p: 200 for p in PERSONAS}),
    "api:reports": Rule({p: 401 for p in PERSONAS}),
    "api:report": Rule({p: 401 for p in PERSONAS}, kwargs={"tracking_code": "ABCD-2345"}),
}

# Extra cases for scope: a second URL of the same pattern with other arguments.
SCOPE_CASES = [
    ("areas:detail", {"code": LOA_KULU}, {"reporter": 403, "outsider_analyst": 200,
                                         "analyst": 200, "partner": 200}),
    ("areas:detail", {"code": DESA_IN_TENGGARONG}, {"reporter": 200, "outsider_analyst": 403}),
]

# Patterns checked elsewhere, with the reason.
EXEMPT = {
    "set_language": "Django's language switch: public by design, changes only a cookie",
    "admin:": "Django admin (OTPAdminSite): tested in tests/accounts/test_admin_site.py",
}
