"""Minutes of a Tim Terpadu meeting as PDF (fpdf2, pure Python, works offline).

The text font is DejaVu Sans as shipped by matplotlib (a dependency already), so any
Indonesian text — and names with accents — prints without a system font.
"""

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF

from .vocab import ActionType
from .words import notes_words

SECTION_TITLES = {
    "alerts": gettext_lazy("Alerts since the last meeting"),
    "new_cases": gettext_lazy("New cases"),
    "open_cases": gettext_lazy("Open cases"),
    "other": gettext_lazy("Other business"),
}


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


class _Minutes(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.title_text = title
        fonts = _font_dir()
        self.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)
        self.set_creator("Waspada")

    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.cell(0, 6, f"{self.title_text} · {self.page_no()}", align="C")

    def heading(self, text: str, size: int = 12):
        self.ln(2)
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 10)

    def para(self, text: str):
        self.set_font("DejaVu", "", 10)
        self.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def minutes_pdf(context: dict) -> bytes:
    """The PDF of the minutes from the same context as the HTML page (cases/minutes.html)."""
    meeting = context["meeting"]
    title = _("Minutes of the Tim Terpadu meeting")
    pdf = _Minutes(f"{title} {meeting.date:%Y-%m-%d}")
    pdf.add_page()
    pdf.heading(_("Tim Terpadu Penanganan Konflik Sosial"), 14)
    pdf.heading(title, 12)
    facts = [
        (_("Date"), f"{meeting.date:%d-%m-%Y}"),
        (_("Place"), meeting.place or "—"),
        (_("Chair"), meeting.chair or "—"),
        (_("Classification"), meeting.get_classification_display()),
    ]
    for label, value in facts:
        pdf.para(f"{label}: {value}")

    pdf.heading(_("Present"))
    attendance = list(context["attendance"])
    if not attendance:
        pdf.para("—")
    for i, person in enumerate(attendance, 1):
        parts = [person.name, person.position, str(person.organisation or "")]
        pdf.para(f"{i}. " + ", ".join(p for p in parts if p))

    pdf.heading(_("Agenda"))
    section = None
    for item in context["agenda"]:
        if item["section"] != section:
            section = item["section"]
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(
                0, 6, str(SECTION_TITLES.get(section, section)), new_x="LMARGIN", new_y="NEXT"
            )
        ref = f"#{item['ref']} " if item.get("ref") else ""
        notes = notes_words(item.get("notes"))
        pdf.para(f"– {ref}{item['title']}" + (f" ({notes})" if notes else ""))

    if meeting.notes:
        pdf.heading(_("Discussion"))
        pdf.para(meeting.notes)

    pdf.heading(_("Decisions"))
    decisions = list(context["decisions"])
    if not decisions:
        pdf.para("—")
    for i, d in enumerate(decisions, 1):
        extra = []
        if d.case_id:
            extra.append(_("case") + f" #{d.case_id}")
        if d.action_type:
            extra.append(str(ActionType(d.action_type).label))
        if d.organisation_id:
            extra.append(str(d.organisation))
        if d.due:
            extra.append(_("due") + f" {d.due:%d-%m-%Y}")
        pdf.para(f"{i}. {d.text}" + (f" [{'; '.join(extra)}]" if extra else ""))
    return bytes(pdf.output())
