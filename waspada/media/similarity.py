"""Near-duplicate detection: MinHash over word shingles, with a banded LSH index.

Pure Python and numpy (no Django), so the bench and the threshold measurement use exactly this
code. How the numbers below were chosen: docs/media.md ("One story, many outlets").

  signature(text)        -> 128 uint32 values (bytes, 512 B, stored on the Article)
  bands(signature)       -> 64 (band number, 64-bit value) pairs for the index
  similarity(sig1, sig2) -> estimated Jaccard similarity of the two shingle sets
"""

import hashlib
import re
import struct

import numpy as np

NUM_PERM = 128
# 64 bands of 2 rows: a pair with Jaccard 0.3 shares a band with p = 1-(1-0.3²)⁶⁴ ≈ 0.998,
# 0.1 with p ≈ 0.47, 0.02 with p ≈ 0.03; candidates are then checked against THRESHOLD.
BANDS = 64
ROWS = NUM_PERM // BANDS
SHINGLE = 3  # words
# Estimated Jaccard similarity at or above which two articles tell the same story.
THRESHOLD = 0.3
# Texts shorter than this (in words) are matched only by their exact content hash.
MIN_WORDS = 8

_PRIME = np.uint64((1 << 61) - 1)
_MAX32 = np.uint64((1 << 32) - 1)
_rng = np.random.RandomState(20250923)  # fixed: stored signatures must stay comparable
_A = _rng.randint(1, (1 << 32) - 1, size=NUM_PERM, dtype=np.uint64)
_B = _rng.randint(0, (1 << 32) - 1, size=NUM_PERM, dtype=np.uint64)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _hashes(items: set[str]) -> np.ndarray:
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little")
            for s in items
        ),
        dtype=np.uint64,
        count=len(items),
    )


def signature(text: str) -> bytes | None:
    """The MinHash signature of ``text``; None when it is too short to compare by content."""
    items = shingles(text)
    if len(words(text)) < MIN_WORDS or not items:
        return None
    hv = _hashes(items)
    with np.errstate(over="ignore"):
        permuted = ((np.outer(hv, _A) + _B) % _PRIME) & _MAX32
    return permuted.min(axis=0).astype("<u4").tobytes()


def _values(sig: bytes) -> np.ndarray:
    return np.frombuffer(sig, dtype="<u4")


def similarity(a: bytes, b: bytes) -> float:
    return float(np.mean(_values(a) == _values(b)))


def bands(sig: bytes) -> list[tuple[int, int]]:
    """(band number, signed 64-bit hash of its rows): equal values mean a shared band."""
    out = []
    for i in range(BANDS):
        chunk = sig[i * ROWS * 4 : (i + 1) * ROWS * 4]
        (value,) = struct.unpack("<q", hashlib.blake2b(chunk, digest_size=8).digest())
        out.append((i, value))
    return out


def jaccard(a: str, b: str) -> float:
    """The exact Jaccard similarity of two texts' shingle sets (for measurement and tests)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
