"""What the risk app tells the rest of the flow (connected in ``waspada/pipeline.py``).

``risk_level_changed(change_ids)``: a recomputation moved the headline level of some areas
(desa, kecamatan or the regency; overall or for one conflict source). ``change_ids`` are the
``RiskLevelChange`` rows recorded, one per area and source (``old_level``, ``new_level``,
``score``, ``source`` empty for the overall score). Announced once per recomputation, in the
transaction that stored the scores (docs/risk/levels.md).
"""

from waspada.lib.handoff import Handoff

risk_level_changed = Handoff("risk_level_changed", "change_ids")
