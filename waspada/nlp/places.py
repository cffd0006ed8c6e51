"""Place mentions resolved to Kemendagri area codes.

The resolver takes the gazetteer as plain data (rows of code, name, level, parent_code), so it
does not depend on Django; by default it reads the national list shipped in
``waspada/areas/data/indonesia_areas.csv.gz`` (Kepmendagri No 300.2.2-2138 Tahun 2025, from
github.com/cahyadsn/wilayah, MIT, Copyright (c) 2017-2025 Cahya DSN).

How a mention is found and resolved:

* The text is tokenised (hyphens split, so *Sanga-Sanga* = *Sanga Sanga*) and scanned for the
  longest gazetteer name (up to 6 words) at each position.
* A mention counts when it is introduced by a context word (Desa, Ds., Kelurahan, Kel.,
  Kecamatan, Kec., Kabupaten, Kab., Kota, Provinsi, Kampung ...), or when it is a capitalised
  province / regency / city name, an abbreviation (*Kukar*, *Kaltim*, ...), or a capitalised
  kecamatan/desa name of the deployment's regency. Elsewhere a bare desa name is accepted only
  when a parent area (its kecamatan or regency) is also mentioned.
* Among same-named areas the resolver prefers the level named by the context word, areas
  whose ancestors are mentioned nearby ("Loa Kulu, Kukar"), then areas in the deployment's
  regency, then its province.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .normalize import slang_dictionary

DATA_DIR = Path(__file__).parent / "data"
# The national list is shipped once, with the gazetteer app (a plain file: nothing of Django is
# imported to read it).
NATIONAL_AREAS = Path(__file__).parent.parent / "areas" / "data" / "indonesia_areas.csv.gz"
MAX_NAME_TOKENS = 6
_PUNCT = frozenset(".,():")
_REDUP = re.compile(r"^([A-Za-z]{3,})2$")

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?|\.|,|\(|\)|:")

# context word (lower case, as tokens) -> levels it points at
CONTEXT_WORDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("desa",): ("desa", "kelurahan"),
    ("ds",): ("desa", "kelurahan"),
    ("kampung",): ("desa", "kelurahan"),
    ("kelurahan",): ("kelurahan", "desa"),
    ("kel",): ("kelurahan", "desa"),
    ("kecamatan",): ("kecamatan",),
    ("kec",): ("kecamatan",),
    ("kabupaten",): ("kabupaten",),
    ("kab",): ("kabupaten",),
    ("kota",): ("kota",),
    ("kotamadya",): ("kota",),
    ("provinsi",): ("provinsi",),
    ("prov",): ("provinsi",),
}

_DIRECTIONS = frozenset(["utara", "selatan", "barat", "timur", "tengah", "baru", "raya"])
# one-word names that are also everyday words, ethnic groups or islands: context word needed
RISKY_NAMES = frozenset(
    [
        # names that news mostly uses for something else (Polda Metro Jaya, Kuningan in
        # Jakarta, Selat Malaka, "serang" = attack)
        "metro",
        "kuningan",
        "malaka",
        "serang",
        "batu",
        "bone",
        "buru",
        "pati",
        "banjar",
        "muna",
        "alor",
        "agam",
        "kaur",
        "lingga",
        "tual",
        "sigi",
        "kota",
        "jawa",
        "kutai",
        "bugis",
        "dayak",
        "toraja",
        "minang",
        "lombok",
        "bali",
        "madura",
        "batak",
        "sunda",
        "cina",
        "tionghoa",
        "arab",
        "melayu",
        "flores",
        "ambon",
        "papua",
        "aceh",
        "timor",
    ]
)

# everyday words that are also one-word desa names of Kukar: written in lower case they are the
# word, not the place ("melintang" = across, "kersik" = gravel, "muai" = to swell)
LOWERCASE_WORDS = frozenset(
    ["melintang", "kersik", "muai", "pela", "teratak", "tunjungan", "perian"]
)

LEVEL_DEPTH = {"provinsi": 1, "kabupaten": 2, "kota": 2, "kecamatan": 3, "desa": 4, "kelurahan": 4}


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    level: str  # provinsi | kabupaten | kota | kecamatan | desa | kelurahan
    parent_code: str | None

    def ancestors(self) -> list[str]:
        parts = self.code.split(".")
        return [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]


@dataclass(slots=True)
class Place:
    text: str
    code: str
    level: str
    name: str
    start: int
    end: int
    score: float

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "code": self.code,
            "level": self.level,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
        }


def _fine_level(code: str, name: str, level: str) -> str:
    n = code.count(".")
    if n == 0:
        return "provinsi"
    if n == 1:
        if level in ("kabupaten", "kota"):
            return level
        return "kota" if name.lower().startswith("kota ") else "kabupaten"
    if n == 2:
        return "kecamatan"
    if level in ("desa", "kelurahan"):
        return level
    return "kelurahan" if code.split(".")[-1].startswith("1") else "desa"


def _key(name: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in re.findall(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?", name))


def _strip_prefix(name: str) -> str:
    for p in (
        "Kabupaten ",
        "Kota Administrasi ",
        "Kota ",
        "Daerah Istimewa ",
        "Daerah Khusus Ibukota ",
    ):
        if name.startswith(p):
            return name[len(p) :]
    return name


def read_areas_csv(path: str | Path) -> list[Area]:
    """Rows of code,name,level,parent_code (plain or gzip CSV, header required)."""
    path = Path(path)
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    out = []
    for r in rows:
        code = r["code"].strip()
        name = r["name"].strip()
        out.append(
            Area(
                code,
                name,
                _fine_level(code, name, r.get("level", "")),
                r.get("parent_code") or None,
            )
        )
    return out


class Gazetteer:
    """Name index over areas. ``regency`` is the deployment's Kemendagri code (e.g. "64.02")."""

    def __init__(
        self,
        areas: Iterable[Area],
        regency: str = "64.02",
        aliases: dict[str, str] | None = None,
        common_words: Iterable[str] = (),
    ):
        self.regency = regency
        self.province = regency.split(".")[0]
        self._name_keys: dict[str, tuple[str, ...]] = {}
        self.areas: dict[str, Area] = {}
        self.index: dict[tuple[str, ...], list[str]] = defaultdict(list)
        for a in areas:
            self.areas[a.code] = a
            keys = {_key(a.name)}
            if a.level in ("provinsi", "kabupaten", "kota"):
                keys.add(_key(_strip_prefix(a.name)))
            keys |= {("".join(k),) for k in keys if 1 < len(k) <= 3}  # Marang Kayu = Marangkayu
            for k in keys:
                if k and len(k) <= MAX_NAME_TOKENS:
                    self.index[k].append(a.code)
        self.aliases: dict[tuple[str, ...], str] = {}
        for alias, code in (aliases or {}).items():
            if code in self.areas:
                self.aliases[_key(alias)] = code
        self.prefixes: set[tuple[str, ...]] = set()
        for k in list(self.index) + list(self.aliases):
            for i in range(1, len(k) + 1):
                self.prefixes.add(k[:i])
        big = set()
        for a in self.areas.values():
            if a.level in ("provinsi", "kabupaten", "kota"):
                k = _key(_strip_prefix(a.name))
                if len(k) == 1:
                    big.update(k)
        # tokens of province / regency names are names, not common words ("Malang", "Timur"
        # stays common through multi-word names only when every token is common)
        self.common = frozenset(w for w in common_words if w not in big or w in _DIRECTIONS)

    @classmethod
    def default(cls, regency: str = "64.02", aliases_path: str | Path | None = None) -> Gazetteer:
        return _default_gazetteer(regency, str(aliases_path) if aliases_path else None)

    def in_regency(self, code: str) -> bool:
        return code == self.regency or code.startswith(self.regency + ".")

    # ------------------------------------------------------------------ matching
    def find(self, text: str, max_places: int = 50, informal: bool = False) -> list[Place]:
        """Every place mentioned. ``informal``: the text is a report (SMS, chat, a form),
        where people write the names of their own desa without a context word, often in
        lower case ("sungai seluang ad pengroyokan", "Kampung Lama: ...", "Teluk Dalam
        Tenggarong Seberang"): names of the deployment's regency are then accepted as written
        with a capital even when made of everyday words, in lower case when they are not
        everyday words, and a one-word everyday name when it heads the text ("Liang: ...")
        or its kecamatan is mentioned. News keeps the stricter rules."""
        toks = []
        for m in _TOKEN.finditer(text):
            r = _REDUP.match(m.group(0)) if m.group(0)[-1] == "2" else None
            if r:  # "Sanga2" = "Sanga-Sanga"
                toks += [(r.group(1), m.start(), m.end())] * 2
            else:
                toks.append((m.group(0), m.start(), m.end()))
        low = [t[0].lower() for t in toks]
        n = len(toks)
        raw_mentions = []  # (i, j, keys-codes, context_levels, alias_code)
        i = 0
        while i < n:
            w = low[i]
            if not toks[i][0][:1].isalnum():
                i += 1
                continue
            # a full name that starts here ("Kota Bangun", "Kampung Baru", "Kota Samarinda")
            found = self._longest(low, i, n)
            ctx_levels: tuple[str, ...] = ()
            cs = i
            if (w,) in CONTEXT_WORDS and i + 1 < n and (found is None or found[1] - found[0] < 2):
                j0 = i + 1
                if low[j0] == "." and j0 + 1 < n:
                    j0 += 1
                if toks[j0][0][:1].isalnum():
                    f2 = self._longest(low, j0, n)
                    if f2 is not None:
                        found, ctx_levels = f2, CONTEXT_WORDS[(w,)]
            if found is None:
                i += 1
                continue
            s, e, codes, is_alias = found
            raw_mentions.append((s, e, codes, ctx_levels, is_alias, cs))
            i = e
        # first pass: what is mentioned with confidence (for parent support); each code
        # remembers the mentions that named it, so that a mention does not support itself
        # (a bare "Anggana" is the kecamatan, not the desa Anggana "in" the kecamatan Anggana)
        by: dict[str, set[int]] = defaultdict(set)
        candidates = []
        for k, (s, e, codes, ctx, is_alias, cs) in enumerate(raw_mentions):
            surface = text[toks[s][1] : toks[e - 1][2]]
            cap = surface[:1].isupper()
            key = tuple(low[s:e])
            if (
                cap
                and not ctx
                and (len(key) > 1 or not self._is_common(key))
                and not (len(key) == 1 and key[0] in RISKY_NAMES)
            ):
                # a capitalised kecamatan of the regency supports its desa ("Desa Tanjung
                # Harapan" after "Danramil Samboja" is the one in Samboja)
                for c in codes:
                    if self.in_regency(c) and self.areas[c].level == "kecamatan":
                        by[c].add(k)
            if ctx:
                cands = [c for c in codes if self.areas[c].level in ctx]
                strong = bool(cands)
            else:
                cands = list(codes)
                strong = is_alias
            candidates.append([s, e, surface, cands, ctx, is_alias, cap, key, strong, cs, k])
            if strong or (cap and not ctx):
                for c in cands:
                    a = self.areas[c]
                    if a.level in ("provinsi", "kabupaten", "kota") or strong:
                        by[c].add(k)
        mentioned_set = set(by)
        places: list[Place] = []
        for s, e, _surface, cands, ctx, is_alias, cap, key, strong, cs, k in candidates:
            if not cands:
                continue
            best = None
            for c in cands:
                a = self.areas[c]
                anc = a.ancestors()
                score = 0.0
                # a parent of the same name ("Kecamatan Kembang Janggut") does not make a bare
                # "Kembang Janggut" its desa: the bare name is the larger area
                support = sum(
                    1
                    for x in anc
                    if x in by and by[x] - {k} and self._name_key(x) != self._name_key(c)
                )
                score += 1.0 * support
                if self.in_regency(c):
                    # a report names its own desa ("Tanah Datar:" is not Kabupaten Tanah Datar)
                    score += 2.5 if informal else 1.5
                elif c.split(".")[0] == self.province:
                    score += 0.5
                if ctx and a.level == ctx[0]:
                    score += 0.5
                # national-level names by themselves
                if a.level in ("provinsi", "kabupaten", "kota"):
                    # a bare "Sukabumi" is the regency/city, not a same-named desa
                    score += 0.8 if ctx else 2.0
                    if not ctx and a.level == "kota":
                        score += 0.1  # a bare "Bandung" is the city more often than the regency
                if not ctx:  # a bare name: the larger area of that name (kecamatan Anggana)
                    score -= 0.05 * LEVEL_DEPTH[a.level]
                if best is None or score > best[0]:
                    best = (score, c, support)
            score, code, support = best
            a = self.areas[code]
            accept = False
            if strong:
                # "desa mandiri", "desa merah putih": a lower-case everyday word is no name
                accept = cap or is_alias or not self._is_common(key)
            elif a.level in ("provinsi", "kabupaten", "kota"):
                single = len(key) == 1
                accept = cap and (
                    a.level == "provinsi"
                    or not single
                    or not (self._is_common(key) or key[0] in RISKY_NAMES)
                )
            elif self.in_regency(code):
                # everyday words ("Perdana", "Mekar Jaya") need their kecamatan mentioned
                common = self._is_common(key)
                risky = len(key) == 1 and key[0] in RISKY_NAMES
                needs_parent = common or risky
                accept = cap and (not needs_parent or a.parent_code in mentioned_set)
                if not accept and cap and a.level == "kecamatan" and len(key) > 1 and not risky:
                    accept = True  # "Muara Jawa", "Kota Bangun": a kecamatan of the regency
                if informal and not accept:
                    header = s == 0 and e < n and low[e] in (":", ",")
                    if len(key) > 1 and not risky:
                        # "bukit biru ad prkelahian": a report that opens with its place
                        accept = cap or not common or s == 0
                    else:
                        word = not cap and key[0] in LOWERCASE_WORDS
                        accept = (not common and not risky and not word) or header
            elif a.level == "kecamatan" and code.startswith(self.province + "."):
                # kecamatan of the deployment's province, written with a capital
                accept = cap and (support > 0 or (len(key) > 1 and not self._is_common(key)))
            else:
                # elsewhere a bare name needs its own parent mentioned nearby
                # ("Kraton, Kota Jogja"); a mention of the province alone is not enough
                near = a.parent_code in mentioned_set or (
                    a.level in ("desa", "kelurahan")
                    and len(key) > 1
                    and ".".join(code.split(".")[:2]) in mentioned_set
                )
                accept = cap and near and not (len(key) == 1 and self._is_common(key))
            if not accept:
                continue
            ties = sum(1 for c in cands if c != code)
            conf = 0.55 + 0.1 * min(support, 2) + (0.15 if (ctx or is_alias) else 0.0)
            conf += 0.1 if self.in_regency(code) else 0.0
            conf -= min(0.25, 0.03 * ties) if not (ctx or is_alias or support) else 0.0
            conf = max(0.05, min(0.99, conf))
            start = toks[cs][1] if ctx else toks[s][1]
            places.append(
                Place(
                    text[start : toks[e - 1][2]], code, a.level, a.name, start, toks[e - 1][2], conf
                )
            )
            if len(places) >= max_places:
                break
        return places

    def _longest(self, low: list[str], j0: int, n: int):
        """The longest alias or area name starting at token j0 (grown word by word while it
        is still the beginning of some name)."""
        best = None
        key: tuple[str, ...] = ()
        prefixes = self.prefixes
        for L in range(1, min(MAX_NAME_TOKENS, n - j0) + 1):
            t = low[j0 + L - 1]
            if t in _PUNCT:
                break
            key = key + (t,)
            if key not in prefixes:
                break
            hit = self.aliases.get(key)
            if hit is not None:
                best = (j0, j0 + L, [hit], True)
                continue
            codes = self.index.get(key)
            if codes is not None:
                best = (j0, j0 + L, codes, False)
        return best

    def _name_key(self, code: str) -> tuple[str, ...]:
        key = self._name_keys.get(code)
        if key is None:
            key = self._name_keys[code] = _key(self.areas[code].name)
        return key

    def _is_common(self, key: tuple[str, ...]) -> bool:
        return all(t in self.common for t in key)

    def primary(self, places: list[Place], text_len: int | None = None) -> str | None:
        """The place of the event: the most specific, confident, early, and preferably
        inside the deployment's regency."""
        if not places:
            return None
        best = None
        for p in places:
            depth = LEVEL_DEPTH.get(p.level, 0)
            s = p.score + 0.25 * depth
            if self.in_regency(p.code):
                s += 0.4
            if text_len:
                s -= 0.5 * (p.start / max(text_len, 1))
            if best is None or s > best[0]:
                best = (s, p.code)
        return best[1]


@functools.lru_cache(maxsize=4)
def _default_gazetteer(regency: str, aliases_path: str | None) -> Gazetteer:
    areas = read_areas_csv(NATIONAL_AREAS)
    aliases = json.loads((DATA_DIR / "place_aliases.json").read_text(encoding="utf-8"))
    aliases = {k: v for k, v in aliases.items() if not k.startswith("_")}
    if aliases_path:
        aliases.update(json.loads(Path(aliases_path).read_text(encoding="utf-8")))
    return Gazetteer(areas, regency=regency, aliases=aliases, common_words=common_words())


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Standard Indonesian words (the normalised side of the slang dictionary, plus a few):
    a bare place name made only of these needs a context word."""
    words = set()
    for v in slang_dictionary().values():
        words.update(v.split())
    words.update(
        [
            "baru",
            "jaya",
            "makmur",
            "sari",
            "indah",
            "mulia",
            "maju",
            "raya",
            "bukit",
            "sungai",
            "batu",
            "tanjung",
            "muara",
            "teluk",
            "pulau",
            "kampung",
            "tengah",
            "ulu",
            "ilir",
            "hulu",
            "hilir",
            "utara",
            "selatan",
            "barat",
            "timur",
            "lama",
            "dalam",
            "luar",
            "besar",
            "kecil",
            "harapan",
            "sejahtera",
            "bersatu",
            "merdeka",
            "damai",
            "tani",
            "mekar",
            "bunga",
            "karya",
            "agung",
            "pasar",
            "perdana",
            "pendingin",
            "liang",
            "sentosa",
            "mandiri",
            "bhakti",
            "sumber",
            # "desa nelayan", "desa wisata", "desa binaan": kinds of village, not names
            "nelayan",
            "wisata",
            "adat",
            "binaan",
            "tertinggal",
            "sehat",
            "digital",
            "devisa",
            "energi",
            "budaya",
            "tangguh",
            "inovasi",
            "percontohan",
            "terpencil",
            "pesisir",
            "merah",
            "putih",
            "kota",
            "desa",
            "jalan",
        ]
    )
    return frozenset(words)
