"""When did it happen? The event date of a report or article, read against the date it was
received or published (the *reference*). Rules only.

* Absolute dates: "Rabu (5/4/2023)", "tgl 9/3/2017", "5 April 2023", "on 10 June 2025",
  "Saturday 22 November".
* A day and month without a year ("Sabtu (14/9)") take the year that puts the date closest
  before the reference, never after it.
* Relative words resolve against the reference: "kemarin", "kmrn", "semalam" (the day
  before), "tadi malam" / "td mlm" (the day before when the report came in the morning, the
  same day when it came in the evening), "tadi pagi", "td", "barusan", "hari ini", "skrg",
  "wayah ini", "malam ini", "today", "tonight" (the same day), "Sabtu lalu", "last Saturday"
  (the last Saturday strictly before), "Sabtu", "on Saturday" (the last Saturday on or
  before), "3 hari lalu".
* Future expressions ("hari Senin depan", "besok", "akan ... Kamis") are no event date.

A reference that carries a time zone (an aware datetime, or an ISO string with an offset) is
first put in the deployment's local time (WITA for Kutai Kartanegara), so that a report
received at 06:40 WITA (22:40 UTC the day before) reads "kemarin" as the right day.
"""

from __future__ import annotations

import datetime as dt
import re

from .normalize import parse_number

MONTHS = {
    "januari": 1,
    "jan": 1,
    "january": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "february": 2,
    "maret": 3,
    "mar": 3,
    "march": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "jun": 6,
    "june": 6,
    "juli": 7,
    "jul": 7,
    "july": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "august": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "october": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
    "december": 12,
}
DAYS = {
    "senin": 0,
    "monday": 0,
    "selasa": 1,
    "tuesday": 1,
    "rabu": 2,
    "wednesday": 2,
    "kamis": 3,
    "thursday": 3,
    "jumat": 4,
    "jum'at": 4,
    "friday": 4,
    "sabtu": 5,
    "saturday": 5,
    "minggu": 6,
    "ahad": 6,
    "sunday": 6,
}
_DAYNAME = "|".join(sorted(DAYS, key=len, reverse=True))
_MONTHNAME = "|".join(sorted(MONTHS, key=len, reverse=True))
# day/month[/year]; what precedes it (a day name, "tgl") is read from the text just before
_NUMERIC = re.compile(r"\(?\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:/(?P<y>(?:19|20)?\d\d))?\b\)?")
_NUMERIC_PREFIX = re.compile(
    r"(?:(?P<dayname>"
    + _DAYNAME
    + r")\w*\s*(?:\w+\s*){0,2}?|(?P<tgl>\btgl|\btanggal|\btg)\.?\s*)$",
    re.I,
)
_NAMED = re.compile(
    r"\b(?P<d>[0-3]?\d)\s+(?P<mon>" + _MONTHNAME + r")\.?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    re.I,
)
_NAMED_US = re.compile(
    r"\b(?P<mon>"
    + _MONTHNAME
    + r")\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b",
    re.I,
)
_SAME_DAY = (
    r"hari\s+ini|hr\s+ini|td|tadi|barusan|skrg|sekarang|saat\s+ini|wayah\s+ini|pagi\s+ini"
    r"|siang\s+ini|sore\s+ini|petang\s+ini|subuh\s+ini|malam\s+ini|mlm\s+ini|today|tonight"
    r"|this\s+(?:morning|afternoon|evening)"
)
_TADI_MALAM = r"(?:tadi|td)\s+(?:malam|mlm)|(?:malam|mlm)\s+(?:tadi|td)"
_DAY_BEFORE = r"kemarin(?:\s+lusa)?|kmrn|kemaren|kmren|kmarin|semalam|yesterday|last\s+night"
_RELATIVE = re.compile(
    r"\b(?P<rel>"
    + _TADI_MALAM
    + r"|"
    + _DAY_BEFORE
    + r"|pekan\s+lalu|minggu\s+lalu|last\s+week"
    + r"|(?P<day>"
    + _DAYNAME
    + r")\s+(?:lalu|kemarin|kmrn|yg\s+lalu|yang\s+lalu)"
    + r"|last\s+(?P<lastday>"
    + _DAYNAME
    + r")"
    + r"|(?P<ago>\w+)\s+hari\s+(?:lalu|yang\s+lalu|yg\s+lalu)|(?P<ago_en>\w+)\s+days\s+ago"
    + r"|"
    + _SAME_DAY
    + r")\b",
    re.I,
)
_DAYNAME_ONLY = re.compile(
    r"\b(?:pada|hari|hr|sejak|on|,)\s*(?P<day>" + _DAYNAME + r")\b(?!\s*\()", re.I
)
_DAYNAME_START = re.compile(r"^\W*(?P<day>" + _DAYNAME + r")\b(?!\s*\()", re.I)
_FUTURE = re.compile(
    r"\b(?:akan|besok|bsk|depan|nanti|rencana|rencananya|berencana|mau|bakal|hendak|next|will"
    r"|upcoming|tomorrow)\b",
    re.I,
)
_FUTURE_AFTER = re.compile(r"^\s*(?:depan|besok|mendatang|ini\s+akan|next)\b", re.I)


_NOW = re.compile(r"^(?:skrg|sekarang|saat\s+ini|wayah\s+ini)$", re.I)


def is_now(expression: str) -> bool:
    """Is the date expression a plain "now" (skrg, sekarang, saat ini), which in a complaint
    describes a state rather than the day of an event?"""
    return bool(_NOW.match(expression.strip()))


def utc_offset(regency: str | None) -> dt.timezone:
    """The local time of a Kemendagri area: WIB (UTC+7), WITA (UTC+8) or WIT (UTC+9)."""
    prov = int((regency or "64").split(".")[0] or 64)
    if prov in (51, 52, 53, 63, 64, 65) or 71 <= prov <= 76:
        hours = 8
    elif prov >= 81:
        hours = 9
    else:
        hours = 7
    return dt.timezone(dt.timedelta(hours=hours))


WITA = utc_offset("64")


def reference(value, tz: dt.tzinfo = WITA) -> tuple[dt.date | None, int | None]:
    """(local date, local hour or None) of a received / published date (date, datetime or ISO
    string). A value with a time zone is converted to ``tz`` first."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        return value, None
    else:
        s = str(value).strip()
        try:
            when = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
        except ValueError:
            try:
                return dt.date.fromisoformat(s[:10]), None
            except ValueError:
                return None, None
        if len(s) <= 10:
            return when.date(), None
    if when.tzinfo is not None:
        when = when.astimezone(tz)
    return when.date(), when.hour


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _with_year(m: int, d: int, y: str | None, ref: dt.date | None) -> dt.date | None:
    if y:
        yy = int(y)
        if yy < 100:
            yy += 2000
        return _mk(yy, m, d)
    if ref is None:
        return None
    cand = _mk(ref.year, m, d)
    if cand is None or cand > ref:
        cand = _mk(ref.year - 1, m, d)
    return cand


def _weekday_before(ref: dt.date, weekday: int, strictly: bool) -> dt.date:
    delta = (ref.weekday() - weekday) % 7
    if delta == 0 and strictly:
        delta = 7
    return ref - dt.timedelta(days=delta)


def _future(text: str, start: int, end: int) -> bool:
    """A date said of the future: "akan demo hari Senin", "Kamis depan"."""
    sent_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    before = text[max(sent_start, start - 50) : start]
    return bool(_FUTURE.search(before) or _FUTURE_AFTER.match(text, end))


READ_CHARS = 2500  # the event of a long text is told in its lead


def find_dates(text: str, published_at=None, tz: dt.tzinfo = WITA) -> list[dict]:
    """Every date expression: [{"date", "start", "end", "text", "kind"}] (kind: absolute,
    partial (no year), relative), in the first ``READ_CHARS`` characters."""
    text = text[:READ_CHARS]
    ref, hour = reference(published_at, tz)
    out = []

    def add(date, m, kind, start=None, end=None, group=0):
        if date:
            s = m.start(group) if start is None else start
            e = m.end(group) if end is None else end
            out.append({"date": date, "start": s, "end": e, "text": text[s:e], "kind": kind})

    for m in _NUMERIC.finditer(text) if "/" in text else ():
        d, mo = int(m.group("d")), int(m.group("m"))
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            continue
        p = _NUMERIC_PREFIX.search(text, max(0, m.start() - 40), m.start())
        # a bare "1/2" without a day name, "tgl" or parentheses is too often a fraction
        if not (m.group("y") or p or "(" in m.group(0)):
            continue
        start = p.start() if p else m.start()
        date = _with_year(mo, d, m.group("y"), ref)
        add(date, m, "absolute" if m.group("y") else "partial", start=start)
    for rx in (_NAMED, _NAMED_US):
        for m in rx.finditer(text):
            if any(o["start"] <= m.start() < o["end"] for o in out):
                continue
            date = _with_year(MONTHS[m.group("mon").lower()], int(m.group("d")), m.group("y"), ref)
            add(date, m, "absolute" if m.group("y") else "partial")
    if ref is None:
        out.sort(key=lambda o: o["start"])
        return out
    taken = [(o["start"], o["end"]) for o in out]
    for m in _RELATIVE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        rel = re.sub(r"\s+", " ", m.group("rel").lower())
        date = None
        if re.fullmatch(_TADI_MALAM, rel):
            # said in the evening, "tadi malam" is tonight; in the morning, last night
            date = ref if hour is not None and hour >= 18 else ref - dt.timedelta(days=1)
        elif rel.startswith("kemarin lusa"):
            date = ref - dt.timedelta(days=2)
        elif re.fullmatch(_DAY_BEFORE, rel):
            date = ref - dt.timedelta(days=1)
        elif rel in ("pekan lalu", "minggu lalu", "last week"):
            date = ref - dt.timedelta(days=7)
        elif m.group("day") or m.group("lastday"):
            day = (m.group("day") or m.group("lastday")).lower()
            date = _weekday_before(ref, DAYS[day], strictly=True)
        elif m.group("ago") or m.group("ago_en"):
            n = parse_number(m.group("ago") or m.group("ago_en"))
            if n is not None and n < 60:
                date = ref - dt.timedelta(days=n)
        elif re.fullmatch(_SAME_DAY, rel):
            if _future(text, m.start(), m.end()):
                continue
            late_night = rel in ("malam ini", "mlm ini", "tonight") and hour is not None
            date = ref - dt.timedelta(days=1) if late_night and hour < 5 else ref
        add(date, m, "relative")
    for rx in (_DAYNAME_ONLY, _DAYNAME_START):
        for m in rx.finditer(text):
            s = m.start("day")
            if any(o["start"] <= s < o["end"] for o in out) or _future(text, s, m.end("day")):
                continue
            add(
                _weekday_before(ref, DAYS[m.group("day").lower()], False),
                m,
                "relative",
                group="day",
            )
    out.sort(key=lambda o: o["start"])
    return out


def event_date(
    text: str, published_at=None, tz: dt.tzinfo = WITA
) -> tuple[str | None, dict | None]:
    """The event's date: the first explicit day in the text that is not after the reference,
    else the first relative expression, else None. Returns (ISO date, evidence).

    A dateline that only repeats the reference date ("Mohon ijin melaporkan, Senin 2 Juni
    2025. Kemarin ...") gives way to another date in the text."""
    ref, _ = reference(published_at, tz)
    cands = find_dates(text, published_at, tz)
    if ref is not None:
        cands = [
            c
            for c in cands
            if c["date"] <= ref + dt.timedelta(days=1)
            and c["date"] >= ref - dt.timedelta(days=3650)
        ]
        if len(cands) > 1 and cands[0]["date"] == ref and cands[0]["start"] < 60:
            others = [c for c in cands[1:] if c["date"] != ref]
            if others:
                cands = others
    for kinds in (("absolute", "partial"), ("relative",)):
        for c in cands:
            if c["kind"] in kinds:
                return c["date"].isoformat(), {
                    "text": c["text"],
                    "start": c["start"],
                    "end": c["end"],
                    "kind": c["kind"],
                }
    return None, None
