"""The demo data, loaded in one place: ``python -m waspada load_demo`` (``./run.sh`` runs it).

What is loaded, each part idempotent and marked as demo so that it is never mistaken for a
real record: Kukar's organisations and one demo account per role (``accounts.demo``), then
invented events of the last weeks (``events.demo``), coded and verified through the events
app's own services, so that the risk scores and the alert rules see them as they would see an
analyst's work. New demo data of another app goes here, in the order its records depend on.
"""

from __future__ import annotations


def load(regency: str | None = None) -> dict[str, int]:
    """Load every part; the numbers of organisations, users and new events."""
    from waspada.accounts.demo import create_demo
    from waspada.events.demo import create_demo_events

    counts = create_demo(regency)
    counts["events"] = create_demo_events()
    return counts


def login_lines() -> list[str]:
    """What ``./run.sh`` prints about the demo accounts."""
    from waspada.accounts.demo import login_lines

    return login_lines()
