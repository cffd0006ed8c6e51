"""Has any story changed? The stories' change stamp (``waspada/lib/changestamp.py``):
triggers on ``media_story`` bump the single row of ``media_changestamp`` (migration 0002).
Whether any story waits for triage, per visibility, is cached under it
(``services.triage_items``): every triage page asked it."""

from waspada.lib.changestamp import ChangeStamp

STAMP = ChangeStamp("media_changestamp", ("media_story",), function="media_bump_stamp")
install, uninstall, current, cached = STAMP.install, STAMP.uninstall, STAMP.current, STAMP.cached
