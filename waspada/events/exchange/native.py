"""Our own event table (CSV, XLSX, GeoJSON properties, HXL-tagged CSV)."""

from django.utils.translation import gettext as _

from waspada.accounts.models import Classification
from waspada.areas.models import Area

from ..vocab import ActorType, Form, Relevance, Source, TimePrecision, Verification
from .fields import parse_choice, parse_date, parse_float, parse_int

NAME = "waspada"
# The values of each vocabulary, as sets (``X.values`` builds a list on every call).
_VALUES = {
    vocab: frozenset(vocab.values)
    for vocab in (Relevance, Form, ActorType, Classification, Verification, Source)
}
COLUMNS = [
    "id",
    "event_date",
    "time_precision",
    "area_code",
    "geo_precision",
    "latitude",
    "longitude",
    "location",
    "relevance",
    "form",
    "sources",
    "actor1",
    "actor1_type",
    "actor2",
    "actor2_type",
    "fatalities",
    "injured",
    "displaced",
    "property_damage",
    "summary",
    "classification",
    "verification",
    "external_source",
    "external_id",
]
HXL_TAGS = {
    "id": "#event+id",
    "event_date": "#date+occurred",
    "time_precision": "#date+precision",
    "area_code": "#adm3+code",
    "geo_precision": "#geo+precision",
    "latitude": "#geo+lat",
    "longitude": "#geo+lon",
    "location": "#loc+name",
    "relevance": "#event+relevance",
    "form": "#event+type",
    "sources": "#cause+list",
    "actor1": "#group+name+first",
    "actor1_type": "#group+type+first",
    "actor2": "#group+name+second",
    "actor2_type": "#group+type+second",
    "fatalities": "#affected+killed",
    "injured": "#affected+injured",
    "displaced": "#affected+displaced",
    "property_damage": "#impact+property",
    "summary": "#description",
    "classification": "#meta+classification",
    "verification": "#status+verification",
    "external_source": "#meta+source",
    "external_id": "#meta+id",
}


def detect(header: list[str]) -> bool:
    return {"event_date", "area_code", "summary"} <= set(header)


def export_row(event) -> list:
    return [
        event.pk,
        event.event_date.isoformat(),
        event.time_precision,
        event.area_id or "",
        event.geo_precision,
        "" if event.latitude is None else event.latitude,
        "" if event.longitude is None else event.longitude,
        event.location,
        event.relevance,
        event.form,
        ";".join(event.source_list),
        event.actor1,
        event.actor1_type,
        event.actor2,
        event.actor2_type,
        event.fatalities,
        event.injured,
        event.displaced,
        event.property_damage,
        event.summary,
        event.classification,
        event.verification,
        event.external_source,
        event.external_id,
    ]


def parse_row(row: dict, areas: dict[str, Area]):
    errors, fields = [], {}

    def take(name, fn):
        try:
            fields[name] = fn()
        except ValueError as e:
            errors.append(str(e))

    take("event_date", lambda: parse_date(row.get("event_date")))
    take(
        "time_precision",
        lambda: parse_int(row.get("time_precision"), "time_precision", TimePrecision.DAY),
    )
    take("geo_precision", lambda: parse_int(row.get("geo_precision"), "geo_precision", 2))
    take("latitude", lambda: parse_float(row.get("latitude"), "latitude", -90, 90))
    take("longitude", lambda: parse_float(row.get("longitude"), "longitude", -180, 180))
    take(
        "relevance",
        lambda: parse_choice(
            row.get("relevance"), "relevance", _VALUES[Relevance], Relevance.INCIDENT
        ),
    )
    take("form", lambda: parse_choice(row.get("form"), "form", _VALUES[Form]))
    take(
        "actor1_type",
        lambda: parse_choice(row.get("actor1_type"), "actor1_type", _VALUES[ActorType]),
    )
    take(
        "actor2_type",
        lambda: parse_choice(row.get("actor2_type"), "actor2_type", _VALUES[ActorType]),
    )
    for name in ("fatalities", "injured", "displaced"):
        take(name, lambda name=name: parse_int(row.get(name), name))
    take(
        "classification",
        lambda: parse_choice(
            row.get("classification"),
            "classification",
            _VALUES[Classification],
            Classification.BIASA,
        ),
    )
    take(
        "verification",
        lambda: parse_choice(
            row.get("verification"), "verification", _VALUES[Verification], Verification.BELUM
        ),
    )
    code = (row.get("area_code") or "").strip()
    if code:
        if code in areas:
            fields["area"] = areas[code]
        else:
            errors.append(_("area_code: unknown Kemendagri code '%(code)s'") % {"code": code})
    else:
        fields["area"] = None
    sources = [s.strip() for s in (row.get("sources") or "").split(";") if s.strip()]
    unknown = [s for s in sources if s not in _VALUES[Source]]
    if unknown:
        errors.append(_("sources: unknown %(names)s") % {"names": ", ".join(unknown)})
    summary = (row.get("summary") or "").strip()
    if not summary:
        errors.append(_("summary is empty"))
    fields.update(
        summary=summary,
        location=(row.get("location") or "").strip()[:200],
        actor1=(row.get("actor1") or "").strip()[:200],
        actor2=(row.get("actor2") or "").strip()[:200],
        property_damage=(row.get("property_damage") or "").strip()[:300],
        external_source=(row.get("external_source") or "").strip()[:20],
        external_id=(row.get("external_id") or "").strip()[:64],
    )
    return fields, sources, errors
