"""The agenda's notes ("level:siaga", "phase:pencegahan", "overdue_since:2026-11-02") in words
for the meeting page and its PDF: the agenda stores plain keys so that it can be rebuilt and
compared; people read labels."""

from django.utils.translation import gettext as _

from waspada.lib.history import date_words

from .vocab import Phase, Status


def note_words(note: str) -> str:
    from waspada.alerts.levels import Level

    key, _sep, value = note.partition(":")
    if key == "level":
        return _("level %(level)s") % {"level": dict(Level.choices).get(value, value)}
    if key == "raised":
        return _("raised %(date)s") % {"date": date_words(value)}
    if key == "phase":
        return _("phase: %(phase)s") % {"phase": dict(Phase.choices).get(value, value)}
    if key == "status":
        return _("status: %(status)s") % {"status": dict(Status.choices).get(value, value)}
    if key == "area":
        return value
    if key == "overdue_since":
        return _("overdue since %(date)s") % {"date": date_words(value)}
    if key == "overdue_actions":
        return _("%(n)s overdue actions") % {"n": value}
    return note


def notes_words(notes) -> str:
    return " · ".join(note_words(n) for n in notes or [])
