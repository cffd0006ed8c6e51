"""The rows of a report list (triage, my reports) as HTML, from ``intake.rows.report_rows``:
``{% report_rows page analysis=True %}``. Text is escaped with ``html.escape``, as the event
list's rows are (``events/templatetags/event_list.py``)."""

from html import escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from waspada.intake.rows import report_rows as build_rows

register = template.Library()


@register.simple_tag
def report_rows(reports, analysis: bool = False) -> SafeString:
    rows = build_rows(list(reports), analysis)
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
