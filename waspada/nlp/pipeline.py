"""The one entry point: ``analyze(text, published_at=None, channel=None) -> Analysis``.

Learned scores and explicit rules are combined here: the conflict model (relevance, sources,
form) weighs the words of a text; the severity rules (``severity.py``) read the severe cues
(killed, injured, burned, armed) and the junk filter (``junk.py``) the strings that are no
report. A rule that finds a death, an injury, a burning or a weapon in a conflict setting
makes the text an incident whatever the model says, so a model's miss cannot hide a death.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import threading
from pathlib import Path

import numpy as np

from . import artifacts, casualties, dates, extract, hatespeech, severity
from .analysis import Analysis
from .conflict import NEWS, REPORTS, ConflictModel
from .junk import junk_reason
from .lexicon import Lexicon, load_lexicon
from .places import Gazetteer

# the channels a text may come through; "sms" .. "babinsa" are reports, "news" an article
CHANNELS = (
    "sms",
    "whatsapp",
    "telegram",
    "web",
    "public",
    "api",
    "odk",
    "email",
    "babinsa",
    "news",
)
# below this probability of being relevant, the weak rule cues (a dispute, a protest, a threat:
# severity 1-2) do not make a text relevant on their own (chosen on the training reports)
RULE_FLOOR = 0.1
HS_CHUNK = 320  # characters: hate speech is scored per tweet-sized piece of a longer text
HS_MAX_CHARS = 2500  # the lead of a long article; posts and reports fit whole


_SENT_END = re.compile(r"(?<=[.!?\n])\s+")


def _chunks(text: str) -> list[str]:
    text = text[:HS_MAX_CHARS]
    if len(text) <= HS_CHUNK:
        return [text]
    out, cur = [], ""
    for sent in _SENT_END.split(text):
        if cur and len(cur) + len(sent) > HS_CHUNK:
            out.append(cur)
            cur = ""
        cur = f"{cur} {sent}" if cur else sent
    if cur:
        out.append(cur)
    return out


class Analyzer:
    """Loads the models once; thread-safe for reading.

    regency: the deployment's Kemendagri code ("64.02" Kutai Kartanegara).
    lexicon_paths: extra JSON lexicons (same shape as data/lexicon_conflict.json) merged into
    the shipped one — the per-regency terms analysts maintain.
    aliases_path: extra place names (JSON name -> code).
    """

    def __init__(
        self,
        regency: str = "64.02",
        lexicon_paths: list[str | Path] = (),
        aliases_path: str | Path | None = None,
        models_dir: Path = artifacts.MODELS_DIR,
        gazetteer: Gazetteer | None = None,
    ):
        self.regency = regency
        self.tz = dates.utc_offset(regency)
        self.lexicon = (
            Lexicon(load_lexicon(Lexicon.default().data, *lexicon_paths))
            if lexicon_paths
            else Lexicon.default()
        )
        self.gazetteer = gazetteer or Gazetteer.default(regency, aliases_path)
        self.hs = hatespeech.HateSpeechModel.load(models_dir)
        self.conflict = ConflictModel.load(models_dir, lexicon=self.lexicon, name=NEWS)
        # the register of field reports has its own model (news keeps the one it was measured
        # with); without the file, reports are read by the news model
        has_reports = (Path(models_dir) / f"{REPORTS}.npz").exists()
        self.conflict_reports = (
            ConflictModel.load(models_dir, lexicon=self.lexicon, name=REPORTS)
            if has_reports
            else self.conflict
        )
        names = ["hatespeech.npz", "conflict.npz", "hatespeech.json", "conflict.json"]
        if has_reports:
            names += [f"{REPORTS}.npz", f"{REPORTS}.json"]
        digest = hashlib.sha256()
        for name in names:
            digest.update((Path(models_dir) / name).read_bytes())
        for extra in [*lexicon_paths, aliases_path]:
            if extra:
                digest.update(Path(extra).read_bytes())
        self.model_version = digest.hexdigest()[:12]

    # ------------------------------------------------------------------
    def hate_speech(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Per text: max probability over its chunks, the decisions of its most hateful chunk,
        and that chunk's index."""
        pieces, owner = [], []
        for i, t in enumerate(texts):
            for c in _chunks(t or ""):
                pieces.append(c)
                owner.append(i)
        P, D = self.hs.predict(pieces)
        owner = np.asarray(owner)
        Pm = np.zeros((len(texts), P.shape[1]), dtype=np.float32)
        Dm = np.zeros((len(texts), P.shape[1]), dtype=np.int8)
        best = [0] * len(texts)
        for i in range(len(texts)):
            rows = np.flatnonzero(owner == i)
            Pm[i] = P[rows].max(axis=0)
            k = rows[int(np.argmax(P[rows, 0]))]
            Dm[i] = D[k]
            best[i] = int(k - rows[0])
        return Pm, Dm, best

    def analyze_many(self, items: list[dict]) -> list[Analysis]:
        """items: dicts with text, optional title, published_at (for a report: when it was
        received), id, channel (``sms``, ``whatsapp``, ``web``, ``email``, ``babinsa``,
        ``news``, ...)."""
        titles = [it.get("title") for it in items]
        texts = [it.get("text") or "" for it in items]
        full = [((t + ". ") if t else "") + x for t, x in zip(titles, texts, strict=True)]
        informal = [
            _informal(_channel(it.get("channel")), t, f)
            for it, t, f in zip(items, titles, full, strict=True)
        ]
        conf: list = [None] * len(items)
        for model, flag in ((self.conflict_reports, True), (self.conflict, False)):
            idx = [i for i, f in enumerate(informal) if f == flag]
            if idx:
                res = model.predict([titles[i] for i in idx], [texts[i] for i in idx])
                for i, r in zip(idx, res, strict=True):
                    conf[i] = r
        P, D, best = self.hate_speech(full)
        out = []
        for i, it in enumerate(items):
            out.append(self._assemble(it, full[i], conf[i], P[i], D[i], best[i], informal[i]))
        return out

    def analyze(
        self,
        text: str,
        published_at=None,
        title: str | None = None,
        id: str | None = None,
        channel: str | None = None,
    ) -> Analysis:
        return self.analyze_many(
            [
                {
                    "text": text,
                    "published_at": published_at,
                    "title": title,
                    "id": id,
                    "channel": channel,
                }
            ]
        )[0]

    # ------------------------------------------------------------------
    def _assemble(self, item, full, conf, p_hs, d_hs, best_chunk, informal) -> Analysis:
        labels = hatespeech.LABELS
        hs = {k: round(float(p_hs[j]), 4) for j, k in enumerate(labels)}
        hs_labels = [k for j, k in enumerate(labels) if d_hs[j]]
        evidence = dict(conf.evidence)
        if hs_labels:
            evidence["hate_speech"] = [_chunks(full)[best_chunk][:300]]
        channel = _channel(item.get("channel"))
        ref, _ = dates.reference(item.get("published_at"), self.tz)
        junk = junk_reason(full)
        # news the model calls none stays none: the rules would only set its severity (0)
        skip = junk or (not informal and conf.relevance == "none")
        reading = severity.Reading() if skip else severity.read(full)
        relevance, sev, form, sources = decide(conf, reading, junk, informal)
        if junk:
            evidence = {"junk": [junk]}
        else:
            if reading.evidence and sev >= 1:
                evidence["severity"] = list(reading.evidence)
                key = f"relevance:{relevance}"
                if relevance != "none":
                    evidence[key] = list(dict.fromkeys(reading.evidence + evidence.get(key, [])))[
                        :8
                    ]
            for k in [k for k in evidence if k.startswith(("source:", "form:"))]:
                if k[len("source:") :] not in {s["name"] for s in sources} and k != f"form:{form}":
                    evidence.pop(k)
        places = self.gazetteer.find(full, informal=informal)
        primary = self.gazetteer.primary(places, len(full))
        if primary:
            p = next(p for p in places if p.code == primary)
            evidence["primary_place"] = [p.text]
        date, date_ev = (
            dates.event_date(full, item.get("published_at"), self.tz)
            if not (junk or reading.spam)
            else (None, None)
        )
        if date_ev and sev == 1 and relevance == "tension" and dates.is_now(date_ev["text"]):
            # "skrg sdh dipagar": a dispute's state now, not the day of an event
            date, date_ev = None, None
        if date is None and ref is not None and _happening(relevance, reading, form):
            # a report of an incident or a protest "as it happens", with no date: the day it
            # came in (docs/nlp/reports.md)
            date = ref.isoformat()
        elif date_ev:
            evidence["event_date"] = [date_ev["text"]]
        fat, inj, cas_ev = casualties.casualties(full, reading.background)
        if cas_ev:
            evidence["casualties"] = cas_ev
        actors = extract.actors(full)
        a = Analysis(
            id=None if item.get("id") is None else str(item.get("id")),
            relevance=relevance,
            relevance_scores=conf.relevance_scores,
            sources=sources,
            form=form,
            form_scores=conf.form_scores,
            hate_speech=hs,
            hate_speech_labels=hs_labels,
            places=[p.as_dict() for p in places],
            primary_place=primary,
            event_date=date,
            fatalities=fat,
            injured=inj,
            actors=actors,
            evidence=evidence,
            severity=sev,
            severity_evidence=list(reading.evidence) if sev >= 1 else [],
            junk=bool(junk),
            channel=channel,
            reference_date=ref.isoformat() if ref else None,
        )
        a.urgency = urgency(a)
        a.model_version = self.model_version
        return a


def decide(conf, reading: severity.Reading, junk: str | None = None, informal: bool = True):
    """(relevance, severity, form, sources) from the conflict model's result and the rules.

    For a field report (``informal``):
    * junk and spam: none, 0;
    * a severe cue in a conflict setting (severity 3-5): incident, whatever the model says;
    * otherwise the model's relevance, except that: where the model says none but the rules
      read a dispute, a protest, a threat or prevention and the model gives the text at least
      ``RULE_FLOOR``, the rules' relevance; where the rules judged the violence words an
      accident, a crime, negated, a threat or past, or where neither the rules nor the lexicon
      found one word of conflict, not an incident (or none); a blockade is an incident.
    For news the model's relevance stands (the news labels count crimes, wars abroad and
    accidents as none, and the model is measured on them); the rules only set the severity
    of a relevant article, and a violent one (3-5) is an incident.
    Severity: the rules' level, at least what the relevance implies (prevention 1, tension
    1-2, incident 2-3); prevention is always 1, none always 0.
    """
    if junk or reading.spam:
        return "none", 0, None, []
    p_rel = 1.0 - float(conf.relevance_scores.get("none", 1.0))
    ruled = severity.relevance_of(reading)
    level = reading.level
    lexical = any(k.startswith("relevance:") for k in conf.evidence)
    if not informal:
        relevance = conf.relevance
        if relevance == "tension" and level >= 3:
            relevance = "incident"
    elif level >= 3:
        relevance = "incident"
    elif conf.relevance == "none":
        weak = reading.generic_only
        relevance = ruled if ruled and p_rel >= RULE_FLOOR and not weak else "none"
    elif level == 0 and (reading.demoted or not lexical):
        # the rules judged the violence an accident, an illness, a crime, negated or past,
        # or neither they nor the lexicon found a single word of conflict: no evidence
        relevance = "none"
    elif conf.relevance == "incident" and (ruled or reading.demoted):
        # the model read violence that the rules read as a threat, a plan, a dispute or
        # prevention (its words are in the text, but not as something that happened)
        relevance = ruled or (
            "prevention" if reading.has("prevention") and level < 2 else "tension"
        )
    elif conf.relevance in ("tension", "prevention") and ruled in ("tension", "prevention"):
        # a complaint the model takes for prevention, a mediation it takes for a dispute: the
        # rules saw only one of the two (dispute or prevention words), or a threat
        relevance = ruled
    else:
        relevance = conf.relevance
    if relevance == "tension" and level == 2 and reading.kind == "blockade":
        relevance = "incident"
    if relevance == "none":
        return "none", 0, None, []
    if relevance == "prevention":
        form, sev = "pencegahan", 1
    else:
        form = severity.form_of(reading) if level >= 2 else None
        if form is None or form == "pencegahan":
            cand = {f: v for f, v in conf.form_scores.items() if f != "pencegahan"}
            form = conf.form if conf.form and conf.form != "pencegahan" else max(cand, key=cand.get)
        if relevance == "tension":
            # a protest, a threat or hate speech is 2; a dispute the rules read as one stays 1
            sev = 2 if level >= 2 or (form in TENSE_FORMS and level == 0) else 1
        else:
            sev = max(level, 2 if form in ("blokade", "unjuk_rasa") else 3)
    sources = conf.sources or _sources_of(conf.source_scores)
    return relevance, sev, form, sources


TENSE_FORMS = ("unjuk_rasa", "ancaman", "ujaran_kebencian", "blokade")


def _sources_of(scores: dict[str, float], threshold: float = 0.5) -> list[dict]:
    """The sources of a text the model itself called none (the rules made it relevant)."""
    ranked = sorted(scores.items(), key=lambda x: -x[1])
    return [
        {"name": s, "score": round(v, 3)}
        for i, (s, v) in enumerate(ranked)
        if v >= threshold or i == 0
    ]


REPORT_CHANNELS = frozenset(CHANNELS) - {"news"}


def _channel(value) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _informal(channel: str | None, title: str | None, text: str) -> bool:
    """Is the text a report (SMS, chat, a form) rather than news? From the channel, else from
    its shape (an untitled text of a few paragraphs at most)."""
    if channel:
        return channel in REPORT_CHANNELS
    return not title and len(text) < 1500


def _happening(relevance: str, reading: severity.Reading, form: str | None) -> bool:
    """An incident or a protest reported as it happens (not a dispute, a threat, a plan)."""
    if relevance == "incident":
        return True
    return relevance == "tension" and form == "unjuk_rasa" and reading.has("demonstration")


def urgency(a: Analysis, area_risk: float | None = None) -> float:
    """0..1, for ordering a triage queue: severity first, then within each severity step the
    recency of the event (its date against the day the text came in), the casualties, the
    risk of its area (0..1; the NLP does not know it: the caller passes it, see
    docs/nlp/schema.md), the probability of conflict relevance and hate speech against a
    religion or an ethnic group. Every text of a higher severity ranks above every text of a
    lower one; junk is 0, below everything."""
    if a.junk:
        return 0.0
    recency = 0.5
    if a.event_date and a.reference_date:
        try:
            age = (
                dt.date.fromisoformat(a.reference_date) - dt.date.fromisoformat(a.event_date)
            ).days
            recency = 1.0 / (1.0 + max(age, 0) / 3.0)
        except ValueError:
            pass
    hurt = min(1.0, (3 * (a.fatalities or 0) + (a.injured or 0)) / 10.0)
    area = min(1.0, max(0.0, float(area_risk or 0.0)))
    p_rel = 1.0 - float(a.relevance_scores.get("none", 1.0)) if a.relevance_scores else 0.0
    hate = 1.0 if {"HS_Religion", "HS_Race"} & set(a.hate_speech_labels) else 0.0
    within = 0.35 * recency + 0.3 * hurt + 0.2 * area + 0.1 * p_rel + 0.05 * hate
    return round((a.severity + 0.02 + 0.96 * within) / 6, 4)


_default: Analyzer | None = None
_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Analyzer()
    return _default


def analyze(
    text: str, published_at=None, title: str | None = None, channel: str | None = None
) -> Analysis:
    """Read one text (report, article, post) with the shipped models and the default
    deployment (Kutai Kartanegara, 64.02). ``published_at``: when a report was received or an
    article published; ``channel``: how it came (``sms``, ``whatsapp``, ``web``, ``email``,
    ``babinsa``, ``news``, ...)."""
    return default_analyzer().analyze(text, published_at=published_at, title=title, channel=channel)
