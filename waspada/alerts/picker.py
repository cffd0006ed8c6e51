"""The alert picker's suggestions (the case form's linked alerts): "#12" or "12" finds that
number, words find the title, what happened and the area's name; open alerts first, then the
newest. Only alerts the user may see."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone

from waspada.accounts import policy

from .models import Alert

LIMIT = 12


def picker_results(user, query: str, limit: int = LIMIT) -> list[dict]:
    query = query.strip()[:100]
    if not query:
        return []
    alerts = (
        Alert.objects.filter(policy.visible_filter(user))
        .select_related("area")
        .defer("area__geometry")
    )
    number = query.lstrip("#")
    if number.isdigit():
        found = list(alerts.filter(pk=int(number)))
    else:
        words = Q()
        for word in query.split()[:6]:
            words &= (
                Q(title__icontains=word) | Q(what__icontains=word) | Q(area__name__icontains=word)
            )
        found = list(
            alerts.filter(words)
            .annotate(
                closed=Case(
                    When(status__in=Alert.OPEN, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("closed", "-raised_at")[:limit]
        )
    return [
        {
            "value": a.pk,
            "label": f"#{a.pk} · {timezone.localtime(a.raised_at):%d-%m-%Y} · "
            f"{a.get_level_display()} · {a.get_status_display()} · {a.title[:70]}",
        }
        for a in found
    ]
