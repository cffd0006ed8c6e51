"""ACLED-format export and import.

Columns: the ACLED export codebook, in order. Our forms map to ACLED event and sub-event
types as in FORM_TO_ACLED (docs/events-exchange.md explains each choice); the form itself
also travels in ``tags`` (``waspada_form=…``) so that our own files come back unchanged.
Actor types map to ACLED's numeric inter codes (1 state forces … 8 external/other).
"""

from datetime import UTC, datetime

from ..vocab import ActorType, Form, TimePrecision
from .fields import parse_date, parse_float, parse_int

NAME = "acled"
COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]

# form → (disorder_type, event_type, sub_event_type)
FORM_TO_ACLED = {
    Form.UNJUK_RASA: ("Demonstrations", "Protests", "Peaceful protest"),
    Form.BLOKADE: ("Demonstrations", "Protests", "Peaceful protest"),
    Form.KERUSUHAN: ("Demonstrations", "Riots", "Violent demonstration"),
    Form.BENTROK: ("Political violence", "Riots", "Mob violence"),
    Form.KEKERASAN: ("Political violence", "Violence against civilians", "Attack"),
    Form.PERUSAKAN: (
        "Strategic developments",
        "Strategic developments",
        "Looting/property destruction",
    ),
    Form.ANCAMAN: ("Strategic developments", "Strategic developments", "Other"),
    Form.UJARAN_KEBENCIAN: ("Strategic developments", "Strategic developments", "Other"),
    Form.SENGKETA: ("Strategic developments", "Strategic developments", "Other"),
    Form.PENCEGAHAN: ("Strategic developments", "Strategic developments", "Agreement"),
}
FORMS = frozenset(Form.values)
# ACLED sub-event type → our form, for files that do not carry waspada_form.
SUB_EVENT_TO_FORM = {
    "Peaceful protest": Form.UNJUK_RASA,
    "Protest with intervention": Form.UNJUK_RASA,
    "Excessive force against protesters": Form.KEKERASAN,
    "Violent demonstration": Form.KERUSUHAN,
    "Mob violence": Form.BENTROK,
    "Armed clash": Form.BENTROK,
    "Attack": Form.KEKERASAN,
    "Abduction/forced disappearance": Form.KEKERASAN,
    "Sexual violence": Form.KEKERASAN,
    "Looting/property destruction": Form.PERUSAKAN,
    "Agreement": Form.PENCEGAHAN,
    "Grenade": Form.KEKERASAN,
    "Remote explosive/landmine/IED": Form.KEKERASAN,
    "Suicide bomb": Form.KEKERASAN,
    "Disrupted weapons use": Form.ANCAMAN,
}
# actor type → ACLED inter code; actors in protests and riots are coded by their role.
INTER = {
    ActorType.TNI: 1,
    ActorType.POLRI: 1,
    ActorType.PEMERINTAH: 1,
    ActorType.ORMAS: 3,
    ActorType.KELOMPOK_AGAMA: 4,
    ActorType.KELOMPOK_ETNIS: 4,
    ActorType.WARGA: 7,
    ActorType.MAHASISWA: 7,
    ActorType.PEKERJA: 7,
    ActorType.PERUSAHAAN: 8,
    ActorType.LAINNYA: 8,
}
INTER_TO_TYPE = {
    1: ActorType.TNI,
    3: ActorType.ORMAS,
    4: ActorType.KELOMPOK_ETNIS,
    5: ActorType.WARGA,
    6: ActorType.WARGA,
    7: ActorType.WARGA,
    8: ActorType.LAINNYA,
}


def inter_code(actor_type: str, form: str, first: bool) -> int | str:
    if not actor_type:
        return ""
    if first and actor_type not in (ActorType.TNI, ActorType.POLRI):
        if form in (Form.UNJUK_RASA, Form.BLOKADE):
            return 6
        if form in (Form.KERUSUHAN, Form.BENTROK):
            return 5
    return INTER.get(actor_type, 8)


def detect(header: list[str]) -> bool:
    return {"event_id_cnty", "event_date", "sub_event_type"} <= set(header)


def export_row(event, chain_of) -> list:
    """The ACLED row of ``event``; ``chain_of(area code)`` gives the names of the area and
    those above it by level (``{"desa": …, "kecamatan": …, "kabupaten": …, "provinsi": …}``)."""
    disorder, event_type, sub_type = FORM_TO_ACLED.get(
        event.form, ("Strategic developments", "Strategic developments", "Other")
    )
    inter1 = inter_code(event.actor1_type, event.form, True)
    inter2 = inter_code(event.actor2_type, event.form, False)
    codes = sorted(c for c in (inter1, inter2) if c != "")
    interaction = (
        (codes[0] * 10 + codes[1]) if len(codes) == 2 else (codes[0] * 10 if codes else "")
    )
    chain = chain_of(event.area_id) if event.area_id else {}
    return [
        f"WSP{event.pk}",
        event.event_date.isoformat(),
        event.event_date.year,
        event.time_precision,
        disorder,
        event_type,
        sub_type,
        event.actor1,
        "",
        inter1,
        event.actor2,
        "",
        inter2,
        interaction,
        "Civilian targeting" if inter2 == 7 and event.form == Form.KEKERASAN else "",
        360,
        "Southeast Asia",
        "Indonesia",
        chain.get("provinsi", ""),
        chain.get("kabupaten", ""),
        chain.get("kecamatan", ""),
        event.location or chain.get("desa", ""),
        "" if event.latitude is None else round(event.latitude, 4),
        "" if event.longitude is None else round(event.longitude, 4),
        event.geo_precision,
        "Waspada",
        "Subnational",
        event.summary,
        event.fatalities,
        f"waspada_form={event.form}" if event.form else "",
        int(event.updated_at.replace(tzinfo=event.updated_at.tzinfo or UTC).timestamp())
        if event.updated_at
        else "",
    ]


def parse_row(row: dict, areas):
    errors, fields = [], {}
    try:
        fields["event_date"] = parse_date(row.get("event_date"))
    except ValueError as e:
        errors.append(str(e))
    try:
        fields["time_precision"] = (
            parse_int(row.get("time_precision"), "time_precision", TimePrecision.DAY)
            or TimePrecision.DAY
        )
        fields["fatalities"] = parse_int(row.get("fatalities"), "fatalities")
        fields["latitude"] = parse_float(row.get("latitude"), "latitude", -90, 90)
        fields["longitude"] = parse_float(row.get("longitude"), "longitude", -180, 180)
        fields["geo_precision"] = min(
            max(parse_int(row.get("geo_precision"), "geo_precision", 3), 1), 3
        )
    except ValueError as e:
        errors.append(str(e))
    tags = dict(t.split("=", 1) for t in (row.get("tags") or "").split(";") if "=" in t)
    form = tags.get("waspada_form", "").strip()
    if form not in FORMS:
        form = SUB_EVENT_TO_FORM.get((row.get("sub_event_type") or "").strip(), "")
    province, kabupaten = areas.resolve(row.get("admin1", ""), row.get("admin2", ""))
    code = kabupaten or province
    if kabupaten and not errors:
        # ACLED geo_precision: 1 the place itself, 2 near it or part of a region, 3 larger.
        code = (
            areas.deepest_area(
                kabupaten,
                row.get("admin3") or "",
                fields["latitude"],
                fields["longitude"],
                precision=fields["geo_precision"],
            )
            or code
        )
    fields.update(
        form=form,
        actor1=(row.get("actor1") or "")[:200],
        actor2=(row.get("actor2") or "")[:200],
        actor1_type=_actor_type(row.get("inter1")),
        actor2_type=_actor_type(row.get("inter2")),
        location=(row.get("location") or "")[:200],
        summary=(row.get("notes") or "").strip()
        or f"{row.get('sub_event_type', '')} {row.get('location', '')}".strip(),
        area=areas.get(code) if code else None,
        external_source=NAME,
        external_id=(row.get("event_id_cnty") or "").strip()[:64],
    )
    if not fields["external_id"]:
        errors.append("event_id_cnty is empty")
    return fields, [], errors


def _actor_type(value) -> str:
    try:
        return INTER_TO_TYPE.get(int(float(value)), "") if str(value).strip() else ""
    except ValueError:
        return ""


def timestamp_now() -> int:
    return int(datetime.now(UTC).timestamp())
