from waspada.nlp import extract


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
