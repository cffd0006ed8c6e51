"""The pipeline on one page: what each part hands on, and to whom.

    report in ─▶ analysis ─▶ report rules (alerts) ──────────────┐
                    └──────▶ risk scores ─▶ risk-level rules ─────┤
    article in ─▶ analysis ─▶ risk scores                        ├─▶ alert ─▶ subscribers
    event coded, changed, verified ─▶ event rules (alerts) ──────┘
    events imported (per kecamatan)   └─▶ risk scores
    engagement recorded ─▶ risk scores
    severe report analysed, event changed ─▶ 30-day forecast (the nowcast)

Each upstream app declares what happened in its own ``signals.py`` and announces it in the
transaction that made the change; this module is the only place that connects those
hand-offs to the parts downstream (``waspada/lib/handoff.py``). A task connected here is
enqueued in that same transaction: with the database queue it commits with the change or
not at all, so no step is lost in a crash and none waits for another by polling.

Not hand-offs between apps, and so not here: a stored report enqueues its own analysis
(``intake.services`` → ``intake.tasks.analyse_report``), a stored article its own
(``media.services.store_article`` → ``media.tasks.analyse_article``); an alert queues its
messages (``alerts.services.notify``). docs/architecture.md draws the whole picture.
"""

from __future__ import annotations

from waspada.alerts import tasks as alerts
from waspada.community.signals import engagement_recorded
from waspada.events.signals import event_changed, events_imported
from waspada.intake.signals import report_analysed
from waspada.media.signals import article_analysed
from waspada.risk.signals import risk_level_changed
from waspada.risk.triggers import request_forecast, request_recompute


def connect() -> None:
    """Connect every hand-off (once; called by ``waspada.ops`` when the apps are ready)."""
    # 1. A report has its analysis (Report.reading): the rules that act on reports, and the
    #    scores (hate speech and places found in the text count for risk).
    #    The alert check goes ahead of reading further reports (priority 10 over 0), so that a
    #    backlog of reports to read never holds back the alert on one already read.
    report_analysed.then(alerts.evaluate_report.using(priority=10))
    report_analysed.then(request_recompute)
    report_analysed.then(request_forecast)  # the nowcast: a severe report counts at once

    # 2. An article has its analysis (Article.reading): the scores.
    article_analysed.then(request_recompute)

    # 3. An analyst coded, changed or verified an event: the event rules, and the scores.
    event_changed.then(alerts.evaluate_event)
    event_changed.then(request_recompute)
    event_changed.then(request_forecast)  # the nowcast: within minutes, not nightly

    # 3b. An import created events in a kecamatan (once per kecamatan, not per row): the
    #     event rules on them, and the scores.
    events_imported.then(alerts.evaluate_imported_events)
    events_imported.then(request_recompute)

    # 4. An engagement activity was recorded: the scores (it mitigates).
    engagement_recorded.then(request_recompute)

    # 5. A recomputation moved some levels: the risk-level rules.
    risk_level_changed.then(alerts.evaluate_risk_changes)
