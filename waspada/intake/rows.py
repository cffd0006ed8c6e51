"""The rows of the report lists (triage, my reports) in display form and as HTML, built in
Python as the event list's are (``events.queries.list_rows``): a template loop over 25 rows,
with a ``get_FOO_display`` and an included template per row, cost more than the rest of the
page. The triage queue's count, page and rows are cached under the reports' change stamp
(``intake/stamp.py``): never stale, recomputed after any report changes."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.core.paginator import Page
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from waspada.accounts import policy
from waspada.intake.templatetags.reading import analysis_cell
from waspada.lib.paging import CountedPaginator, LazyQuery

from . import stamp
from .models import Channel, Report, Status

SHORT = 90  # characters of the title or text shown (Django's truncatechars:90)
PER_PAGE = 25


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


def report_rows(reports, analysis: bool = False) -> list[ReportRow]:
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


def rows_html(reports, analysis: bool = False) -> SafeString:
    """The ``<tr>`` of each report (``templates/intake/_report_rows.html`` puts them in the
    table). Text is escaped with ``html.escape``, as the event list's rows are."""
    rows = report_rows(reports, analysis)
    if not rows:
        return format_html('<tr><td colspan="8">{}</td></tr>', _("No reports."))
    return mark_safe(  # noqa: S308 - every value below is escaped, the analysis cell built safe
        "\n".join(
            f'<tr><td><a href="{escape(r.url)}">{escape(r.tracking_code)}</a></td>'
            f"<td>{escape(r.received)}</td><td>{escape(r.text)}</td><td>{escape(r.area)}</td>"
            f"<td>{escape(r.channel)}</td><td>{escape(r.status)}</td>"
            + (
                f'<td class="analysis-cell">{r.analysis}</td><td>{escape(r.urgency)}</td>'
                if analysis
                else ""
            )
            + "</tr>"
            for r in rows
        )
    )


def _light(reports):
    """Reports with their desa or kecamatan, without its polygon."""
    return reports.select_related("area").defer("area__geometry")


def page_of(reports, number) -> tuple[Page, SafeString]:
    """Page ``number`` of ``reports`` and its rows (my reports)."""
    page = CountedPaginator(_light(reports), PER_PAGE, count=reports.count).get_page(number)
    return page, rows_html(page.object_list)


def triage_page(user, filters, number) -> tuple[Page, SafeString]:
    """Page ``number`` of the triage queue that ``user`` sees through ``filters`` (a bound
    ``TriageFilterForm``), most urgent first, and its rows with their analysis. The count,
    the page's ids and its rows are cached under the reports' change stamp, per visibility,
    filter, page and language."""
    visible = policy.visible_filter(user)
    chosen = (
        tuple(sorted((k, str(v)) for k, v in filters.cleaned_data.items()))
        if filters.is_bound and filters.is_valid()
        else ()
    )
    key = (str(visible), chosen)
    # The query is built only when something is not cached: most pages are served from the
    # cache, and building the query (its filters) costs more than reading the stamp.
    ids = LazyQuery(
        lambda: (
            filters.apply(Report.objects.filter(visible))
            .triage_order()
            .values_list("pk", flat=True)
        )
    )
    version = stamp.current()
    count = stamp.cached(("triage-count", key), lambda: ids.queryset.count(), version)
    page = CountedPaginator(ids, PER_PAGE, count=lambda: count).get_page(number)
    object_list = page.object_list
    page_ids = stamp.cached(("triage-ids", key, page.number), lambda: list(object_list), version)
    page.object_list = page_ids

    def rows():
        found = _light(Report.objects).in_bulk(page_ids)
        return rows_html([found[pk] for pk in page_ids if pk in found], analysis=True)

    html = stamp.cached(("triage-rows", tuple(page_ids), translation.get_language()), rows, version)
    return page, html
