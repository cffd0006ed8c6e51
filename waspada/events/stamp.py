"""Has any event changed? The events' change stamp (``waspada/lib/changestamp.py``): triggers
on ``events_event`` and ``events_eventsource`` bump the single row of ``events_changestamp``
(migration 0006). Counts of the event list, the risk charts and the events map are cached
under it: counting 100,000 events for each page view was most of the list's time
(bench/events.py)."""

from collections.abc import Callable

from waspada.lib.changestamp import ChangeStamp

STAMP = ChangeStamp(
    "events_changestamp", ("events_event", "events_eventsource"), function="events_bump_stamp"
)
install, uninstall, current, cached = STAMP.install, STAMP.uninstall, STAMP.current, STAMP.cached


def cached_count(key_parts: tuple, count: Callable[[], int]) -> int:
    """``count()``, cached under the current version and ``key_parts``."""
    return cached(("count", key_parts), count)
