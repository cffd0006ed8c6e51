import numpy as np

from waspada.nlp import conflict
from waspada.nlp.lexicon import Lexicon


def test_neutral_phrases_keep_place_names_out_of_other_groups():
    lex = Lexicon.default()
    scan = lex.scan("Warga Jawa Barat dan Kutai Kartanegara cinta tanah air.")
    assert not scan["sources"].get("etnis")
    assert not scan["sources"].get("sumber_daya_alam")
    assert scan["neutral"]["phrase"]
    scan = lex.scan("Bentrok warga suku Jawa dan Dayak soal tanah ulayat.")
    assert scan["sources"]["etnis"]
    assert scan["sources"]["sumber_daya_alam"]


def test_shipped_model_settings():
    m = conflict.ConflictModel.load()
    assert m.meta["C_relevant"] in conflict.C_RELEVANT_GRID
    assert m.meta["src_scale"] in conflict.SRC_SCALE_GRID
    w = np.asarray(m.meta["src_model_weight"])
    assert w.shape == (len(conflict.SOURCES),)
    assert ((w >= 0) & (w < 1)).all()


def _records() -> list[dict]:
    rel = [
        ("Warga bentrok dengan perusahaan sawit soal lahan plasma", "incident", "sumber_daya_alam"),
        ("Demo mahasiswa di depan DPRD menolak kebijakan bupati", "tension", "politik"),
        ("FKUB menggelar dialog lintas agama untuk menjaga kerukunan umat", "prevention", "agama"),
        ("Sengketa batas desa antara dua desa belum selesai", "tension", "batas_wilayah"),
    ]
    forms = {"incident": "bentrok", "tension": "sengketa", "prevention": "pencegahan"}
    none = [
        "Harga cabai di pasar naik menjelang akhir pekan",
        "Tim sepak bola daerah menang dua gol tanpa balas",
        "Jadwal vaksinasi anak sekolah diumumkan dinas kesehatan",
        "Cuaca cerah diperkirakan sepanjang hari di wilayah pesisir",
    ]
    out = []
    for k in range(6):
        for j, (text, relevance, source) in enumerate(rel):
            out.append(
                {
                    "id": f"r{k}{j}",
                    "title": f"{text} ({k})",
                    "text": f"{text}. Laporan ke-{k} dari warga setempat.",
                    "relevance": relevance,
                    "sources": [source],
                    "form": forms[relevance],
                }
            )
        for j, text in enumerate(none):
            out.append(
                {
                    "id": f"n{k}{j}",
                    "title": f"{text} ({k})",
                    "text": f"{text}. Berita ke-{k}.",
                    "relevance": "none",
                    "sources": [],
                    "form": None,
                }
            )
    return out


def test_train_chooses_settings_by_inner_cv_and_is_deterministic():
    recs = _records()
    a = conflict.train(recs)
    b = conflict.train(recs)
    for k in ("C_relevant", "src_k", "src_scale", "src_model_weight"):
        assert a.meta[k] == b.meta[k]
    for k in a.models:
        assert np.array_equal(a.models[k].coef, b.models[k].coef)
    res = a.predict(
        [None, None],
        [
            "Ratusan warga bentrok dengan perusahaan sawit, menuntut lahan plasma.",
            "Harga cabai di pasar turun lagi pekan ini.",
        ],
    )
    assert res[0].relevance != "none"
    assert res[0].sources[0]["name"] == "sumber_daya_alam"
    assert res[1].relevance == "none"
