"""The structured SMS syntax (documented in docs/intake.md):

    LAPOR <desa> <pesan>          LAPOR Sukamaju warga memblokade jalan tambang
    LAPOR <kode desa> <pesan>     LAPOR 64.02.06.1001 ada keributan di pasar
    LAPOR#<desa>#<pesan>          LAPOR#Loa Ipuh#spanduk provokatif dipasang
    CEK <kode lacak>              CEK ABCD-2345

The place may also be a kecamatan. Desa names are matched without regard to case, spaces
or the words "desa"/"kelurahan"; a name shared by several desa is kept as written only
(send the code instead). A message that does not follow the syntax is stored all the same.
"""

import re
import threading
from dataclasses import dataclass

from waspada.areas.models import Area, Level

KEYWORDS = ("LAPOR", "LAP", "REPORT")
STATUS_KEYWORDS = ("CEK", "STATUS")
_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$")
_TRACKING = re.compile(r"^[A-Z2-9]{4}-?[A-Z2-9]{4}$")
_PREFIXES = ("desa", "kelurahan", "kel", "ds", "kecamatan", "kec")


@dataclass
class ParsedSms:
    text: str
    area_code: str = ""
    place_text: str = ""
    structured: bool = False
    tracking_code: str = ""  # for CEK


def _norm(words) -> str:
    return " ".join(w.lower() for w in words)


class _Names:
    def __init__(self):
        self.by_name: dict[str, list[str]] = {}
        for code, name, level in (
            Area.objects.in_regency()
            .filter(level__in=[Level.DESA, Level.KECAMATAN])
            .values_list("code", "name", "level")
        ):
            key = _norm(name.split())
            # A desa wins over a kecamatan of the same name (the more precise place).
            self.by_name.setdefault(key, [])
            if level == Level.DESA:
                self.by_name[key].insert(0, code)
            else:
                self.by_name[key].append(code)

    def match(self, words: list[str]) -> tuple[str, str, int]:
        """(code or "", the place as written, words used) for the longest known name."""
        start = 1 if words and words[0].lower().strip(".") in _PREFIXES else 0
        for n in range(min(5, len(words) - start), 0, -1):
            key = _norm(words[start : start + n])
            codes = self.by_name.get(key)
            if codes:
                desa = [c for c in codes if c.count(".") == 3]
                chosen = desa[0] if len(desa) == 1 else (codes[0] if not desa else "")
                return chosen, " ".join(words[: start + n]), start + n
        return "", "", 0


_lock = threading.Lock()
_names: _Names | None = None


def names() -> _Names:
    global _names
    with _lock:
        if _names is None:
            _names = _Names()
        return _names


def reset() -> None:
    global _names
    with _lock:
        _names = None


def parse(body: str) -> ParsedSms:
    text = (body or "").strip()
    if not text:
        return ParsedSms(text="")
    head, _, rest = text.partition("#") if "#" in text.split()[0] else ("", "", "")
    if head.upper() in KEYWORDS:
        place, _, message = rest.partition("#")
        place = place.strip()
        code = place if _CODE.match(place) else ""
        if not code:
            code, _written, used = names().match(place.split())
            if used != len(place.split()):
                code = ""
        return ParsedSms(text=message.strip(), area_code=code, place_text=place, structured=True)
    words = text.split()
    keyword = words[0].upper()
    if keyword in STATUS_KEYWORDS and len(words) == 2 and _TRACKING.match(words[1].upper()):
        code = words[1].upper()
        if "-" not in code:
            code = f"{code[:4]}-{code[4:]}"
        return ParsedSms(text=text, tracking_code=code, structured=True)
    if keyword not in KEYWORDS or len(words) < 2:
        return ParsedSms(text=text)
    rest = words[1:]
    if _CODE.match(rest[0]):
        return ParsedSms(
            text=" ".join(rest[1:]), area_code=rest[0], place_text=rest[0], structured=True
        )
    code, written, used = names().match(rest)
    if used:
        return ParsedSms(
            text=" ".join(rest[used:]), area_code=code, place_text=written, structured=True
        )
    return ParsedSms(text=" ".join(rest), structured=True)
