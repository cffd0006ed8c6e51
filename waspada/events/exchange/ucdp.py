"""UCDP Georeferenced Event Dataset (GED) rows → events."""

from ..vocab import ActorType, Form, Relevance, TimePrecision, Verification
from .fields import parse_date, parse_float, parse_int

NAME = "ucdp"
REQUIRED = [
    "id",
    "date_start",
    "type_of_violence",
    "adm_1",
    "adm_2",
    "best",
    "latitude",
    "longitude",
]
# UCDP type_of_violence: 1 state-based, 2 non-state, 3 one-sided (against civilians).
FORMS = {"1": Form.BENTROK, "2": Form.BENTROK, "3": Form.KEKERASAN}
# date_prec 1 exact day … 5 a year; where_prec 1 exact … 7 international waters.
TIME_PRECISION = {"1": TimePrecision.DAY, "2": TimePrecision.WEEK, "3": TimePrecision.WEEK}


def detect(header: list[str]) -> bool:
    return {"date_start", "type_of_violence", "side_a"} <= set(header)


def _actor_type(name: str) -> str:
    lowered = name.lower()
    if lowered.startswith("government of"):
        return ActorType.TNI
    if lowered == "civilians":
        return ActorType.WARGA
    return ActorType.LAINNYA if name else ""


def parse_row(row: dict, areas):
    errors, fields = [], {}
    try:
        fields["event_date"] = parse_date((row.get("date_start") or "")[:10])
    except ValueError as e:
        errors.append(str(e))
    try:
        fields["fatalities"] = parse_int(row.get("best"), "best")
        fields["latitude"] = parse_float(row.get("latitude"), "latitude", -90, 90)
        fields["longitude"] = parse_float(row.get("longitude"), "longitude", -180, 180)
    except ValueError as e:
        errors.append(str(e))
    where = (row.get("where_prec") or "").strip()
    province, kabupaten = areas.resolve(row.get("adm_1", ""), row.get("adm_2", ""))
    code = kabupaten or province
    if kabupaten and not errors:
        # UCDP where_prec: 1 the exact place, 2 within about 25 km, 3 the second-order
        # administrative division (a kabupaten), more is larger: no admin3 column.
        code = (
            areas.deepest_area(
                kabupaten,
                "",
                fields["latitude"],
                fields["longitude"],
                precision={"1": 1, "2": 2}.get(where, 3),
            )
            or code
        )
    side_a, side_b = (row.get("side_a") or "").strip(), (row.get("side_b") or "").strip()
    headline = (row.get("source_headline") or "").strip()
    place = (row.get("where_coordinates") or row.get("where_description") or "").strip()
    fields.update(
        time_precision=TIME_PRECISION.get(
            (row.get("date_prec") or "").strip(), TimePrecision.MONTH
        ),
        geo_precision={"1": 1, "2": 2}.get(where, 3),
        relevance=Relevance.INCIDENT,
        form=FORMS.get((row.get("type_of_violence") or "").strip(), Form.KEKERASAN),
        actor1=side_a[:200],
        actor1_type=_actor_type(side_a),
        actor2=side_b[:200],
        actor2_type=_actor_type(side_b),
        location=place[:200],
        summary=f"{row.get('dyad_name', '').strip()}: {headline or place}".strip(": ")[:2000],
        area=areas.get(code) if code else None,
        verification=Verification.TERVERIFIKASI,
        external_source=NAME,
        external_id=(row.get("id") or "").strip()[:64],
    )
    if not fields["external_id"]:
        errors.append("id is empty")
    return fields, [], errors
