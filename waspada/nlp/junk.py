"""Is a text junk rather than a report? Markup and test strings, strings with no words,
repeated characters, keyboard mashing, placeholders.

A junk text is analysed as ``none`` with severity 0, flagged (``Analysis.junk``) and put at
the bottom of the triage queue (urgency 0). It is kept, like every report: only its place in
the queue changes.
"""

from __future__ import annotations

import re

from .normalize import word_set

_TAG = re.compile(r"<\s*/?\s*[a-z][a-z0-9]*\b[^>]*>|<!--.*?-->", re.I | re.S)
_CODE = re.compile(
    r"<\s*(?:script|iframe|object|embed|svg|img|style)\b|javascript\s*:|\bon[a-z]+\s*=|"
    r"document\.cookie|\balert\s*\(|"
    # SQL and template injection test strings
    r"'\s*or\s+'?1'?\s*=\s*'?1|\bunion\s+select\b|\bdrop\s+table\b|;\s*--|--\s*$|"
    r"\{\{.*\}\}|\$\{.*\}|<%.*%>",
    re.I,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
# words that make a "report" of nothing but themselves: test strings, placeholders, filler
PLACEHOLDERS = word_set(
    """test tes tess testing tst coba cobacoba percobaan ok oke okay okey null none nil nan
    undefined na lorem ipsum dolor sit amet asdf asdfg asdfgh asdfghjkl qwerty qwertyuiop
    zxcv zxcvbnm alert script hello halo hallo helo hai hi xx xxx abc abcd abcde aaa bbb ccc
    """
)


# words that say what a test is about ("tes laporan", "TEST LAPORAN 1"): junk beside a test word
ABOUT_A_TEST = word_set("laporan lapor report pesan sms form formulir aplikasi sistem input data")
TEST_WORDS = word_set("test tes tess testing tst coba cobacoba percobaan")


def junk_reason(text: str | None) -> str | None:
    """Why the text is junk (``markup``, ``no words``, ``repeated characters``,
    ``placeholder``), or None for a text worth reading."""
    text = (text or "").strip()
    if not text:
        return "no words"
    if len(text) > 300 and len(_WORD.findall(text[:300])) >= 15:
        return None  # a text of many words is not junk (and a long one is not worth the scan)
    has_code = bool(_CODE.search(text))
    stripped = _TAG.sub(" ", text)
    words = [w.lower() for w in _WORD.findall(stripped)]
    real = [
        w
        for w in words
        if w not in PLACEHOLDERS and not _one_letter(w) and not _repeated(w) and not _runs(w)
    ]
    if real and set(words) & TEST_WORDS and all(w in ABOUT_A_TEST for w in real):
        real = []
    if has_code and len(real) < 3:
        return "markup"
    if stripped.strip() != text and len(real) < 3:
        return "markup"  # '<a href="...">klik disini</a>'
    if len(set(real)) == 1 and real[0] in ABOUT_A_TEST:
        return "placeholder"  # "lapor lapor lapor"
    if not words:
        compact = re.sub(r"\s", "", text)
        if len(compact) >= 2 and len(set(compact)) <= 2:
            return "repeated characters"
        return "no words"
    if not real:
        if all(_one_letter(w) or _repeated(w) or _runs(w) for w in words):
            return "repeated characters"
        return "placeholder"
    if len(real) == 1 and _keyboard(real[0]):
        return "placeholder"
    return None


def _repeated(word: str) -> bool:
    """One short piece said again and again: "asdasdasd", "hahahaha" (three times or more)."""
    n = len(word)
    return n >= 6 and any(
        n % k == 0 and n // k >= 3 and word == word[:k] * (n // k) for k in (2, 3, 4)
    )


def _runs(word: str) -> bool:
    """A few letters each held down: "aaaaabbbbbccccc"."""
    runs = 1 + sum(1 for a, b in zip(word, word[1:], strict=False) if a != b)
    return len(word) >= 6 and runs * 3 <= len(word)


def _one_letter(word: str) -> bool:
    """aaaa, hhhhhh: one letter repeated (two-letter words like "ok" are not this)."""
    return len(word) >= 3 and len(set(word)) == 1


_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _keyboard(word: str) -> bool:
    """A run along one keyboard row (asdfgh, qwerty), five letters or more."""
    return len(word) >= 5 and any(word in row for row in _ROWS)
