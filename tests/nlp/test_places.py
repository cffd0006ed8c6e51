from waspada.nlp.places import Area, Gazetteer

SMALL = [
    Area("64", "Kalimantan Timur", "provinsi", None),
    Area("64.02", "Kabupaten Kutai Kartanegara", "kabupaten", "64"),
    Area("64.07", "Kabupaten Kutai Barat", "kabupaten", "64"),
    Area("64.02.02", "Loa Kulu", "kecamatan", "64.02"),
    Area("64.02.02.2015", "Jongkang", "desa", "64.02.02"),
    Area("64.02.15", "Sanga Sanga", "kecamatan", "64.02"),
    Area("64.02.15.1003", "Sanga-Sanga Dalam", "kelurahan", "64.02.15"),
    Area("64.07.10", "Barong Tongkok", "kecamatan", "64.07"),
    Area("64.07.10.2001", "Jongkang", "desa", "64.07.10"),
    Area("35", "Jawa Timur", "provinsi", None),
    Area("35.07", "Kabupaten Malang", "kabupaten", "35"),
    Area("35.73", "Kota Malang", "kota", "35"),
]
ALIASES = {"Kukar": "64.02", "Kaltim": "64", "Kubar": "64.07"}


def gaz(regency="64.02"):
    return Gazetteer(SMALL, regency=regency, aliases=ALIASES, common_words={"baru", "dalam"})


def codes(places):
    return [p.code for p in places]


def test_context_words_and_spans():
    text = "Warga Desa Jongkang, Kec. Loa Kulu, Kukar memblokade jalan."
    ps = gaz().find(text)
    assert codes(ps) == ["64.02.02.2015", "64.02.02", "64.02"]
    p = ps[0]
    assert text[p.start : p.end] == "Desa Jongkang"
    assert p.level == "desa"
    assert 0 < p.score <= 1


def test_same_name_prefers_regency_then_parent_mention():
    assert codes(gaz().find("Desa Jongkang"))[0] == "64.02.02.2015"
    # the parent regency mentioned nearby wins over the deployment's regency
    assert "64.07.10.2001" in codes(gaz().find("Desa Jongkang, Kecamatan Barong Tongkok, Kubar"))
    # a different deployment regency changes the default
    assert codes(gaz("64.07").find("Desa Jongkang"))[0] == "64.07.10.2001"


def test_spelling_variants():
    assert "64.02.15" in codes(gaz().find("Kecamatan Sanga-Sanga"))
    assert "64.02.15" in codes(gaz().find("di Kecamatan Sangasanga"))
    assert "64.02.15.1003" in codes(gaz().find("Kelurahan Sanga Sanga Dalam"))


def test_kota_vs_kabupaten():
    assert codes(gaz().find("di Kota Malang"))[0] == "35.73"
    assert codes(gaz().find("di Kabupaten Malang"))[0] == "35.07"


def test_lowercase_bare_names_ignored():
    assert gaz().find("hujan turun dalam jongkang") == []


def test_primary_prefers_specific_and_regency():
    g = gaz()
    ps = g.find("KALTIM – Warga Desa Jongkang, Kec. Loa Kulu bentrok.")
    assert g.primary(ps) == "64.02.02.2015"
    assert g.primary([]) is None


def test_default_gazetteer_national():
    g = Gazetteer.default()
    ps = g.find(
        "Bentrok di Kecamatan Tenggarong Seberang, Kutai Kartanegara; "
        "massa dari Samarinda dan Jawa Timur."
    )
    got = codes(ps)
    assert "64.02.16" in got and "64.02" in got and "64.72" in got and "35" in got
    assert all(p.as_dict()["code"] for p in ps)


def test_default_gazetteer_precision_cases():
    g = Gazetteer.default()
    # a bare city name is the city, not the same-named regency or a Kukar desa (Suka Bumi)
    assert codes(g.find("Banjir di Bandung dan Sukabumi."))[:1] == ["32.73"]
    assert "64.02.19.2009" not in codes(g.find("Banjir di Sukabumi."))
    # everyday words and kinds of village are not places
    assert g.find("Program desa nelayan dan desa mandiri.") == []
    assert g.find("Perdana Menteri datang.") == []
    assert g.find("Polda Metro Jaya memeriksa saksi.") == []
    # the kecamatan "Kota Bangun" is not "Bangun"
    assert codes(g.find("ke Kota Bangun, Kukar")) == ["64.02.08", "64.02"]
