"""Signals other apps connect to (docs/risk/levels.md).

``risk_level_changed`` is sent once per headline level change of an area, after the
transaction that recorded it has committed, with keyword arguments:

- ``area``: the ``waspada.areas.models.Area`` (desa, kecamatan or the regency)
- ``source``: a conflict source (``"agama"``, ...) or ``None`` for the overall score
- ``old``, ``new``: levels, among ``normal``, ``waspada``, ``siaga``, ``awas``
- ``score``: the new score, 0-100
- ``change``: the ``RiskLevelChange`` row (its ``pk`` identifies the change)

``sender`` is ``waspada.risk.models.RiskLevelChange``.
"""

from django.dispatch import Signal

risk_level_changed = Signal()
