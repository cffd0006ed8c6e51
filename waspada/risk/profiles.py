"""Area profiles: their indicators for the score, and import from CSV/XLSX (all rows or none).

The template (``data/area_profile_template.csv``) and every column are described in
docs/risk/profiles.md.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.areas.models import Area, Level

from .models import AreaProfile, AreaProfileHistory, ProfileImport
from .scoring import IndicatorRecord

RELIGIONS = ("islam", "kristen", "katolik", "hindu", "buddha", "konghucu", "other")
COUNT_FIELDS = (
    "population",
    "mining_concessions",
    "plantation_concessions",
    "forestry_concessions",
    "boundary_disputes",
    "past_conflicts",
)
PERCENT_FIELDS = ("poverty_rate", "concession_area_pct")
TEXT_FIELDS = ("data_source", "notes")
# Columns of the template, in order (docs/risk/profiles.md).
COLUMNS = (
    "area_code",
    "population",
    *(f"religion_{r}" for r in RELIGIONS),
    "ethnic_composition",
    "poverty_rate",
    "mining_concessions",
    "plantation_concessions",
    "forestry_concessions",
    "concession_area_pct",
    "boundary_disputes",
    "fkdm_present",
    "past_conflicts",
    "data_year",
    "data_source",
    "notes",
)
# Fields of AreaProfile an import or an edit may change (history tracks these).
TRACKED = (
    "population",
    "religions",
    "ethnicities",
    "poverty_rate",
    "mining_concessions",
    "plantation_concessions",
    "forestry_concessions",
    "concession_area_pct",
    "boundary_disputes",
    "fkdm_present",
    "past_conflicts",
    "data_year",
    "data_source",
    "notes",
)
_TRUE = {"1", "ya", "yes", "y", "true", "ada"}
_FALSE = {"0", "tidak", "no", "n", "false", "tidak ada", ""}
MAX_ERRORS = 200


# Indicators ----------------------------------------------------------------------------------


def fractionalization(shares: dict) -> float | None:
    """1 - sum(p^2) over the groups' shares (percent): 0 for one group, towards 1 for many."""
    values = [float(v) for v in (shares or {}).values() if v and float(v) > 0]
    total = sum(values)
    if total <= 0:
        return None
    return 1.0 - sum((v / total) ** 2 for v in values)


@dataclass(frozen=True)
class Indicator:
    name: str
    label: object  # a lazy translation
    sources: tuple[str, ...]  # empty: bears on every source
    weight: float

    def value(self, p: AreaProfile) -> float | None:
        """The indicator scaled to 0-1 (1 = most vulnerable), None when unknown."""
        n = self.name
        if n == "poverty":
            return None if p.poverty_rate is None else min(p.poverty_rate / 30.0, 1.0)
        if n == "religious_diversity":
            f = fractionalization(p.religions)
            return None if f is None else min(f / 0.5, 1.0)
        if n == "ethnic_diversity":
            f = fractionalization(p.ethnicities)
            return None if f is None else min(f / 0.75, 1.0)
        if n == "concessions":
            count = p.mining_concessions + p.plantation_concessions + p.forestry_concessions
            share = (p.concession_area_pct or 0.0) / 50.0
            return min(max(1.0 - math.exp(-count / 3.0), share), 1.0)
        if n == "boundary_disputes":
            return min(p.boundary_disputes / 2.0, 1.0)
        if n == "no_fkdm":
            return 0.0 if p.fkdm_present else 1.0
        if n == "past_conflicts":
            return 1.0 - math.exp(-p.past_conflicts / 3.0)
        raise KeyError(n)


INDICATORS = (
    Indicator(
        "poverty", gettext_lazy("poverty rate (30 % and more = 1)"), ("ekonomi", "ketimpangan"), 1.0
    ),
    Indicator("religious_diversity", gettext_lazy("religious fractionalisation"), ("agama",), 1.0),
    Indicator(
        "ethnic_diversity",
        gettext_lazy("ethnic fractionalisation"),
        ("etnis", "sosial_budaya"),
        1.0,
    ),
    Indicator(
        "concessions",
        gettext_lazy("mining, plantation and forestry concessions"),
        ("sumber_daya_alam", "ketimpangan", "ekonomi"),
        1.0,
    ),
    Indicator("boundary_disputes", gettext_lazy("open boundary disputes"), ("batas_wilayah",), 1.0),
    Indicator("no_fkdm", gettext_lazy("no FKDM (early-awareness forum)"), (), 0.5),
    Indicator("past_conflicts", gettext_lazy("past conflicts (10 years)"), (), 1.0),
)
INDICATOR_BY_NAME = {i.name: i for i in INDICATORS}


def indicators_of(profile: AreaProfile) -> list[IndicatorRecord]:
    out = []
    for ind in INDICATORS:
        v = ind.value(profile)
        if v is not None:
            out.append(
                IndicatorRecord(
                    f"profile:{profile.area_id}:{ind.name}", ind.name, v, ind.weight, ind.sources
                )
            )
    return out


# Import --------------------------------------------------------------------------------------


class ProfileFileError(ValueError):
    pass


def read_rows(content: bytes, filename: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a CSV (comma or semicolon, UTF-8) or XLSX file; strings throughout."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a broken file
            raise ProfileFileError(_("Not a readable XLSX file: %(e)s") % {"e": e}) from e
        ws = wb.worksheets[0]
        rows = [["" if v is None else _cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
        wb.close()
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise ProfileFileError(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from e
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise ProfileFileError(_("The file is empty."))
    header = [str(c).strip().lower() for c in rows[0]]
    return header, [[str(c).strip() for c in r] for r in rows[1:]]


def _cell(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


@dataclass
class Parsed:
    code: str
    values: dict = field(default_factory=dict)


def _number(raw: str, column: str, errors: list, row: int, *, integer=False, pct=False):
    if raw == "":
        return None
    try:
        v = float(raw.replace(",", ".")) if not integer else int(float(raw.replace(",", ".")))
    except ValueError:
        errors.append(
            _("row %(row)d, %(col)s: not a number: %(v)r") % {"row": row, "col": column, "v": raw}
        )
        return None
    if integer and float(raw.replace(",", ".")) != v:
        errors.append(
            _("row %(row)d, %(col)s: must be a whole number: %(v)r")
            % {"row": row, "col": column, "v": raw}
        )
        return None
    if v < 0 or (pct and v > 100):
        errors.append(
            _("row %(row)d, %(col)s: out of range (%(range)s): %(v)s")
            % {"row": row, "col": column, "v": raw, "range": "0-100" if pct else ">= 0"}
        )
        return None
    return v


def parse_composition(raw: str) -> dict[str, float]:
    """``"Kutai: 40; Jawa: 25"`` -> {"kutai": 40.0, "jawa": 25.0} (ValueError when malformed)."""
    out: dict[str, float] = {}
    for part in raw.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        name, sep, pct = part.rpartition(":")
        if not sep or not name.strip():
            raise ValueError(part.strip())
        value = float(pct.strip().replace(",", "."))
        if not 0 <= value <= 100:
            raise ValueError(part.strip())
        out[name.strip().lower()] = out.get(name.strip().lower(), 0.0) + value
    if sum(out.values()) > 100.5:
        raise ValueError(_("shares add up to more than 100"))
    return out


def format_composition(shares: dict) -> str:
    return "; ".join(
        f"{k}: {v:g}" for k, v in sorted((shares or {}).items(), key=lambda kv: -kv[1])
    )


def validate(
    header: list[str], rows: list[list[str]], scope: set[str] | None = None
) -> tuple[list[Parsed], list[str]]:
    """Every row checked; the errors name the row (as numbered in a spreadsheet) and column.
    ``scope``: the kecamatan codes the importing user may change (None: all)."""
    errors: list[str] = []
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        errors.append(
            _("unknown column(s): %(cols)s (see the template)") % {"cols": ", ".join(unknown)}
        )
    if "area_code" not in header:
        errors.append(_("the column area_code is missing"))
    if errors:
        return [], errors
    areas = dict(
        Area.objects.in_regency(settings.WASPADA_REGENCY)
        .filter(level__in=[Level.KECAMATAN, Level.DESA])
        .values_list("code", "name")
    )
    seen: dict[str, int] = {}
    parsed: list[Parsed] = []
    for i, raw in enumerate(rows, start=2):
        cells = dict(zip(header, raw + [""] * (len(header) - len(raw)), strict=False))
        if len(raw) > len(header) and any(raw[len(header) :]):
            errors.append(_("row %(row)d: more cells than columns") % {"row": i})
        code = cells["area_code"]
        if code not in areas:
            errors.append(
                _("row %(row)d, area_code: %(code)r is not a kecamatan or desa of this regency")
                % {"row": i, "code": code}
            )
            continue
        if scope is not None and ".".join(code.split(".")[:3]) not in scope:
            errors.append(
                _("row %(row)d, area_code: %(code)s is outside your area scope")
                % {"row": i, "code": code}
            )
            continue
        if code in seen:
            errors.append(
                _("row %(row)d, area_code: %(code)s already on row %(first)d")
                % {"row": i, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = i
        p = Parsed(code)
        n_err = len(errors)
        for col in COUNT_FIELDS:
            if col in cells:
                v = _number(cells[col], col, errors, i, integer=True)
                p.values[col] = v if v is not None or col == "population" else 0
        for col in PERCENT_FIELDS:
            if col in cells:
                p.values[col] = _number(cells[col], col, errors, i, pct=True)
        religion_cols = [c for c in header if c.startswith("religion_")]
        if religion_cols:
            shares = {}
            for col in religion_cols:
                v = _number(cells[col], col, errors, i, pct=True)
                if v:
                    shares[col.removeprefix("religion_")] = v
            if sum(shares.values()) > 100.5:
                errors.append(
                    _("row %(row)d, religion_*: shares add up to %(s)g %%, more than 100")
                    % {"row": i, "s": sum(shares.values())}
                )
            p.values["religions"] = shares
        if "ethnic_composition" in cells:
            try:
                p.values["ethnicities"] = parse_composition(cells["ethnic_composition"])
            except ValueError as e:
                errors.append(
                    _(
                        'row %(row)d, ethnic_composition: write "group: percent; ..." '
                        "adding up to at most 100 (%(e)s)"
                    )
                    % {"row": i, "e": e}
                )
        if "fkdm_present" in cells:
            v = cells["fkdm_present"].lower()
            if v in _TRUE:
                p.values["fkdm_present"] = True
            elif v in _FALSE:
                p.values["fkdm_present"] = False
            else:
                errors.append(
                    _("row %(row)d, fkdm_present: write ya or tidak, not %(v)r")
                    % {"row": i, "v": cells["fkdm_present"]}
                )
        if "data_year" in cells:
            v = _number(cells["data_year"], "data_year", errors, i, integer=True)
            if v is not None and not 1990 <= v <= 2100:
                errors.append(_("row %(row)d, data_year: %(v)s is not a year") % {"row": i, "v": v})
            p.values["data_year"] = v
        for col in TEXT_FIELDS:
            if col in cells:
                limit = 300 if col == "data_source" else 5000
                if len(cells[col]) > limit:
                    errors.append(
                        _("row %(row)d, %(col)s: longer than %(n)d characters")
                        % {"row": i, "col": col, "n": limit}
                    )
                p.values[col] = cells[col][:limit]
        if len(errors) == n_err:
            parsed.append(p)
        if len(errors) >= MAX_ERRORS:
            errors.append(_("… stopped after %(n)d errors") % {"n": MAX_ERRORS})
            break
    if not rows:
        errors.append(_("the file has a header but no rows"))
    return parsed, errors


def _snapshot(profile: AreaProfile) -> dict:
    return {f: getattr(profile, f) for f in TRACKED}


def _diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def save_profile(profile: AreaProfile, values: dict, *, user, action="edit", batch=None) -> dict:
    """Apply ``values`` to ``profile``, save, write the history; returns the changes."""
    # What is stored, not the instance (a ModelForm has already written its values into it).
    stored = AreaProfile.objects.filter(pk=profile.pk).first() if profile.pk else None
    before = _snapshot(stored) if stored else {}
    for name, value in values.items():
        setattr(profile, name, value)
    profile.updated_by = user
    profile.save()
    changes = _diff(before, _snapshot(profile))
    if changes or not before:
        AreaProfileHistory.objects.create(
            profile=profile,
            user=user,
            action=action if before else "create",
            changes=changes,
            profile_import=batch,
        )
    from .triggers import request_recompute

    request_recompute()
    return changes


def import_file(content: bytes, filename: str, user) -> ProfileImport:
    """Validate every row; save all of them (with history) or none. The file is kept."""
    batch = ProfileImport(filename=filename[:255], content=content, created_by=user)
    try:
        header, rows = read_rows(content, filename)
        parsed, errors = validate(header, rows, user.scope_codes() if user else None)
    except ProfileFileError as e:
        parsed, errors, rows = [], [str(e)], []
    batch.rows = len(rows)
    batch.errors = errors
    batch.ok = not errors
    with transaction.atomic():
        batch.save()
        if errors:
            return batch
        existing = {
            p.area_id: p for p in AreaProfile.objects.filter(area_id__in=[r.code for r in parsed])
        }
        for row in parsed:
            profile = existing.get(row.code) or AreaProfile(area_id=row.code)
            save_profile(profile, row.values, user=user, action="import", batch=batch)
    return batch


def template_csv() -> bytes:
    return (",".join(COLUMNS) + "\n").encode("utf-8")
