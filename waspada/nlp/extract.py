"""Who: the actors a text names (companies, residents of a desa, security forces, officials,
forums, organisations, ...). Rules only. Dates are read by ``dates.py``, casualties by
``casualties.py``."""

from __future__ import annotations

import re

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
