"""Finding cases and meetings: the visible set for a user."""

from django.db.models import Count, Q

from waspada.accounts.policy import visible_filter

from .models import Action, Case, Meeting
from .vocab import Phase


def visible_cases(user):
    return (
        Case.objects.filter(visible_filter(user))
        .select_related("area", "lead_organisation")
        .defer("area__geometry")
    )


def visible_meetings(user):
    return Meeting.objects.filter(visible_filter(user))


def overdue_actions(user, today):
    return (
        Action.objects.overdue(today)
        .filter(visible_filter(user, prefix="case__"))
        .exclude(case__status="selesai")
        .select_related("case", "organisation")
        .order_by("follow_up_due", "pk")
    )


def open_by_phase(user) -> list[tuple[str, str, int]]:
    """(phase, label, number of open cases) for every phase, in the law's order."""
    counts = dict(
        visible_cases(user)
        .open()
        .values_list("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Phase.choices]


def with_overdue_counts(cases, today):
    return cases.annotate(
        n_overdue=Count(
            "actions", filter=Q(actions__done_at=None, actions__follow_up_due__lt=today)
        )
    )
