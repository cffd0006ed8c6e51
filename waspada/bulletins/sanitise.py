"""What a public text must not contain, checked before a bulletin is submitted and again
before it is published: personal contact data, identity numbers, links into the system."""

import re

from django.utils.translation import gettext as _

CHECKS = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "an e-mail address"),
    (re.compile(r"(?:\+62|\b0)8[\d\s-]{7,14}\d"), "a phone number"),
    (re.compile(r"\b\d{16}\b"), "an identity number (NIK)"),
    (re.compile(r"/(?:laporan|peristiwa|peringatan|admin)/\d*"), "a link into the system"),
    (re.compile(r"\b(?:terbatas|rahasia)\b", re.IGNORECASE), "a classification marking"),
]


def problems(text: str) -> list[str]:
    return [
        _("It contains %(what)s.") % {"what": what}
        for pattern, what in CHECKS
        if pattern.search(text or "")
    ]


def bulletin_problems(bulletin) -> list[str]:
    found = problems(bulletin.title) + problems(bulletin.summary)
    for entry in bulletin.entries.all():
        found += [f"{entry.area.name}: {p}" for p in problems(entry.advice)]
        if entry.area.level != "kecamatan":
            found.append(_("%(area)s is not a kecamatan.") % {"area": entry.area.name})
    return list(dict.fromkeys(found))
