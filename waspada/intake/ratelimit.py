"""A rate limit kept in the database: the public form admits at most N accepted reports per
visitor address per window, across every web process and machine.

``take`` claims one slot with a conditional ``UPDATE ... SET count = count + 1`` (the database
checks and increments in one statement, under the row lock), and is called inside the
transaction that stores the report: a send that fails validation or storage never counts.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import RateCounter


def exhausted(key: str, limit: int, window_seconds: int) -> bool:
    """Whether the key has used its slots in the current window (a read; claims nothing)."""
    since = timezone.now() - timedelta(seconds=window_seconds)
    return RateCounter.objects.filter(key=key, window_start__gt=since, count__gte=limit).exists()


def take(key: str, limit: int, window_seconds: int) -> bool:
    """Claim one slot; False when the limit is reached. Call it inside a transaction."""
    if limit <= 0:
        return False
    for _attempt in range(3):
        now = timezone.now()
        since = now - timedelta(seconds=window_seconds)
        # The current window has room: one more.
        if RateCounter.objects.filter(key=key, window_start__gt=since, count__lt=limit).update(
            count=F("count") + 1
        ):
            return True
        # The window has passed: a new one starts with this send. Of two sends that both see
        # the old window, the second's WHERE no longer matches once the first has committed.
        if RateCounter.objects.filter(key=key, window_start__lte=since).update(
            window_start=now, count=1
        ):
            return True
        if RateCounter.objects.filter(key=key).exists():
            return False  # the current window is full
        try:
            with transaction.atomic():
                RateCounter.objects.create(key=key, window_start=now, count=1)
            return True
        except IntegrityError:
            continue  # created by a concurrent send: count against it
    return False


def give_back(key: str) -> None:
    """Return a slot claimed by a send that turned out to add no report (a repeated send)."""
    RateCounter.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)
