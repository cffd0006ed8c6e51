"""What the events app tells the rest of the flow (connected in ``waspada/pipeline.py``).

``event_changed(event_id)``: an event was coded, changed, verified, rejected, merged or split
off. Announced in the transaction that wrote it (``services.py``, which every writer uses).
"""

from waspada.lib.handoff import Handoff

event_changed = Handoff("event_changed", "event_id")
