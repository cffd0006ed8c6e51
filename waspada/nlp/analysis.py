"""The result of reading one text, ``Analysis``, and the version of its schema: what the apps
store and read back. Only the standard library, so that reading a stored analysis (the risk
scores, the triage list) does not load the models' code (a second or two)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2


@dataclass
class Analysis:
    """The result of reading one text. JSON-serialisable (``as_dict`` / ``to_json``); the
    schema is documented in docs/nlp/schema.md."""

    id: str | None = None
    relevance: str = "none"
    relevance_scores: dict[str, float] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    form: str | None = None
    form_scores: dict[str, float] = field(default_factory=dict)
    hate_speech: dict[str, float] = field(default_factory=dict)
    hate_speech_labels: list[str] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    primary_place: str | None = None
    event_date: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    actors: list[dict[str, Any]] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    severity: int = 0
    severity_evidence: list[str] = field(default_factory=list)
    junk: bool = False
    channel: str | None = None
    reference_date: str | None = None
    urgency: float = 0.0
    model_version: str = ""
    schema_version: int = SCHEMA_VERSION

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Analysis:
        """The Analysis again from its ``as_dict`` form (as stored by the apps). Keys this
        version does not know are ignored; keys it misses (an analysis stored by an older
        version) and null lists or objects take their defaults."""
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if not data or f.name not in data:
                continue
            if data[f.name] is None and f.default_factory is not dataclasses.MISSING:
                continue
            values[f.name] = data[f.name]
        return cls(**values)

    @staticmethod
    def stored_version(data: Mapping[str, Any] | None) -> int | None:
        """The schema version an analysis was stored with (None: not analysed; 1 when the
        dictionary does not say, as the first schema's did not always)."""
        if not data:
            return None
        version = data.get("schema_version")
        return int(version) if isinstance(version, int | str) and str(version).isdigit() else 1

    @property
    def source_names(self) -> list[str]:
        """The names of the conflict sources found, best first."""
        return [str(s["name"]) for s in self.sources if isinstance(s, dict) and "name" in s]
