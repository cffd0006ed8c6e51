"""What intake tells the rest of the flow (connected in ``waspada/pipeline.py``).

``report_analysed(report_id)``: a report has a new analysis (the first, or again after a
follow-up added text). Announced in the transaction that stored it; read it as
``Report.reading`` (a ``waspada.nlp.Analysis``).
"""

from waspada.lib.handoff import Handoff

report_analysed = Handoff("report_analysed", "report_id")
