"""Resolve admin names of other datasets (ACLED admin1/2/3, UCDP adm_1/adm_2) to areas.

English-language datasets write "North Aceh Regency" for Kabupaten Aceh Utara and use old
province names ("Irian Jaya"); we normalise both. Unresolved names leave the event at the
deepest level that did resolve (or none), which the import summary counts.
"""

import re
from functools import lru_cache

from waspada.areas.models import Area, Level

DIRECTIONS = {
    "north": "utara",
    "south": "selatan",
    "east": "timur",
    "west": "barat",
    "central": "tengah",
    "southwest": "barat daya",
    "southeast": "tenggara",
    "northwest": "barat laut",
    "northeast": "timur laut",
}
# Old or English province names → Kemendagri codes, with the provinces later split off
# them (a kabupaten named under the old province is looked for in its successors too).
_ALIASES = {
    "irian jaya": ["91", "92", "93", "94", "95", "96"],
    "papua": ["91", "93", "94", "95"],
    "papua barat": ["92", "96"],
    "west papua": ["92", "96"],
    "jakarta raya": ["31"],
    "jakarta": ["31"],
    "dki jakarta": ["31"],
    "yogyakarta": ["34"],
    "di yogyakarta": ["34"],
    "nanggroe aceh darussalam": ["11"],
    "bangka belitung": ["19"],
    "riau islands": ["21"],
    "sulawesi selatan": ["73", "76"],
    "maluku": ["81", "82"],
    "riau": ["14", "21"],
    "sumatera selatan": ["16", "19"],
    "jawa barat": ["32", "36"],
    "sulawesi utara": ["71", "75"],
    "kalimantan timur": ["64", "65"],
}
PROVINCE_ALIASES = {"".join(k.split()): v for k, v in _ALIASES.items()}
_SUFFIXES = re.compile(r"\b(province|provinsi|prov\.?|regency|kabupaten|kab\.?|district)\b")
_CITY = re.compile(r"\b(city|kota)\b")


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", name.lower())).strip()


def _indonesian_order(name: str) -> str:
    """'north aceh' → 'aceh utara', 'aru islands' → 'kepulauan aru' (English word order)."""
    words = name.split()
    if len(words) >= 2 and words[0] in DIRECTIONS:
        words = words[1:] + DIRECTIONS[words[0]].split()
    if len(words) >= 2 and words[-1] == "islands":
        words = ["kepulauan", *words[:-1]]
    # Spelling varies in spacing: Palangka Raya / Palangkaraya.
    return "".join(words)


@lru_cache(maxsize=4096)
def _key(name: str) -> tuple[str, bool]:
    """Comparable key and whether the name says it is a city (kota)."""
    n = _norm(name)
    is_city = bool(_CITY.search(n))
    n = _CITY.sub(" ", _SUFFIXES.sub(" ", n))
    n = re.sub(r"\s+", " ", n).strip()
    return _indonesian_order(n), is_city


@lru_cache(maxsize=1)
def _index():
    provinces: dict[str, list[str]] = {}
    for code, name in Area.objects.filter(level=Level.PROVINSI).values_list("code", "name"):
        provinces.setdefault(_key(name)[0], []).append(code)
    kabupaten: dict[tuple[str, bool], list[str]] = {}
    for code, name in Area.objects.filter(level=Level.KABUPATEN).values_list("code", "name"):
        key, is_city = _key(name)
        kabupaten.setdefault((key, is_city), []).append(code)
    return provinces, kabupaten


def reset() -> None:
    _index.cache_clear()
    resolve.cache_clear()


@lru_cache(maxsize=4096)  # a file names the same few places again and again
def resolve(admin1: str = "", admin2: str = "") -> tuple[str | None, str | None]:
    """(province code, kabupaten code), each None when it cannot be resolved."""
    provinces, kabupaten = _index()
    province_codes: list[str] = []
    if admin1.strip():
        key = _key(admin1)[0]
        province_codes = PROVINCE_ALIASES.get(key) or provinces.get(key, [])
    province = province_codes[0] if province_codes else None
    kab = None
    if admin2.strip():
        key, is_city = _key(admin2)
        exact = kabupaten.get((key, is_city)) or kabupaten.get((key, not is_city), [])
        candidates = [c for c in exact if c.split(".")[0] in province_codes] or exact
        if not candidates and province_codes:
            # "Bintuni" for Teluk Bintuni, "Yapen" for Kepulauan Yapen: a unique
            # containment inside the province.
            candidates = [
                c
                for (k, _city), codes in kabupaten.items()
                if key in k
                for c in codes
                if c.split(".")[0] in province_codes
            ]
        if len(candidates) == 1:
            kab = candidates[0]
            province = kab.split(".")[0]
    return province, kab


@lru_cache(maxsize=1)
def _kecamatan_index() -> dict[tuple[str, str], list[str]]:
    """Kecamatan codes by (kabupaten code, name key), from one query over the gazetteer."""
    index: dict[tuple[str, str], list[str]] = {}
    rows = Area.objects.filter(level=Level.KECAMATAN).values_list("code", "name", "parent_id")
    for code, name, parent in rows:
        index.setdefault((parent, _place_key(name)), []).append(code)
    return index


@lru_cache(maxsize=4096)
def _place_key(name: str) -> str:
    """'Tenggarong Seberang' / 'Tenggarong  seberang' / 'Kec. Tenggarong Seberang' → one key."""
    n = _norm(name)
    n = re.sub(r"^(kecamatan|kec|district|subdistrict)\b", " ", n)
    return "".join(n.split())


def resolve_kecamatan(kabupaten: str | None, admin3: str = "") -> str | None:
    """The code of kecamatan ``admin3`` inside ``kabupaten``, None when it is not one."""
    if not kabupaten or not admin3.strip():
        return None
    codes = _kecamatan_index().get((kabupaten, _place_key(admin3)), [])
    return codes[0] if len(codes) == 1 else None


def deepest_area(
    kabupaten: str | None,
    admin3: str = "",
    lat: float | None = None,
    lon: float | None = None,
    *,
    precision: int = 3,
) -> str | None:
    """The deepest area code the data allows below ``kabupaten``, or None.

    - the kecamatan named by ``admin3`` (any kabupaten: the gazetteer has every kecamatan);
    - in the deployment's regency, where its polygons are: the desa holding the point when
      the dataset says the point is the place itself (``precision`` 1), else the kecamatan
      holding it when the point is near the place (``precision`` 2; 3 is a centroid of
      something larger and places nothing). A point in another kecamatan than ``admin3``
      names is not trusted: the name wins.
    """
    from django.conf import settings

    from waspada.areas.locate import locate

    kecamatan = resolve_kecamatan(kabupaten, admin3)
    if kabupaten != settings.WASPADA_REGENCY or lat is None or lon is None or precision > 2:
        return kecamatan
    where = locate(lat, lon)
    if where is None or (kecamatan is not None and where.kecamatan.code != kecamatan):
        return kecamatan
    if precision == 1 and where.desa is not None:
        return where.desa.code
    return where.kecamatan.code


def reset_kecamatan_index() -> None:
    _kecamatan_index.cache_clear()
