"""What the community app tells the rest of the flow (connected in ``waspada/pipeline.py``).

``engagement_recorded(engagement_id)``: an engagement activity (a Binkom, a dialogue, a
mediation ...) was recorded. Announced in the transaction that stored it.
"""

from waspada.lib.handoff import Handoff

engagement_recorded = Handoff("engagement_recorded", "engagement_id")
