"""What the events app tells the rest of the flow (connected in ``waspada/pipeline.py``).

``event_changed(event_id)``: an event was coded, changed, verified, rejected, merged or split
off. Announced in the transaction that wrote it (``services.py``, which every writer uses).

``events_imported(batch_id, kecamatan_code)``: an import (``exchange/importer.py``) created
events in a kecamatan of the regency; announced once per kecamatan when the import finishes,
in the transaction of its last chunk (instead of one ``event_changed`` per imported row).
"""

from waspada.lib.handoff import Handoff

event_changed = Handoff("event_changed", "event_id")
events_imported = Handoff("events_imported", "batch_id", "kecamatan_code")
