"""The rules: given what changed (a risk level, an event), which alerts to raise.

Each function takes the change as plain input and calls ``services.raise_alert``; the tasks
that run them (``tasks.py``) are handed the changes by ``waspada/pipeline.py``.
"""

import re
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.accounts.models import Classification
from waspada.areas.models import Area
from waspada.events.vocab import Form

from . import compose, services
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
                sources=[source] if source else driving_sources(area, score),
                **services.in_every_language(
                    lambda: (
                        _("Risk level %(new)s (%(source)s)")
                        % {"new": new.upper(), "source": source or _("overall")},
                        _(
                            "The risk score of %(area)s for %(source)s rose from %(old)s to "
                            "%(new)s (score %(score).0f of 100)."
                        )
                        % {
                            "area": area.name,
                            "source": source or _("overall"),
                            "old": old,
                            "new": new,
                            "score": score,
                        },
                    )
                ),
                evidence=evidence,
                classification=classification,
                organisation_id=org_id,
            )
        )
    return raised


def driving_sources(area, score: float) -> list[str]:
    """The conflict sources behind an area's overall score: those whose own score is at
    least a quarter of it (so that a subscriber who follows a source hears of an overall
    rise that source drives, and one who follows another source does not)."""
    from waspada.risk.config import headline_window
    from waspada.risk.models import RiskScore

    if score <= 0:
        return []
    rows = (
        RiskScore.objects.filter(area=area, window=headline_window(), score__gte=score / 4)
        .exclude(source="")
        .values_list("source", flat=True)
    )
    return sorted(set(rows))


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


def event_severity(event) -> int:
    """An event's severity on the analysis' 0-5 scale (waspada/nlp/severity.py), from what
    the analyst coded: deaths 5; injuries, riots, clashes, arson 4; violence 3; threats,
    hate speech, blockades, demonstrations 2; disputes and prevention 1."""
    if event.fatalities:
        return 5
    if event.injured or event.form in ("kerusuhan", "bentrok", "perusakan"):
        return 4
    if event.form == "kekerasan":
        return 3
    if event.form in ("ancaman", "ujaran_kebencian", "blokade", "unjuk_rasa"):
        return 2
    return 1


def one_sentence(text: str, limit: int = 220) -> str:
    """The first sentence of ``text`` (at most ``limit`` characters), on one line."""
    flat = " ".join((text or "").split())
    match = re.match(r"(.+?[.!?])(?:\s|$)", flat)
    sentence = match.group(1) if match else flat
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _desa_of(code: str | None) -> str | None:
    return code if code and code.count(".") == 3 else None


def urgent_match(rule, *, form: str, severity: int, fatalities: int) -> list[str]:
    """Why an urgent-event rule fires (codes: "form", "severity", "deaths"); empty: it does
    not. A death counts only in a reading of conflict (severity 3 or more): a drowning or a
    traffic accident reads as severity 0 and never fires."""
    why = []
    # A rule naming no forms and no other test fires on the urgent forms (riot, clash,
    # violence); a rule with a severity or a death threshold fires on those alone.
    forms = rule.forms or ([] if rule.min_severity or rule.min_fatalities else URGENT_FORMS)
    if form and form in forms:
        why.append("form")
    if rule.min_severity and severity >= rule.min_severity:
        why.append("severity")
    if rule.min_fatalities and fatalities >= rule.min_fatalities and severity >= 3:
        why.append("deaths")
    return why


def _why_text(rule, why: list[str], *, form_label, severity: int, fatalities) -> str:
    parts = []
    if "deaths" in why:
        parts.append(_("%(n)s dead stated") % {"n": fatalities})
    if "severity" in why:
        parts.append(
            _("severity %(s)s of 5 (rule: %(min)s or more)")
            % {"s": severity, "min": rule.min_severity}
        )
    if "form" in why:
        parts.append(_("form %(form)s") % {"form": form_label})
    return _("Rule «%(rule)s»: %(why)s.") % {"rule": rule.name, "why": "; ".join(parts)}


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
    severity = event_severity(event)
    incident = services.Incident(
        key=f"event:{event.pk}",
        fatalities=event.fatalities,
        injured=event.injured,
        desa=_desa_of(event.area_id),
        severity=severity,
        what=one_sentence(event.summary),
        at=timezone.make_aware(datetime.combine(event.event_date, time(12)))
        if event.event_date != timezone.localdate()
        else None,
        replaces=tuple(f"report:{pk}" for pk in event.reports.values_list("pk", flat=True)),
    )
    for rule in _rules(Rule.Kind.URGENT_EVENT, event.area_id):
        why = urgent_match(
            rule, form=event.form, severity=severity, fatalities=event.fatalities or 0
        )
        if not why:
            continue
        if rule.sources and not set(rule.sources) & set(event.source_list):
            continue

        def texts(rule=rule, why=why):
            form = event.get_form_display() or _("Event")
            return (
                _("%(form)s in %(area)s") % {"form": form, "area": area.name},
                _("%(form)s on %(date)s (verified event). %(why)s")
                % {
                    "form": form,
                    "date": f"{event.event_date:%d-%m-%Y}",
                    "why": _why_text(
                        rule, why, form_label=form, severity=severity, fatalities=event.fatalities
                    ),
                },
            )

        raised.append(
            services.raise_alert(
                rule=rule,
                area=area,
                level=rule.level,
                sources=event.source_list,
                evidence=[_event_evidence(event)],
                classification=event.classification,
                organisation_id=event.organisation_id,
                incident=incident,
                **services.in_every_language(texts),
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


def _recent_reports(rule, kecamatan_code: str) -> list:
    """Analysed reports of the kecamatan within the rule's window whose reading has one of
    the rule's forms (and sources): for count rules that include reports. Reports an event
    was coded from are counted through the event."""
    from waspada.intake.models import Report

    if not rule.include_reports or not rule.forms:
        return []
    since = timezone.now() - timedelta(hours=rule.window_hours)
    found = []
    for report in (
        Report.objects.filter(kecamatan_code=kecamatan_code, received_at__gte=since)
        .exclude(analysis=None)
        .filter(events=None)
        .only("pk", "analysis", "classification", "organisation_id")[:500]
    ):
        reading = report.reading
        if reading is None or reading.form not in rule.forms:
            continue
        if rule.sources and not set(rule.sources) & set(reading.source_names):
            continue
        found.append(report)
    return found


def _report_evidence(report) -> dict:
    return {"type": "report", "id": report.pk, "url": f"/laporan/{report.pk}/", "label": "laporan"}


def _count_rule(rule, area, events) -> list[Alert]:
    events = list(
        events.only("pk", "event_date", "form", "classification", "organisation_id")[:200]
    )
    reports = _recent_reports(rule, area.code)
    if len(events) + len(reports) < rule.count:
        return []
    classification, org_id = services.strictest(
        *[(e.classification, e.organisation_id) for e in [*events, *reports]]
    )
    n = len(events) + len(reports)
    return [
        services.raise_alert(
            rule=rule,
            area=area,
            level=rule.level,
            sources=rule.sources,
            **services.in_every_language(
                lambda: (
                    _("%(n)s events in %(hours)s hours") % {"n": n, "hours": rule.window_hours},
                    _(
                        "%(n)s events or reports in %(area)s within %(hours)s hours "
                        "(rule «%(rule)s»: %(count)s)."
                    )
                    % {
                        "n": n,
                        "area": area.name,
                        "hours": rule.window_hours,
                        "rule": rule.name,
                        "count": rule.count,
                    },
                )
            ),
            evidence=[_event_evidence(e) for e in events] + [_report_evidence(r) for r in reports],
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
        evidence = [_event_evidence(e) for e in found] + [_report_evidence(r) for r in reports]
        n, hours = len(evidence), rule.window_hours
        raised.append(
            services.raise_alert(
                rule=rule,
                area=area,
                level=rule.level,
                sources=rule.sources,
                **services.in_every_language(
                    lambda n=n, hours=hours: (  # type: ignore[misc]
                        _("Hate speech surge"),
                        _(
                            "%(n)s hate speech or provocation items in %(area)s within "
                            "%(hours)s hours."
                        )
                        % {"n": n, "area": area.name, "hours": hours},
                    )
                ),
                evidence=evidence,
                classification=classification,
                organisation_id=org_id,
            )
        )
    return raised


def report_analysed(report) -> list[Alert]:
    """A report has its analysis: urgent-event rules that include reports, and the
    hate-speech surge of its kecamatan. The alert is as confidential as the report, carries
    the conflict sources the analysis found, and adds up the deaths and injuries the text
    states (each report once)."""
    reading = report.reading
    if reading is None or not report.kecamatan_code:
        return []
    area = Area.objects.filter(code=report.kecamatan_code).first()
    if area is None:
        return []
    raised = []
    form = reading.form or ""
    fatalities = reading.fatalities or 0
    severity = reading.severity or 0
    incident = services.Incident(
        key=f"report:{report.pk}",
        fatalities=reading.fatalities,
        injured=reading.injured,
        desa=_desa_of(report.area_id),
        severity=severity,
        what=one_sentence(report.title or report.text),
        at=report.occurred_at or report.received_at,
    )
    for rule in _rules(Rule.Kind.URGENT_EVENT, report.area_id or report.kecamatan_code):
        if not rule.include_reports:
            continue
        why = urgent_match(rule, form=form, severity=severity, fatalities=fatalities)
        if not why:
            continue
        if rule.sources and not set(rule.sources) & set(reading.source_names):
            continue

        def texts(rule=rule, why=why):
            label = Form(form).label if form in Form.values else _("incident")
            return (
                _("Unverified report: %(form)s in %(area)s") % {"form": label, "area": area.name},
                _("A report received %(at)s reads as %(form)s. Not yet verified. %(why)s")
                % {
                    "at": compose.local_time(report.received_at),
                    "form": label,
                    "why": _why_text(
                        rule, why, form_label=label, severity=severity, fatalities=fatalities
                    ),
                },
            )

        raised.append(
            services.raise_alert(
                rule=rule,
                area=area,
                level=rule.level,
                sources=reading.source_names,
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
                incident=incident,
                **services.in_every_language(texts),
            )
        )
    for rule in _rules(Rule.Kind.EVENT_COUNT, report.area_id or report.kecamatan_code):
        if rule.include_reports and form in rule.forms:
            raised += _count_rule(
                rule, area, _recent_events(area.code, rule.window_hours, rule.forms, rule.sources)
            )
    if reading.hate_speech_labels:
        raised += hate_speech_check(area)
    return raised
