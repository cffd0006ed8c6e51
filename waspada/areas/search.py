"""Finding an area of the regency by name, as people type it: "rapak lambur", "Loa Koeloe",
"kel. Timbau", "Muara Jawa'", a Kemendagri code, or a small typo.

``search`` ranks the regency's kecamatan and desa/kelurahan: the user's scope first, then
exact names, names that start with the words typed, names that contain them, and close
spellings. ``resolve`` turns what a form received (a code, or a name picked or typed without
JavaScript) into one area, or says why it cannot.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .models import Area, Level

CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
# Words people put before a name: "Desa Loa Ipuh", "kel. Timbau", "Kec. Tenggarong".
PREFIXES = ("kelurahan", "kel", "desa", "ds", "kecamatan", "kec", "kampung", "kp")
# Old and local spellings (the 1947 and 1972 reforms; colonial maps and signboards).
VARIANTS = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"), ("nj", "ny"))


def key(text: str) -> str:
    """A comparable form of a name: no accents, case, punctuation, prefix or old spelling."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while words and words[0] in PREFIXES:
        words = words[1:]
    text = " ".join(words)
    for old, new in VARIANTS:
        text = text.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", text)  # "Muarra" = "Muara"


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    level: str  # kecamatan, desa, kelurahan
    kecamatan: str  # the kecamatan's name ("" for a kecamatan)
    in_scope: bool

    @property
    def label(self) -> str:
        kind = {"kecamatan": _("Kecamatan"), "desa": _("Desa"), "kelurahan": _("Kelurahan")}
        kec = _("Kec.")
        where = f", {kec} {self.kecamatan}" if self.kecamatan else ""
        return f"{kind[self.level]} {self.name}{where}"

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level,
            "kecamatan": self.kecamatan,
            "label": self.label,
            "in_scope": self.in_scope,
        }


def _rows(regency: str) -> list[tuple[str, str, str, str]]:
    """(code, name, level, kecamatan name) of the regency's kecamatan and desa."""
    areas = list(
        Area.objects.in_regency(regency)
        .filter(level__in=[Level.KECAMATAN, Level.DESA])
        .values_list("code", "name", "level")
    )
    kecamatan = {code: name for code, name, level in areas if level == Level.KECAMATAN}
    rows = []
    for code, name, level in areas:
        if level == Level.KECAMATAN:
            rows.append((code, name, "kecamatan", ""))
        else:
            kind = "kelurahan" if code.rsplit(".", 1)[-1].startswith("1") else "desa"
            rows.append((code, name, kind, kecamatan.get(code.rsplit(".", 1)[0], "")))
    return rows


def search(query: str, user=None, *, limit: int = 10, regency: str | None = None) -> list[Hit]:
    regency = regency or settings.WASPADA_REGENCY
    query = (query or "").strip()
    if not query:
        return []
    scope = user.scope_codes() if user is not None and user.is_authenticated else None
    rows = _rows(regency)

    def hit(row) -> Hit:
        code, name, level, kec = row
        in_scope = scope is None or code[:8] in scope
        return Hit(code, name, level, kec, in_scope)

    if CODE.match(query):
        return [hit(r) for r in rows if r[0].startswith(query)][:limit]
    q = key(query)
    if not q:
        return []
    ranked: list[tuple[tuple, Hit]] = []
    keys = {r[0]: key(r[1]) for r in rows}
    for row in rows:
        k = keys[row[0]]
        if k == q:
            quality = 0
        elif k.startswith(q):
            quality = 1
        elif f" {q}" in f" {k}":
            quality = 2  # a later word starts with it ("lambur" in "rapak lambur")
        elif q in k:
            quality = 3
        elif len(q) >= 4 and difflib.SequenceMatcher(None, q, k).ratio() >= 0.8:
            quality = 4  # a typo: "Rapak Lambor", "Tengarong"
        else:
            continue
        h = hit(row)
        ranked.append(((not h.in_scope, quality, row[2] == "kecamatan", row[1]), h))
    ranked.sort(key=lambda pair: pair[0])
    return [h for _, h in ranked[:limit]]


class Unresolved(ValueError):
    """What a user typed names no area, or more than one."""


def resolve(value: str, user=None, *, regency: str | None = None) -> Area | None:
    """The area a form field names: a Kemendagri code of the regency or one clear name."""
    regency = regency or settings.WASPADA_REGENCY
    value = (value or "").strip()
    if not value:
        return None
    code = value.split(" ", 1)[0]
    if CODE.match(code):
        area = Area.objects.in_regency(regency).defer("geometry").filter(code=code).first()
        if area is None:
            raise Unresolved(_("No area of this regency has that code."))
        return area
    hits = search(value, user, limit=5, regency=regency)
    exact = [h for h in hits if key(h.name) == key(value) or key(h.label) == key(value)]
    if len(exact) == 1 or (len(hits) == 1 and exact == []):
        chosen = exact[0] if exact else hits[0]
        return Area.objects.defer("geometry").get(code=chosen.code)
    if not hits:
        raise Unresolved(_("No desa, kelurahan or kecamatan of this regency has that name."))
    names = "; ".join(h.label for h in hits)
    raise Unresolved(
        _("More than one area has that name: %(names)s. Choose one.") % {"names": names}
    )
