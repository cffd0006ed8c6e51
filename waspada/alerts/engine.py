"""The rules: given what changed (a risk level, an event), which alerts to raise.

Each function takes the change as plain input and calls ``services.raise_alert``; the tasks
that run them (``tasks.py``) are handed the changes by ``waspada/pipeline.py``.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts.models import Classification
from waspada.areas.models import Area

from . import services
from .levels import rank
from .models import Alert, Rule

URGENT_FORMS = ("kerusuhan", "bentrok", "kekerasan")
EXCLUDED = ("ditolak", "duplikat")  # event verification states that never count
VERIFIED = "terverifikasi"  # event rules act on events an analyst has verified
RECENT_DAYS = 14  # older events (imports of UCDP/ACLED history) raise nothing


def _rules(kind: str, area_code: str | None):
    """Active rules of ``kind`` whose areas (none: all) cover ``area_code``."""
    for rule in Rule.objects.filter(kind=kind, is_active=True).prefetch_related("areas"):
        codes = {a.code for a in rule.areas.all()}
        if not codes or (
            area_code and any(area_code == c or area_code.startswith(c + ".") for c in codes)
        ):
            yield rule


def _kecamatan(area: Area | None) -> Area | None:
    if area is None or area.level in ("kecamatan", "kabupaten", "provinsi"):
        return area
    return Area.objects.filter(code=area.kecamatan_code).first() or area


def _event_evidence(event) -> dict:
    return {
        "type": "event",
        "id": event.pk,
        "url": f"/peristiwa/{event.pk}/",
        "label": f"{event.event_date:%d-%m-%Y} {event.get_form_display() or ''}".strip(),
    }


def _recent_events(kecamatan_code: str, hours: int, forms=(), sources=()):
    from waspada.events.models import Event

    since = (timezone.now() - timedelta(hours=hours)).date()
    events = Event.objects.filter(
        kecamatan_code=kecamatan_code, event_date__gte=since, verification=VERIFIED
    )
    if forms:
        events = events.filter(form__in=forms)
    if sources:
        events = events.filter(source_tags__source__in=sources).distinct()
    return events


def risk_level_changed(*, area, source, old, new, score, change=None) -> list[Alert]:
    """A risk level moved: rules of kind ``risk_level`` fire when it rose to their level or
    above. The alert is as confidential as the strictest recent event behind the area's
    score (a score moved by a ``rahasia`` event must not tell a partner about it)."""
    if rank(new) <= rank(old):
        return []
    raised = []
    for rule in _rules(Rule.Kind.RISK_LEVEL, area.code):
        if rank(new) < rank(rule.level):
            continue
        if area.level in ("desa", "kelurahan") and area.code not in rule.area_codes():
            continue  # desa levels move with their kecamatan's: only a rule naming the desa
        if rule.sources and source not in rule.sources:
            continue
        classification, org_id = _risk_classification(area)
        what = source or _("overall")
        evidence = [
            {
                "type": "risk",
                "id": change.pk if change is not None else None,
                "url": f"/wilayah/{area.code}/",
                "label": f"{what}: {score:.0f}/100",
            }
        ]
        raised.append(
            services.raise_alert(
                rule=rule,
                area=area,
                level=new,
                sources=[source] if source else [],
                title=_("Risk level %(new)s (%(source)s)") % {"new": new.upper(), "source": what},
                reason=_(
                    "The risk score of %(area)s for %(source)s rose from %(old)s to %(new)s "
                    "(score %(score).0f of 100)."
                )
                % {"area": area.name, "source": what, "old": old, "new": new, "score": score},
                evidence=evidence,
                classification=classification,
                organisation_id=org_id,
            )
        )
    return raised


def _risk_classification(area) -> tuple[str, int | None]:
    from waspada.events.models import Event

    kec = area.kecamatan_code or area.code
    events = Event.objects.filter(event_date__gte=(timezone.now() - timedelta(days=90)).date())
    if area.level in ("kecamatan", "desa", "kelurahan"):
        events = events.filter(kecamatan_code=kec)
    pairs = (
        events.exclude(classification=Classification.BIASA)
        .exclude(verification__in=EXCLUDED)
        .values_list("classification", "organisation_id")
    )
    return services.strictest(*pairs)


def event_changed(event) -> list[Alert]:
    """An event was verified or changed: urgent-event, event-count and hate-speech rules.
    Only verified events count: an alert reaches leadership, a rumour must not."""
    if event.verification != VERIFIED or not event.area_id:
        return []
    if event.event_date < (timezone.now() - timedelta(days=RECENT_DAYS)).date():
        return []  # an imported or late-coded old event is history, not a warning
    area = _kecamatan(event.area)
    if area is None:
        return []
    raised = []
    for rule in _rules(Rule.Kind.URGENT_EVENT, event.area_id):
        forms = rule.forms or URGENT_FORMS
        deadly = rule.min_fatalities and event.fatalities >= rule.min_fatalities
        if event.form not in forms and not deadly:
            continue
        if rule.sources and not set(rule.sources) & set(event.source_list):
            continue
        raised.append(
            services.raise_alert(
                rule=rule,
                area=area,
                level=rule.level,
                sources=event.source_list,
                title=_("%(form)s in %(area)s")
                % {"form": event.get_form_display() or _("Event"), "area": area.name},
                reason=_("%(form)s on %(date)s: %(fatalities)s dead, %(injured)s injured.")
                % {
                    "form": event.get_form_display() or _("Event"),
                    "date": f"{event.event_date:%d-%m-%Y}",
                    "fatalities": event.fatalities,
                    "injured": event.injured,
                },
                evidence=[_event_evidence(event)],
                classification=event.classification,
                organisation_id=event.organisation_id,
            )
        )
    for rule in _rules(Rule.Kind.EVENT_COUNT, event.area_id):
        if rule.forms and event.form not in rule.forms:
            continue
        raised += _count_rule(
            rule, area, _recent_events(area.code, rule.window_hours, rule.forms, rule.sources)
        )
    if event.form == "ujaran_kebencian":
        raised += hate_speech_check(area)
    return raised


def _count_rule(rule, area, events) -> list[Alert]:
    events = list(
        events.only("pk", "event_date", "form", "classification", "organisation_id")[:200]
    )
    if len(events) < rule.count:
        return []
    classification, org_id = services.strictest(
        *[(e.classification, e.organisation_id) for e in events]
    )
    return [
        services.raise_alert(
            rule=rule,
            area=area,
            level=rule.level,
            sources=rule.sources,
            title=_("%(n)s events in %(hours)s hours")
            % {"n": len(events), "hours": rule.window_hours},
            reason=_("%(n)s events in %(area)s within %(hours)s hours (rule: %(count)s).")
            % {
                "n": len(events),
                "area": area.name,
                "hours": rule.window_hours,
                "count": rule.count,
            },
            evidence=[_event_evidence(e) for e in events],
            classification=classification,
            organisation_id=org_id,
        )
    ]


def hate_speech_check(area) -> list[Alert]:
    """A spike of hate speech or provocation: events of that form, and reports the analysis
    flagged, in the kecamatan within the rule's window."""
    from waspada.intake.models import Report

    raised = []
    for rule in _rules(Rule.Kind.HATE_SPEECH, area.code):
        events = _recent_events(area.code, rule.window_hours, ["ujaran_kebencian"])
        since = timezone.now() - timedelta(hours=rule.window_hours)
        reports = [
            r
            for r in Report.objects.filter(kecamatan_code=area.code, received_at__gte=since)
            .exclude(analysis=None)
            .only("pk", "analysis", "classification", "organisation_id")[:500]
            if (reading := r.reading) is not None and reading.hate_speech_labels
        ]
        found = list(
            events.only("pk", "event_date", "form", "classification", "organisation_id")[:200]
        )
        if len(found) + len(reports) < rule.count:
            continue
        classification, org_id = services.strictest(
            *[(x.classification, x.organisation_id) for x in [*found, *reports]]
        )
        evidence = [_event_evidence(e) for e in found] + [
            {"type": "report", "id": r.pk, "url": f"/laporan/{r.pk}/", "label": "laporan"}
            for r in reports
        ]
        raised.append(
            services.raise_alert(
                rule=rule,
                area=area,
                level=rule.level,
                sources=rule.sources,
                title=_("Hate speech surge"),
                reason=_(
                    "%(n)s hate speech or provocation items in %(area)s within %(hours)s hours."
                )
                % {"n": len(evidence), "area": area.name, "hours": rule.window_hours},
                evidence=evidence,
                classification=classification,
                organisation_id=org_id,
            )
        )
    return raised


def report_analysed(report) -> list[Alert]:
    """A report has its analysis: urgent-event rules that include reports, and the
    hate-speech surge of its kecamatan. The alert is as confidential as the report, and
    carries the conflict sources the analysis found."""
    reading = report.reading
    if reading is None or not report.kecamatan_code:
        return []
    area = Area.objects.filter(code=report.kecamatan_code).first()
    if area is None:
        return []
    raised = []
    form = reading.form or ""
    fatalities = reading.fatalities or 0
    for rule in _rules(Rule.Kind.URGENT_EVENT, report.area_id or report.kecamatan_code):
        if not rule.include_reports:
            continue
        forms = rule.forms or URGENT_FORMS
        deadly = rule.min_fatalities and fatalities >= rule.min_fatalities
        if form not in forms and not deadly:
            continue
        if rule.sources and not set(rule.sources) & set(reading.source_names):
            continue
        raised.append(
            services.raise_alert(
                rule=rule,
                area=area,
                level=rule.level,
                sources=reading.source_names,
                title=_("Unverified report: %(form)s in %(area)s")
                % {"form": form or _("incident"), "area": area.name},
                reason=_(
                    "A report received %(at)s reads as %(form)s (%(fatalities)s dead "
                    "according to the text). Not yet verified."
                )
                % {
                    "at": f"{report.received_at:%d-%m-%Y %H:%M}",
                    "form": form or "?",
                    "fatalities": fatalities,
                },
                evidence=[
                    {
                        "type": "report",
                        "id": report.pk,
                        "url": f"/laporan/{report.pk}/",
                        "label": "laporan",
                    }
                ],
                classification=report.classification,
                organisation_id=report.organisation_id,
            )
        )
    if reading.hate_speech_labels:
        raised += hate_speech_check(area)
    return raised
