from waspada.nlp.normalize import clean_social, normalize, parse_number, words


def test_slang_and_noise():
    out = normalize("RT USER: Gak ngerti yg dia omongin bgt!! #SaveKPK URL \\xf0\\x9f\\x98\\x92")
    assert "tidak mengerti yang dia" in out
    assert "banget" in out
    assert "save kpk" in out or "save komisi" in out
    assert "user" not in out.split() and "url" not in out.split()
    assert "\\x" not in out


def test_reduplication_and_repeats():
    assert normalize("anak2") == "anak anak"
    assert "banget" in normalize("bangeeeet")


def test_clean_social_keeps_words():
    assert clean_social("@budi lihat https://x.co/a #TolakTambang").split() == [
        "lihat",
        "Tolak",
        "Tambang",
    ]


def test_words():
    assert words("Sanga-Sanga, Kukar!") == ["sanga", "sanga", "kukar"]


def test_numbers():
    assert parse_number("dua belas") == 12
    assert parse_number("3") == 3
    assert parse_number("seorang") == 1
    assert parse_number("dua puluh lima") == 25
    assert parse_number("tiga ratus") == 300
    assert parse_number("puluhan") == 20
    assert parse_number("bukan angka") is None
