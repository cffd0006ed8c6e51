"""The rows of the report lists (triage, my reports) in display form, built in Python as the
event list's are (``events.queries.list_rows``): a template loop over 25 rows, with a
``get_FOO_display`` and an included template per row, cost more than the rest of the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from waspada.intake.templatetags.reading import analysis_cell

from .models import Channel, Report, Status

SHORT = 90  # characters of the title or text shown (Django's truncatechars:90)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """What one line of a report list shows, already in display form."""

    url: str
    tracking_code: str
    received: str
    text: str
    area: str
    channel: str
    status: str
    analysis: SafeString
    urgency: str


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def report_rows(reports: list[Report], analysis: bool = False) -> list[ReportRow]:
    """The rows of ``reports``; ``analysis``: with the analysis cell and the urgency (the
    triage queue), which read each report's stored analysis."""
    channels = {value: str(label) for value, label in Channel.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    detail = reverse("intake:detail", args=[0]).removesuffix("0/")  # one reverse, not 25
    rows = []
    for r in reports:
        rows.append(
            ReportRow(
                url=f"{detail}{r.pk}/",
                tracking_code=r.tracking_code,
                received=f"{timezone.localtime(r.received_at):%Y-%m-%d %H:%M}",
                text=_short(r.title or r.text),
                area=str(r.area) if r.area_id else (r.place_text or "—"),
                channel=channels.get(r.channel, r.channel),
                status=statuses.get(r.status, r.status),
                analysis=analysis_cell(r.reading) if analysis else SafeString(""),
                urgency=floatformat(r.urgency, 2) if r.urgency is not None else "—",
            )
        )
    return rows
