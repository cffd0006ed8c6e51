"""Every page as a user reads it: no raw model field names ("lead_organisation_id",
"level:siaga") and no untranslated English in the Indonesian interface.

The pages are those of the access matrix (tests/access_matrix.py) that answer 200 to a GET,
each opened by the first persona allowed, over records with a history (an event changed and
verified, a case changed with an action, a meeting with its agenda). Only the visible text is
checked: text nodes outside <script>, <style> and <code>, and the labels of buttons.
"""

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from tests.access_matrix import PERSONAS, RULES
from tests.conftest import verified_client

PO = Path(__file__).resolve().parents[1] / "locale" / "id" / "LC_MESSAGES" / "django.po"
HIDDEN = {"script", "style", "code", "pre", "textarea", "title"}
# English words that do not occur in Indonesian text: two of them in one line is English.
ENGLISH = re.compile(
    r"\b(the|and|of|with|your|has|been|is|are|was|this|that|there|no|not|for|from|to|by|"
    r"which|when|where|who|will|would|should|please|yet|none|found|number)\b"
)
# Words of both languages, and names, that look like English to the check above.
ALLOWED_ENGLISH = {"no"}
KEY_VALUE = re.compile(r"\b[a-z]+(?:_[a-z]+)*:[a-z0-9]")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.lines: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.lines.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.lines.append(" ".join(data.split()))


def visible_lines(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.lines


def vocabulary_codes() -> set[str]:
    """Codes of the vocabulary that no sentence would contain ("sumber_daya_alam")."""
    from waspada.cases import vocab as cases_vocab
    from waspada.community import vocab as community_vocab
    from waspada.events import vocab as events_vocab

    codes = set()
    for module in (events_vocab, cases_vocab, community_vocab):
        for value in vars(module).values():
            if isinstance(value, type) and hasattr(value, "choices"):
                codes |= {str(v) for v, _label in value.choices if "_" in str(v)}
    return codes


def choice_codes() -> set[str]:
    """Stored values of our models' choices that differ from their label ("baru": "Baru")."""
    codes = set()
    for model in apps.get_models():
        if not model.__module__.startswith("waspada."):
            continue
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or []:
                if isinstance(value, str) and value and value != str(label):
                    codes.add(value)
    return codes


ARROW = re.compile(r"(\S+) → (\S+)")


def field_names() -> set[str]:
    """Names of our models' fields that no sentence would contain ("event_date")."""
    names = set()
    for model in apps.get_models():
        if not model.__module__.startswith("waspada."):
            continue
        for f in model._meta.get_fields():
            for name in (f.name, getattr(f, "attname", "")):
                if name and "_" in name:
                    names.add(name)
    return names


def _seed(personas):
    """Records with a history, so that history and minutes are on the pages."""
    from waspada.areas.models import Area
    from waspada.cases import agenda
    from waspada.cases.models import Case
    from waspada.cases.services import add_action, open_case, prepare_meeting, update_case
    from waspada.events import services

    analyst = personas["analyst"]
    event = services.create_event(
        user=analyst,
        event_date=date(2026, 11, 1),
        area=Area.objects.get(code="64.02.06"),
        form="bentrok",
        summary="Bentrok warga di pasar",
        sources=["ekonomi"],
    )
    services.update_event(
        event,
        user=analyst,
        area=Area.objects.get(code="64.02.06.2012"),
        sources=["ekonomi", "sumber_daya_alam"],
        fatalities=1,
    )
    from waspada.intake.drafts import Draft, Raw, validate
    from waspada.intake.services import classify, store

    text = "Bentrok warga di pasar Tenggarong"
    report = store(
        validate(Draft(channel="web", raw=Raw(body=text.encode()), text=text, anonymous=True))
    ).report
    classify(report, "terbatas", actor=analyst)
    services.attach_reports(event, [report], user=analyst)
    services.verify(event, user=analyst)
    case = open_case(
        user=analyst,
        title="Sengketa lahan",
        area=Area.objects.get(code="64.02.06"),
        events=[event],
        sources=["sumber_daya_alam", "batas_wilayah"],
    )
    update_case(case, user=analyst, lead_organisation=analyst.organisation, phase="penghentian")
    add_action(
        case,
        user=analyst,
        type="mediasi",
        date=date(2026, 11, 2),
        description="Mediasi",
        follow_up_due=date(2026, 11, 3),
    )
    from waspada.alerts.models import Alert

    Alert.objects.create(
        level="siaga",
        title="Bentrok di pasar",
        reason="Uji",
        area=Area.objects.get(code="64.02.06"),
        sources=["sosial_budaya"],
    )
    when = date(2026, 11, 20)
    prepare_meeting(
        user=analyst,
        date=when,
        cases=agenda.case_records(Case.objects.all(), when),
        alerts=agenda.alert_records(analyst, None),
        classification="biasa",
    )
    return {"event": event, "case": case, "report": report}


def _pages(personas):
    for name, rule in sorted(RULES.items()):
        if rule.method != "get" or name.startswith("api:") or name.endswith(("json", "_data")):
            continue
        readers = [p for p in PERSONAS if rule.expect.get(p) == 200]
        if not readers:
            continue
        kwargs = rule.make(personas) if rule.make else rule.kwargs
        url = reverse(name, kwargs=kwargs) + (f"?{rule.query}" if rule.query else "")
        # The first reader, and the field reporter, partner and leader where they may read it
        # (their pages differ: the home's buttons, the leadership summary).
        for persona in dict.fromkeys([readers[0], "reporter", "partner", "leader"]):
            if persona in readers:
                yield name, url, persona


@pytest.mark.django_db
def test_no_page_shows_raw_field_names_or_untranslated_english(personas):
    from django.test import Client

    seeded = _seed(personas)
    extra = [
        ("events:detail", reverse("events:detail", args=[seeded["event"].pk]), "analyst"),
        ("cases:detail", reverse("cases:detail", args=[seeded["case"].pk]), "analyst"),
        ("intake:detail", reverse("intake:detail", args=[seeded["report"].pk]), "analyst"),
    ]
    from waspada.alerts.models import Alert
    from waspada.cases.models import Meeting

    meeting = Meeting.objects.latest("pk")
    assert any("level:siaga" in n for item in meeting.agenda for n in item["notes"])
    extra.append(("cases:meeting", reverse("cases:meeting", args=[meeting.pk]), "analyst"))
    alert = Alert.objects.latest("pk")
    extra.append(("alerts:detail", reverse("alerts:detail", args=[alert.pk]), "analyst"))
    extra.append(
        ("cases:meeting_minutes", reverse("cases:meeting_minutes", args=[meeting.pk]), "analyst")
    )
    names = field_names() | vocabulary_codes()
    codes = choice_codes()
    problems = []
    checked = 0
    for name, url, persona in [*_pages(personas), *extra]:
        client = Client() if persona == "anon" else verified_client(personas[persona])
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        for line in visible_lines(response.content.decode()):
            words = set(re.findall(r"[a-z_]+", line))
            raw = sorted(w for w in words & names)
            arrows = [pair for pair in ARROW.findall(line) if set(pair) <= codes]
            if raw or arrows or KEY_VALUE.search(line):
                problems.append(f"{name} ({url}): raw key in {line[:120]!r}")
            english = set(ENGLISH.findall(line.lower())) - ALLOWED_ENGLISH
            if len(english) >= 2:
                problems.append(f"{name} ({url}): English in {line[:120]!r}")
    assert checked > 40
    assert problems == [], "\n".join(problems)


def test_the_check_finds_what_it_looks_for():
    lines = visible_lines(
        "<p>lead_organisation_id: — → 1</p><script>var event_date;</script>"
        "<p>level:siaga · raised:2026</p><button>Send the report</button><p>Kirim laporan</p>"
    )
    assert lines[0].startswith("lead_organisation_id") and "var event_date;" not in lines
    assert KEY_VALUE.search(lines[1])
    assert len(set(ENGLISH.findall(lines[2].lower()))) < 2  # "the" only
    assert len(set(ENGLISH.findall("the status of your report"))) >= 2
    assert not ENGLISH.findall(lines[3].lower())
    assert INDONESIAN.findall("laporan yang belum ditinjau") == ["yang", "belum"]


INDONESIAN = re.compile(r"\b(yang|tidak|untuk|dengan|belum|sudah|dapat|tanpa|anda|oleh)\b")


@pytest.mark.django_db
def test_the_english_interface_has_no_indonesian_lines(personas):
    """English parity: the same pages in English show no Indonesian sentence (records' own
    text aside: the seeded records hold none of these words)."""
    _seed(personas)
    problems, checked = [], 0
    for name, url, persona in _pages(personas):
        from django.test import Client

        client = Client() if persona == "anon" else verified_client(personas[persona])
        client.cookies["django_language"] = "en"
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        checked += 1
        assert 'lang="en"' in response.content.decode(), url
        for line in visible_lines(response.content.decode()):
            if len(set(INDONESIAN.findall(line.lower()))) >= 1 and len(line.split()) > 3:
                problems.append(f"{name} ({url}): {line[:120]!r}")
    assert checked > 40
    assert problems == [], "\n".join(sorted(set(problems)))
