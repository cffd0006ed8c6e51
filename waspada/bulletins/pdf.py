"""The situation report as PDF (fpdf2: pure Python, works offline).

Every page carries the classification marking at its top and bottom; times are local (WITA);
the map is drawn from the kecamatan polygons (``sitrep_map``). The text font is DejaVu Sans
as shipped by matplotlib (a dependency already), so Indonesian text and arrows print.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from .sitrep import SituationReport
from .sitrep_map import COLOURS, LevelMap

LEVEL_RGB = {
    "normal": (46, 125, 50),
    "waspada": (249, 168, 37),
    "siaga": (239, 108, 0),
    "awas": (198, 40, 40),
}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _Sitrep(FPDF):
    def __init__(self, report: SituationReport, regency_name: str):
        super().__init__(format="A4")
        fonts = _font_dir()
        self.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.report = report
        self.regency_name = regency_name
        self.set_auto_page_break(True, margin=18)
        self.set_title(report.title)
        self.set_creator("Waspada")

    def _marking(self):
        self.set_font("DejaVu", "B", 9)
        self.set_text_color(198, 40, 40)
        self.cell(0, 5, self.report.marking, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def header(self):
        self.set_y(6)
        self._marking()
        self.ln(2)

    def footer(self):
        self.set_y(-14)
        self._marking()
        self.set_font("DejaVu", "", 7)
        generated = self.report.generated_at or timezone.localtime()
        made = _("made %(when)s WITA") % {"when": f"{generated:%d-%m-%Y %H:%M}"}
        page = _("page %(n)s") % {"n": self.page_no()}
        self.cell(0, 4, f"{self.report.title} · {made} · {page}", align="C")

    def heading(self, text: str):
        self.ln(2)
        self.set_font("DejaVu", "B", 12)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def line_text(self, text: str):
        self.set_font("DejaVu", "", 9)
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def draw_map(self, level_map: LevelMap):
        x0, y0 = self.l_margin, self.get_y() + 1
        if y0 + level_map.height > self.h - 25:
            self.add_page()
            x0, y0 = self.l_margin, self.get_y() + 1
        self.set_draw_color(255, 255, 255)
        self.set_line_width(0.2)
        for shape in level_map.shapes:
            self.set_fill_color(*_rgb(shape.colour))
            for ring in shape.rings:
                if len(ring) >= 3:
                    self.polygon([(x0 + x, y0 + y) for x, y in ring], style="FD")
        self.set_draw_color(0, 0, 0)
        self.set_y(y0 + level_map.height + 2)
        self.set_font("DejaVu", "", 8)
        for level, label in (
            ("normal", _("Normal")),
            ("waspada", _("Waspada")),
            ("siaga", _("Siaga")),
            ("awas", _("Awas")),
            ("", _("not scored")),
        ):
            self.set_fill_color(*_rgb(COLOURS[level]))
            self.cell(4, 4, "", fill=True)
            self.cell(26, 4, f" {label}")
        self.ln(6)


def render(
    report: SituationReport, *, regency_name: str, level_map: LevelMap | None = None
) -> bytes:
    pdf = _Sitrep(report, regency_name)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, f"{report.title}\n{regency_name}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    labels = {
        "events": _("Events"),
        "previous": _("previous period"),
        "fatalities": _("Fatalities"),
        "injured": _("Injured"),
        "alerts": _("Alerts"),
    }
    pdf.line_text(
        f"{labels['events']}: {report.events} ({labels['previous']}: {report.previous_events})"
        f" · {labels['fatalities']}: {report.fatalities} · {labels['injured']}: "
        f"{report.injured} · {labels['alerts']}: {len(report.alerts)}"
    )
    dead = _("dead")

    if level_map is not None:
        pdf.heading(_("Risk level per kecamatan"))
        pdf.draw_map(level_map)

    pdf.heading(_("By kecamatan"))
    width = 90
    top = report.max_count
    for name, count, fatalities, level in report.by_kecamatan:
        pdf.cell(45, 6, name)
        bar = max(1, width * count / top)
        pdf.set_fill_color(*LEVEL_RGB.get(level, (96, 125, 139)))
        pdf.cell(bar, 5, "", fill=True)
        pdf.cell(width - bar + 2, 6, "")
        pdf.cell(0, 6, f"{count} ({fatalities} {dead})", new_x="LMARGIN", new_y="NEXT")
    if not report.by_kecamatan:
        pdf.line_text(_("No events in this period."))

    for heading, rows in ((_("By form"), report.by_form), (_("By source"), report.by_source)):
        pdf.heading(heading)
        for label, count in rows:
            pdf.cell(80, 5, str(label))
            pdf.cell(0, 5, str(count), new_x="LMARGIN", new_y="NEXT")
        if not rows:
            pdf.line_text("—")

    pdf.heading(_("Alerts"))
    for alert in report.alerts:
        raised = timezone.localtime(alert.raised_at)
        pdf.line_text(
            f"{raised:%d-%m %H:%M} WITA [{alert.get_level_display()}] {alert.title} · "
            f"{alert.get_status_display()}"
        )
    if not report.alerts:
        pdf.line_text(_("No alerts in this period."))

    pdf.heading(_("Significant events"))
    for event in report.significant:
        pdf.line_text(
            f"{event.event_date:%d-%m-%Y} {event.get_form_display()}: "
            f"{event.summary[:300]} ({event.fatalities} {dead})"
        )
    if not report.significant:
        pdf.line_text("—")

    pdf.heading(_("Response"))
    pdf.line_text(
        _("Cases opened: %(n)s. Open cases by phase: %(phases)s.")
        % {
            "n": len(report.cases_opened),
            "phases": ", ".join(f"{label} {n}" for label, n in report.cases_open_by_phase),
        }
    )
    for case in report.cases_opened:
        pdf.line_text(f"– #{case.pk} {case.title} ({case.get_phase_display()})")
    pdf.line_text(
        _("Actions in the period: %(actions)s. Overdue follow-ups: %(n)s.")
        % {
            "actions": ", ".join(f"{label} {n}" for label, n in report.actions) or "—",
            "n": report.overdue_actions,
        }
    )
    pdf.line_text(_("Tim Terpadu decisions:") + (" —" if not report.decisions else ""))
    for decision in report.decisions:
        pdf.line_text(f"– {decision.meeting.date:%d-%m-%Y}: {decision.text[:300]}")
    pdf.line_text(
        _("Engagement (Binkom, dialogue, forums): %(n)s activities in %(k)s kecamatan.")
        % {"n": report.engagements, "k": len(report.engagement_kecamatan)}
    )
    return bytes(pdf.output())
