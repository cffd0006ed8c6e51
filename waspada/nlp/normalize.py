"""Normalisation of Indonesian text as it is really written.

Tokenising, URL / mention / hashtag handling, slang and abbreviation normalisation
(Ibrohim & Budi's *kamus alay*, shipped in ``data/slang_dictionary.csv``), and number words.
Everything here is regular expressions and dictionary look-ups: no stemming on the hot path.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

_ESCAPED_BYTES = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_MENTION = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*|[^\sa-z0-9]")
_WORD = re.compile(r"[a-z0-9]+")
_REPEAT3 = re.compile(r"([a-z])\1{2,}")
_NUM_SUFFIX = re.compile(r"^([a-z]+)2$")  # reduplication written with a 2: "anak2" -> "anak-anak"
_DATASET_TOKENS = re.compile(r"\b(?:RT|USER|URL)\b")
_ESC_NEWLINE = re.compile(r"\\n|\\t")
_BOILERPLATE = re.compile(
    r"^[ \t]*(?:SCROLL TO CONTINUE WITH CONTENT|ADVERTISEMENT"
    r"|(?:Simak|Tonton|Saksikan)(?:\s+juga)?\s+(?:[Vv]ideo|[Ll]ive)\b.*"
    r"|(?:Baca|Lihat)\s+[Jj]uga\s*:.*)[ \t]*$",
    re.M,
)


@functools.lru_cache(maxsize=1)
def slang_dictionary() -> dict[str, str]:
    """slang / typo form -> standard form (lower case)."""
    table: dict[str, str] = {}
    with open(DATA_DIR / "slang_dictionary.csv", encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 2:
                continue
            src, dst = row[0].strip().lower(), row[1].strip().lower()
            if src and dst and src != dst and src not in table:
                table[src] = dst
    return table


def _norm_token(tok: str, slang: dict[str, str]) -> str:
    hit = slang.get(tok)
    if hit is not None:
        return hit
    if len(tok) > 3:
        m = _NUM_SUFFIX.match(tok)
        if m:
            base = slang.get(m.group(1), m.group(1))
            return f"{base} {base}"
        squeezed = _REPEAT3.sub(r"\1", tok)
        if squeezed != tok:
            return slang.get(squeezed, squeezed)
    return tok


def strip_boilerplate(text: str) -> str:
    """Drop web-page furniture that carries other stories' words ("Simak juga Video: Demo
    ricuh ...", "Baca juga: ...", "SCROLL TO CONTINUE WITH CONTENT")."""
    return _BOILERPLATE.sub("", text)


def clean_social(text: str) -> str:
    """Strip social-media noise but keep the words: escaped emoji bytes, URLs, mentions,
    the USER/URL/RT placeholders of the tweet corpus; hashtags become their words."""
    text = _ESCAPED_BYTES.sub(" ", text)
    text = _ESC_NEWLINE.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _DATASET_TOKENS.sub(" ", text)
    text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    return text


_TOKEN_CACHE: dict[str, str] = {}


def _norm_cached(tok: str, table: dict[str, str]) -> str:
    out = _TOKEN_CACHE.get(tok)
    if out is None:
        if len(_TOKEN_CACHE) > 200_000:
            _TOKEN_CACHE.clear()
        out = _TOKEN_CACHE[tok] = _norm_token(tok, table)
    return out


def normalize(text: str, slang: bool = True) -> str:
    """Lower-cased, de-noised text with slang mapped to standard Indonesian.

    >>> normalize("Gak ngerti yg dia omongin bgt!! #SaveKPK")
    'tidak mengerti yang dia omongin banget ! ! save kpk'
    """
    return normalize_cleaned(clean_social(text).lower(), slang)


def normalize_cleaned(text: str, slang: bool = True) -> str:
    """``normalize`` of a text that is already ``clean_social(...).lower()``."""
    table = slang_dictionary() if slang else {}
    out = []
    for tok in _TOKEN.findall(text):
        if tok[0].isalnum():
            out.append(_norm_cached(tok, table) if slang else tok)
        else:
            out.append(tok)
    return " ".join(out)


def word_set(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list (the word lists of the rules)."""
    return frozenset(text.split())


def words(text: str) -> list[str]:
    """Plain lower-case word tokens (no slang mapping)."""
    return _WORD.findall(text.lower())


_UNITS = {
    "nol": 0,
    "satu": 1,
    "se": 1,
    "seorang": 1,
    "sebuah": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "seribu": 1000,
}


def parse_number(phrase: str) -> int | None:
    """Indonesian number words or digits -> int ("dua belas" -> 12, "3" -> 3,
    "puluhan" -> 20 as a lower bound, "seorang" -> 1). None when not a number."""
    phrase = phrase.strip().lower()
    if not phrase:
        return None
    digits = phrase.replace(".", "").replace(",", "")
    if digits.isdigit():
        return int(digits)
    toks = phrase.split()
    total, cur = 0, 0
    seen = False
    for t in toks:
        if t in _UNITS:
            v = _UNITS[t]
            if v in (100, 1000):
                total += (cur or 1) * v if t not in ("seratus", "seribu") else v
                cur = 0
            else:
                cur += v
            seen = True
        elif t == "belas":
            cur = (cur or 1) + 10
            seen = True
        elif t == "puluh":
            cur = (cur or 1) * 10
            seen = True
        elif t == "ratus":
            total += (cur or 1) * 100
            cur = 0
            seen = True
        elif t == "ribu":
            total = (total + (cur or 1)) * 1000
            cur = 0
            seen = True
        elif t in ("puluhan", "belasan", "ratusan", "ribuan"):
            total += {"belasan": 11, "puluhan": 20, "ratusan": 100, "ribuan": 1000}[t]
            seen = True
        elif t.isdigit():
            cur += int(t)
            seen = True
        else:
            return None
    return total + cur if seen else None
