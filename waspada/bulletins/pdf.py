"""The situation report as PDF (fpdf2: pure Python, no system libraries)."""

from fpdf import FPDF

from .sitrep import SituationReport

LEVEL_RGB = {
    "normal": (46, 125, 50),
    "waspada": (249, 168, 37),
    "siaga": (239, 108, 0),
    "awas": (198, 40, 40),
}


def _t(text) -> str:
    """The core fonts speak Latin-1: replace what they can't show."""
    return (
        str(text)
        .replace("–", "-")
        .replace("—", "-")
        .replace("·", "-")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def render(report: SituationReport, *, regency_name: str, labels: dict) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_t(report.title))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, _t(f"{report.title}\n{regency_name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.ln(2)
    pdf.multi_cell(
        0,
        6,
        _t(
            f"{labels['events']}: {report.events} ({labels['previous']}: {report.previous_events})"
            f" - {labels['fatalities']}: {report.fatalities} - {labels['injured']}: "
            f"{report.injured} - {labels['alerts']}: {len(report.alerts)}"
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )

    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, _t(labels["by_kecamatan"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    width = 100
    for name, count, fatalities, level in report.by_kecamatan:
        pdf.cell(45, 6, _t(name))
        bar = max(1, width * count / report.max_count)
        pdf.set_fill_color(*LEVEL_RGB.get(level, (96, 125, 139)))
        pdf.cell(bar, 5, "", fill=True)
        pdf.cell(width - bar + 2, 6, "")
        pdf.cell(
            0,
            6,
            _t(f"{count}  ({fatalities} {labels['dead']}) {level}"),
            new_x="LMARGIN",
            new_y="NEXT",
        )

    for heading, rows in (
        (labels["by_form"], report.by_form),
        (labels["by_source"], report.by_source),
    ):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 7, _t(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        for label, count in rows:
            pdf.cell(80, 5, _t(label))
            pdf.cell(0, 5, str(count), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, _t(labels["alerts"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for alert in report.alerts:
        pdf.multi_cell(
            0,
            5,
            _t(
                f"{alert.raised_at:%d-%m %H:%M} [{alert.level.upper()}] "
                f"{alert.title} - {alert.get_status_display()}"
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )

    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, _t(labels["significant"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for event in report.significant:
        pdf.multi_cell(
            0,
            5,
            _t(
                f"{event.event_date:%d-%m-%Y} {event.get_form_display()}: "
                f"{event.summary[:300]} ({event.fatalities} {labels['dead']})"
            ),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())
