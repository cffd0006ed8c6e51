from waspada.nlp import extract


def test_absolute_dates():
    assert (
        extract.event_date("Bentrok terjadi Rabu (5/4/2023) malam.", "2023-04-06")[0]
        == "2023-04-05"
    )
    assert extract.event_date("pada 5 April 2023 warga berkumpul")[0] == "2023-04-05"
    assert extract.event_date("Sabtu (25/9) warga mengadang truk", "2021-09-29")[0] == "2021-09-25"
    # a day-month without a year after the publication date belongs to the previous year
    assert extract.event_date("Kamis (28/12) ricuh", "2024-01-03")[0] == "2023-12-28"


def test_relative_dates():
    assert extract.event_date("Kemarin warga memblokade jalan.", "2025-07-08")[0] == "2025-07-07"
    # 2025-07-08 is a Tuesday; "Senin lalu" is the day before
    assert extract.event_date("Senin lalu terjadi perkelahian.", "2025-07-08")[0] == "2025-07-07"
    assert extract.event_date("Tadi sore ada demo.", "2025-07-08")[0] == "2025-07-08"
    assert extract.event_date("tanpa tanggal") == (None, None)


def test_dates_after_publication_ignored():
    assert (
        extract.event_date(
            "Sidang digelar 20 Juli 2025. Bentrok terjadi Senin (7/7/2025).", "2025-07-08"
        )[0]
        == "2025-07-07"
    )


def test_casualties():
    assert extract.casualties("Dua orang tewas dan 3 warga luka-luka dalam bentrokan.")[:2] == (
        2,
        3,
    )
    assert extract.casualties("Bentrokan itu menewaskan seorang pemuda.")[:2] == (1, None)
    assert extract.casualties("Sebanyak 12 orang mengalami luka ringan")[:2] == (None, 12)
    assert extract.casualties(
        "Empat warga Kampung Sekolaq Joleq, Kecamatan Sekolaq Darat, terluka serius"
    )[:2] == (None, 4)
    assert extract.casualties("Pria berusia 25 tahun itu diperiksa.")[:2] == (None, None)


def test_actors():
    acts = extract.actors(
        "Warga Desa Jongkang memblokade jalan PT Multi Harapan Utama (MHU), "
        "dikawal Polres Kutai Kartanegara dan ormas Pemuda Pancasila; "
        "mahasiswa dan FKUB Kukar hadir."
    )
    texts = [a["text"] for a in acts]
    assert "Warga Desa Jongkang" in texts
    assert "PT Multi Harapan Utama (MHU)" in texts
    assert any(a["type"] == "aparat" and "Polres" in a["text"] for a in acts)
    assert any(a["type"] == "ormas" for a in acts)
    assert any(a["type"] == "forum" for a in acts)
