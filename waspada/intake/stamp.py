"""Has any report changed? The reports' change stamp (``waspada/lib/changestamp.py``):
triggers on ``intake_report`` bump the single row of ``intake_changestamp`` (migration
0006). The triage queue's count, page and rows are cached under it (``intake.rows``)."""

from waspada.lib.changestamp import ChangeStamp

STAMP = ChangeStamp("intake_changestamp", ("intake_report",), function="intake_bump_stamp")
install, uninstall, current, cached = STAMP.install, STAMP.uninstall, STAMP.current, STAMP.cached
