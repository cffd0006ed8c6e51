"""When, how many, who: event date, fatalities and injured, actors. Rules only."""

from __future__ import annotations

import datetime as dt
import re

from .normalize import parse_number

MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "pebruari": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
}
DAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}

_DAY = r"(?P<day>senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_NUMERIC = re.compile(
    r"(?:(?P<dayname>senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\w*\s*(?:\w+\s*){0,2}?)?"
    r"\(?\b(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?:/(?P<y>(?:19|20)?\d\d))?\b\)?",
    re.I,
)
_NAMED = re.compile(
    r"\b(?P<d>[0-3]?\d)\s+(?P<mon>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?(?:\s+(?P<y>(?:19|20)\d\d))?\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<rel>kemarin(?:\s+lusa)?|kmrn|kemaren|hari\s+ini|td|tadi|semalam|tadi\s+malam|pekan\s+lalu|minggu\s+lalu"
    r"|"
    + _DAY
    + r"\s+(?:lalu|kemarin)|"
    + r"(?P<ago>\w+)\s+hari\s+(?:lalu|yang\s+lalu|yg\s+lalu))\b",
    re.I,
)
_DAYNAME_ONLY = re.compile(r"\b(?:pada|hari|sejak|,)\s*" + _DAY + r"\b(?!\s*\()", re.I)


def _parse_iso(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _mk(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _with_year(m: int, d: int, y: str | None, pub: dt.date | None) -> dt.date | None:
    if y:
        yy = int(y)
        if yy < 100:
            yy += 2000
        return _mk(yy, m, d)
    if pub is None:
        return None
    cand = _mk(pub.year, m, d)
    if cand and cand > pub + dt.timedelta(days=1):
        cand = _mk(pub.year - 1, m, d)
    return cand


def _weekday_before(pub: dt.date, weekday: int, strictly: bool) -> dt.date:
    delta = (pub.weekday() - weekday) % 7
    if delta == 0 and strictly:
        delta = 7
    return pub - dt.timedelta(days=delta)


def find_dates(text: str, published_at=None) -> list[dict]:
    """Every date expression: [{"date", "start", "end", "text", "kind"}] (kind: absolute,
    partial (no year), relative)."""
    pub = _parse_iso(published_at)
    out = []
    for m in _NUMERIC.finditer(text):
        d, mo = int(m.group("d")), int(m.group("m"))
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            continue
        # a bare "1/2" without a day name or parentheses is too often a fraction
        if not m.group("y") and not m.group("dayname") and "(" not in m.group(0):
            continue
        date = _with_year(mo, d, m.group("y"), pub)
        if date:
            out.append(
                {
                    "date": date,
                    "start": m.start(),
                    "end": m.end(),
                    "text": m.group(0),
                    "kind": "absolute" if m.group("y") else "partial",
                }
            )
    for m in _NAMED.finditer(text):
        mon = MONTHS[m.group("mon").lower()]
        date = _with_year(mon, int(m.group("d")), m.group("y"), pub)
        if date:
            out.append(
                {
                    "date": date,
                    "start": m.start(),
                    "end": m.end(),
                    "text": m.group(0),
                    "kind": "absolute" if m.group("y") else "partial",
                }
            )
    if pub is not None:
        taken = [(o["start"], o["end"]) for o in out]
        for m in _RELATIVE.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            rel = m.group("rel").lower()
            date = None
            if rel.startswith(("kemarin lusa",)):
                date = pub - dt.timedelta(days=2)
            elif rel.startswith(("kemarin", "kmrn", "kemaren", "semalam", "tadi malam")):
                date = pub - dt.timedelta(days=1)
            elif rel.startswith(("hari ini", "td", "tadi")):
                date = pub
            elif rel.startswith(("pekan lalu", "minggu lalu")):
                date = pub - dt.timedelta(days=7)
            elif m.group("day"):
                date = _weekday_before(pub, DAYS[m.group("day").lower()], strictly=True)
            elif m.group("ago"):
                n = parse_number(m.group("ago"))
                if n is not None and n < 60:
                    date = pub - dt.timedelta(days=n)
            if date:
                out.append(
                    {
                        "date": date,
                        "start": m.start(),
                        "end": m.end(),
                        "text": m.group(0),
                        "kind": "relative",
                    }
                )
        for m in _DAYNAME_ONLY.finditer(text):
            if any(s <= m.start("day") < e for s, e in taken) or any(
                o["start"] <= m.start("day") < o["end"] for o in out
            ):
                continue
            date = _weekday_before(pub, DAYS[m.group("day").lower()], strictly=False)
            out.append(
                {
                    "date": date,
                    "start": m.start("day"),
                    "end": m.end("day"),
                    "text": m.group("day"),
                    "kind": "relative",
                }
            )
    out.sort(key=lambda o: o["start"])
    return out


def event_date(text: str, published_at=None) -> tuple[str | None, dict | None]:
    """The event's date: the first explicit day in the text that is not after publication,
    else the first relative expression, else None. Returns (ISO date, evidence)."""
    pub = _parse_iso(published_at)
    cands = find_dates(text, published_at)
    if pub is not None:
        cands = [
            c
            for c in cands
            if c["date"] <= pub + dt.timedelta(days=1)
            and c["date"] >= pub - dt.timedelta(days=3650)
        ]
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


# ------------------------------------------------------------------ casualties
_NUMWORD = (
    r"(?:\d+(?:[.,]\d+)?|se(?:orang|buah)|satu|dua|tiga|empat|lima|enam|tujuh|delapan"
    r"|sembilan|sepuluh|sebelas|seratus|seribu|belasan|puluhan|ratusan|ribuan)"
    r"(?:\s+(?:belas|puluh|ratus|ribu))?"
    r"(?:\s+(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?"
)
_WHO = (
    r"(?:\s+(?:orang|warga|korban|jiwa|pemuda|remaja|demonstran|pengunjuk\s+rasa|mahasiswa"
    r"|polisi|anggota|personel|aparat|petugas|pekerja|karyawan|buruh|anak|siswa|pelajar"
    r"|orang\s+warga|org))?"
)
_DEAD_WORD = (
    r"(?:tewas|meninggal(?:\s+dunia)?|mati|terbunuh|gugur|korban\s+jiwa|kehilangan\s+nyawa)"
)
_HURT_WORD = (
    r"(?:luka[-\s]luka|luka\s+(?:berat|ringan|parah|serius|bacok|tusuk|tembak)"
    r"|terluka(?:\s+(?:parah|serius))?|cedera|mengalami\s+luka|dirawat|luka)"
)
_DEAD = [
    re.compile(
        r"\b(?P<n>"
        + _NUMWORD
        + r")"
        + _WHO
        + r"(?:\s+\w+){0,2}?\s+(?:dilaporkan\s+|dikabarkan\s+|ditemukan\s+)?"
        + _DEAD_WORD
        + r"\b",
        re.I,
    ),
    re.compile(
        r"\b(?:menewaskan|merenggut\s+nyawa|menelan\s+korban(?:\s+jiwa)?|korban\s+(?:tewas|jiwa|meninggal)(?:\s+\w+)?\s+(?:sebanyak|mencapai|bertambah\s+menjadi|menjadi)?)\s*(?P<n>"
        + _NUMWORD
        + r")",
        re.I,
    ),
]
_HURT = [
    re.compile(
        r"\b(?P<n>"
        + _NUMWORD
        + r")"
        + _WHO
        + r"(?:,?\s+(?!tewas|meninggal|dan\b|serta\b|sedangkan\b)[\w.-]+){0,6}?,?\s+"
        + r"(?:menderita\s+|mengalami\s+|sempat\s+)?"
        + _HURT_WORD
        + r"\b",
        re.I,
    ),
    re.compile(
        r"\b(?:melukai|korban\s+luka(?:[-\s]luka)?(?:\s+\w+)?\s+(?:sebanyak|mencapai)?)\s*(?P<n>"
        + _NUMWORD
        + r")",
        re.I,
    ),
    re.compile(
        r"\b(?:pengeroyokan|penganiayaan|penyerangan|pembacokan|penusukan)\s+(?:terhadap\s+)?(?P<n>"
        + _NUMWORD
        + r")"
        + _WHO
        + r"\b",
        re.I,
    ),
]
# a named person (or initials) who died / was hurt counts as one
_ONE_DEAD = re.compile(
    r"\b(?P<n>[A-Z][a-z]+|[A-Z]{2,3})(?:\s+\(\d+\))?(?:\s+[\w()]+){0,3}?\s+(?:tewas|meninggal\s+dunia)\b"
)
_ONE_HURT = re.compile(
    r"\b(?P<n>[A-Z][a-z]+|[A-Z]{2,3})(?:\s+\(\d+\))?\s+(?:luka\s+(?:parah|berat|serius)|terluka|terkapar)\b"
)
_NOT_COUNT = re.compile(
    r"(?:persen|%|tahun|thn|hari|jam|ha|hektare|km|meter|rp|juta|miliar)$", re.I
)


# cheap pre-checks: most texts mention no casualties at all
_DEAD_KEYS = ("tewas", "meninggal", "mati", "terbunuh", "gugur", "korban", "nyawa", "menewaskan")
_HURT_KEYS = (
    "luka",
    "cedera",
    "dirawat",
    "terkapar",
    "pengeroyokan",
    "penganiayaan",
    "penyerangan",
    "pembacokan",
    "penusukan",
)
_NOT_NAMES = {
    "yang",
    "korban",
    "warga",
    "tidak",
    "belum",
    "ia",
    "dia",
    "dan",
    "tak",
    "sempat",
    "polisi",
    "pelaku",
}


def _counts(text: str, patterns) -> list[tuple[int, str, int]]:
    found = []
    for rx in patterns:
        for m in rx.finditer(text):
            phrase = m.group("n")
            n = parse_number(phrase.replace(",", "."))
            if n is None or n > 100000:
                continue
            before = text[max(0, m.start() - 12) : m.start()].lower()
            if re.search(r"(?:usia|umur|berusia|pukul|tahun|rt|rw|km)\s*$", before):
                continue
            if _NOT_COUNT.search(phrase):
                continue
            found.append((n, m.group(0), m.start()))
    return found


def casualties(text: str) -> tuple[int | None, int | None, list[str]]:
    """(fatalities, injured, evidence phrases). The largest count stated for each is used
    (reports repeat and update counts; summing would double count)."""
    low = text.lower()
    dead = _counts(text, _DEAD) if any(k in low for k in _DEAD_KEYS) else []
    hurt = _counts(text, _HURT) if any(k in low for k in _HURT_KEYS) else []
    if not dead:
        dead = [
            (1, m.group(0), m.start())
            for m in _ONE_DEAD.finditer(text)
            if m.group("n").lower() not in _NOT_NAMES
        ]
    if not hurt:
        hurt = [
            (1, m.group(0), m.start())
            for m in _ONE_HURT.finditer(text)
            if m.group("n").lower() not in _NOT_NAMES
        ]
    dead_spans = {s for _, _, s in dead}
    hurt = [h for h in hurt if h[2] not in dead_spans]
    fat = max((n for n, _, _ in dead), default=None)
    inj = max((n for n, _, _ in hurt), default=None)
    ev = [p for _, p, _ in dead[:3]] + [p for _, p, _ in hurt[:3]]
    return fat, inj, ev


# ------------------------------------------------------------------ actors
_CAP = r"(?:[A-Z][\w'&-]*|[A-Z]{2,})"
_ACTOR_PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "perusahaan",
        re.compile(
            r"\b(?:PT|CV|PTPN)\.?\s+" + _CAP + r"(?:\s+" + _CAP + r"){0,4}(?:\s+\((?:[A-Z]{2,})\))?"
        ),
    ),
    (
        "warga",
        re.compile(
            r"\b[Ww]arga(?:\s+adat)?\s+(?:Desa|Ds\.|Kampung|Kelurahan|Kel\.|Dusun|Kecamatan|Kec\.)\s+"
            + _CAP
            + r"(?:\s+"
            + _CAP
            + r"){0,2}"
        ),
    ),
    (
        "aparat",
        re.compile(
            r"\b(?:Polres(?:ta)?|Polsek|Polda|Kodim|Koramil|Brimob|Satpol\s+PP|Kapolres(?:ta)?|Kapolsek|Dandim|Danramil)\b(?:\s+"
            + _CAP
            + r"){0,3}"
        ),
    ),
    (
        "aparat",
        re.compile(r"\b(?:polisi|aparat(?:\s+keamanan)?|TNI|Polri|Babinsa|Bhabinkamtibmas)\b"),
    ),
    (
        "pemerintah",
        re.compile(
            r"\b(?:DPRD|Pemkab|Pemkot|Pemprov|Bupati|Wali\s+Kota|Walkot|Gubernur|Camat|Kades|Kepala\s+Desa|Lurah|Kesbangpol|Disnaker(?:trans)?|DPMD|BPN)\b(?:\s+"
            + _CAP
            + r"){0,2}"
        ),
    ),
    ("forum", re.compile(r"\b(?:FKUB|FKDM|FPK|FPI)\b(?:\s+" + _CAP + r"){0,2}")),
    (
        "ormas",
        re.compile(r"\b(?:ormas|organisasi\s+kemasyarakatan)(?:\s+" + _CAP + r"){0,3}", re.I),
    ),
    ("mahasiswa", re.compile(r"\b(?:mahasiswa|BEM\s+" + _CAP + r"|aliansi\s+mahasiswa)\b", re.I)),
    (
        "serikat_pekerja",
        re.compile(
            r"\b(?:buruh|serikat\s+pekerja|karyawan|pekerja|sopir|pengemudi\s+ojol|ojol)\b", re.I
        ),
    ),
    (
        "kelompok_tani",
        re.compile(
            r"\b(?:kelompok\s+tani|petani|pekebun|koperasi\s+"
            + _CAP
            + r"(?:\s+"
            + _CAP
            + r"){0,2})\b",
            re.I,
        ),
    ),
    (
        "tokoh_agama",
        re.compile(r"\b(?:tokoh\s+agama|ulama|ustaz|pendeta|santri|jemaah|umat\s+\w+)\b", re.I),
    ),
    (
        "tokoh_adat",
        re.compile(r"\b(?:tokoh\s+adat|kepala\s+adat|masyarakat\s+adat|lembaga\s+adat)\b", re.I),
    ),
    ("pemuda", re.compile(r"\b(?:pemuda|remaja|pelajar|geng\s+\w+)\b", re.I)),
    ("massa", re.compile(r"\b(?:massa|warga)\b", re.I)),
]


def actors(text: str, limit: int = 12) -> list[dict]:
    """Actors mentioned: [{"text", "type"}], longest and earliest first, de-duplicated."""
    found: list[tuple[int, int, str, str]] = []
    for kind, rx in _ACTOR_PATTERNS:
        for m in rx.finditer(text):
            found.append((m.start(), m.end(), m.group(0).strip(" .,"), kind))
    found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    out, seen, taken_until = [], set(), -1
    for s, e, t, kind in found:
        if s < taken_until:
            continue
        key = t.lower()
        taken_until = e
        if key in seen:
            continue
        seen.add(key)
        out.append({"text": t, "type": kind})
    # specific actors before the generic "warga"/"massa"
    out.sort(key=lambda a: a["type"] == "massa")
    return out[:limit]
