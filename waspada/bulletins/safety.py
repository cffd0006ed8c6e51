"""Is a bulletin text safe to publish? Everything it must not carry, checked before it is
submitted, again before it is published, and on every change to a text awaiting approval.

Besides contact data and links (``sanitise.py``) it refuses:

* **person names**: what the NER tagger of ``waspada/nlp`` reads as a person, a rank or title
  followed by a name ("Serda Budi", "Pak Ahmad"), and the names the system knows — reporters'
  identities and community group leaders' contacts. Those are encrypted; they are decrypted
  here, in the service layer, only to compare, never shown, and the read is audited (one
  audit row per check, naming how many records were read and why);
* **tracking codes** of reports (``ABCD-2345``);
* **desa and kelurahan names** below the publication level chosen for the bulletin;
* **words of classified records**: a run of ``SHINGLE`` words that a ``terbatas`` or
  ``rahasia`` event, report, alert or case of the last year holds and no open (``biasa``)
  record does.

A problem names what was found (the word in the author's own text), never which record it
matched, so the check tells nobody whether a name is a reporter's.
"""

import re
from datetime import timedelta
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts import audit
from waspada.accounts.models import AuditLog, Classification
from waspada.areas.models import Area

from . import sanitise

SHINGLE = 5  # words in a row that make a quotation
LOOKBACK_DAYS = 365
TRACKING_CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")
TITLES = (
    # ranks of the TNI and Polri, and forms of address, that precede a name
    "serda|sertu|serka|serma|pelda|peltu|kopda|koptu|kopka|praka|pratu|prada|letda|lettu|"
    "kapten|mayor|letkol|kolonel|bripda|briptu|brigpol|bripka|aipda|aiptu|ipda|iptu|akp|"
    "kompol|akbp|kombes|pak|bu|bapak|ibu|sdr|saudara|saudari|h\\.|hj\\."
)
TITLED_NAME = re.compile(rf"\b(?:{TITLES})\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text or "")]


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    ws = words(text)
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


@lru_cache(maxsize=1)
def _tagger():
    from waspada.nlp.ner import NerTagger

    return NerTagger.load()


def ner_persons(text: str) -> list[str]:
    """Persons the NER tagger reads, line by line (a title is a sentence of its own: run
    together with the next line, its capitals read as a name)."""
    found = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line[-1] not in ".!?":
            line += "."
        found += [e["text"] for e in _tagger().entities(line) if e["type"] == "PERSON"]
    return found


def _contains(text: str, phrase: str) -> bool:
    phrase = " ".join(phrase.split())
    if len(phrase) < 3:
        return False
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def known_names(*, actor, request=None, since=None) -> list[str]:
    """Reporters' names (reports of the last year) and group leaders' names, decrypted for
    comparison only; the read is audited."""
    from waspada.community.models import Leader
    from waspada.intake.models import Report

    since = since or timezone.now() - timedelta(days=LOOKBACK_DAYS)
    reports = Report.objects.filter(received_at__gte=since).exclude(reporter_identity=None)
    names: list[str] = []
    n_reports = n_leaders = 0
    for identity in reports.values_list("reporter_identity", flat=True).iterator():
        n_reports += 1
        if isinstance(identity, dict) and identity.get("name"):
            names.append(str(identity["name"]))
    for person in Leader.objects.values_list("person", flat=True).iterator():
        n_leaders += 1
        if isinstance(person, dict) and person.get("name"):
            names.append(str(person["name"]))
    audit.record(
        AuditLog.Action.READ_SENSITIVE,
        request=request,
        actor=actor,
        field="reporter_identity,leader.person",
        purpose="bulletin safety check: names compared, not shown",
        reports=n_reports,
        leaders=n_leaders,
    )
    return names


def _name_parts(name: str) -> list[str]:
    """The full name, and each pair of neighbouring words of it ("Budi Santoso" of "Serda
    Budi Santoso bin Ahmad")."""
    ws = [w for w in name.split() if len(w) > 1]
    return [" ".join(ws)] + [" ".join(ws[i : i + 2]) for i in range(len(ws) - 1)]


def person_problems(text: str, names: list[str]) -> list[str]:
    found = list(ner_persons(text))
    found += [m.group(0) for m in TITLED_NAME.finditer(text) if m.group(1)[:1].isupper()]
    for name in names:
        for part in _name_parts(name):
            if _contains(text, part):
                found.append(part)
                break
    return [
        _("It names a person (“%(name)s”): a public bulletin names no one.") % {"name": n}
        for n in dict.fromkeys(f.strip() for f in found)
    ]


@lru_cache(maxsize=4)
def _village_names(regency: str) -> dict[str, str]:
    """Lower-case name → code of every desa and kelurahan of the regency whose name is not
    also a kecamatan's (those are allowed at kecamatan level)."""
    areas = Area.objects.filter(code__startswith=regency + ".").defer("geometry")
    kecamatan = {a.name.lower() for a in areas if a.level == "kecamatan"}
    return {
        a.name.lower(): a.code
        for a in areas
        if a.level == "desa" and a.name.lower() not in kecamatan and len(a.name) >= 4
    }


def village_problems(text: str, level: str) -> list[str]:
    if level == "desa":
        return []
    from django.conf import settings

    found = []
    low = " ".join((text or "").split()).lower()
    for name in _village_names(settings.WASPADA_REGENCY):
        if _contains(low, name):
            found.append(name)
    found += [
        m.group(0)
        for m in re.finditer(r"\b(?:desa|kelurahan|kel\.|ds\.)\s+[A-Z]\w+(?:\s+[A-Z]\w+)?", text)
    ]
    return [
        _(
            "It names a desa or kelurahan (“%(name)s”): this bulletin is published at "
            "%(level)s level."
        )
        % {"name": name.title(), "level": level}
        for name in dict.fromkeys(found)
    ]


def _texts(model, fields, classified: bool, since):
    q = model.objects.all()
    if classified:
        q = q.exclude(classification=Classification.BIASA)
    else:
        q = q.filter(classification=Classification.BIASA)
    date_field = {
        "Event": "event_date",
        "Report": "received_at",
        "Alert": "raised_at",
        "Case": "opened_at",
    }[model.__name__]
    since_value = since.date() if date_field == "event_date" else since
    q = q.filter(**{f"{date_field}__gte": since_value})
    for row in q.values_list(*fields).iterator():
        yield " ".join(str(v) for v in row if v)


def classified_problems(text: str, since=None) -> list[str]:
    """Runs of words shared with classified records and with no open record."""
    from waspada.alerts.models import Alert
    from waspada.cases.models import Case
    from waspada.events.models import Event
    from waspada.intake.models import Report

    mine = shingles(text)
    if not mine:
        return []
    since = since or timezone.now() - timedelta(days=LOOKBACK_DAYS)
    sources = [
        (Event, ("summary",)),
        (Report, ("title", "text")),
        (Alert, ("title", "reason", "what")),
        (Case, ("title", "summary")),
    ]
    shared: set[tuple[str, ...]] = set()
    for model, fields in sources:
        for record in _texts(model, fields, True, since):
            shared |= mine & shingles(record)
    if not shared:
        return []
    for model, fields in sources:
        for record in _texts(model, fields, False, since):
            shared -= shingles(record)
            if not shared:
                return []
    return [
        _("It repeats words of a classified record (“%(words)s”).") % {"words": " ".join(s)}
        for s in sorted(shared)[:3]
    ]


def text_problems(text: str, *, level: str, names: list[str]) -> list[str]:
    found = sanitise.problems(text)
    found += [
        _("It contains a report's tracking code (“%(code)s”).") % {"code": m.group(0)}
        for m in TRACKING_CODE.finditer(text or "")
    ]
    found += person_problems(text or "", names)
    found += village_problems(text or "", level)
    return found


def check(parts: dict[str, str], *, level: str, actor, request=None) -> list[str]:
    """Problems of a bulletin's texts (``parts``: label → text), each once."""
    names = known_names(actor=actor, request=request)
    found: list[str] = []
    for label, text in parts.items():
        found += [
            f"{label}: {p}" if label else p for p in text_problems(text, level=level, names=names)
        ]
    found += classified_problems("\n".join(parts.values()))
    return list(dict.fromkeys(found))
