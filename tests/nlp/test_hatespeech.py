import numpy as np

from waspada.nlp import hatespeech
from waspada.nlp.hatespeech import CATEGORIES, LABELS, decode

IX = {n: j for j, n in enumerate(LABELS)}


def test_decode_respects_label_structure():
    rng = np.random.default_rng(0)
    P = rng.random((500, len(LABELS)))
    P[:, 2:] *= P[:, :1]
    D = decode(P, hatespeech.DEFAULT_THRESHOLDS)
    hs = D[:, IX["HS"]] == 1
    sub = D[:, 2:]
    assert (sub[~hs] == 0).all()  # HS_* only when HS
    h = D[hs]
    assert (h[:, IX["HS_Individual"]] + h[:, IX["HS_Group"]] == 1).all()  # one target
    assert (
        h[:, IX["HS_Weak"]] + h[:, IX["HS_Moderate"]] + h[:, IX["HS_Strong"]] == 1
    ).all()  # one level
    assert (h[:, IX["HS_Weak"]] <= h[:, IX["HS_Individual"]]).all()
    assert (h[:, IX["HS_Moderate"]] <= h[:, IX["HS_Group"]]).all()
    cats = h[:, [IX[c] for c in CATEGORIES]].sum(axis=1)
    assert ((cats > 0) ^ (h[:, IX["HS_Other"]] == 1)).all()  # Other only alone


def test_shipped_model_scores_and_decides():
    m = hatespeech.HateSpeechModel.load()
    texts = [
        "Selamat pagi, semoga harimu menyenangkan",
        "dasar kafir laknat, usir semua cina dari negeri ini",
        "bangsat lo goblok banget",
    ]
    P, D = m.predict(texts)
    assert P.shape == (3, 12) and D.shape == (3, 12)
    assert ((P >= 0) & (P <= 1)).all()
    assert P[0, IX["HS"]] < 0.5 and D[0].sum() == 0
    assert D[1, IX["HS"]] == 1 and D[1, IX["HS_Group"]] == 1
    assert D[1, IX["HS_Religion"]] == 1 or D[1, IX["HS_Race"]] == 1
    assert D[2, IX["Abusive"]] == 1
    assert set(m.thresholds) >= {"HS", "Abusive", "target", "HS_Strong", *CATEGORIES}
    assert m.trees is not None and len(m.trees.features) == hatespeech.GBM_FEATURES


def test_evaluate_decisions():
    Y = np.array([[1] + [0] * 11, [0] * 12])
    out = hatespeech.evaluate_decisions(Y, Y)
    assert out["exact_match"] == 1.0 and out["HS"] == 1.0


def test_category_trees_only_change_hs_rows():
    """The category trees run only where the HS decision is positive; computing them for
    every tweet would give the same decisions and the same probabilities on those rows."""
    m = hatespeech.HateSpeechModel.load()
    assert set(m.cat_trees) == set(CATEGORIES)
    texts = [
        "Selamat pagi, semoga harimu menyenangkan",
        "dasar kafir laknat, usir semua cina dari negeri ini",
        "dasar cina babi, pulang ke negeri asalmu",
        "agama sesat, umatnya kafir semua",
        "bangsat lo goblok banget",
        "hari ini hujan deras di Tenggarong",
    ]
    P, D = m.predict(texts)
    X = m.vec.transform(hatespeech.views(texts))
    logits = np.asarray(X @ m.Wt) + m.b
    full = hatespeech.probabilities(
        logits, m.trees.predict(X), {c: t.predict(X) for c, t in m.cat_trees.items()}
    )
    hs = P[:, IX["HS"]] >= m.thresholds["HS"]
    assert hs.any() and (~hs).any()
    assert np.allclose(P[hs], full[hs], atol=1e-6)
    assert np.allclose(P[:, :2], full[:, :2])
    assert (hatespeech.decode(full, m.thresholds) == D).all()


def test_abusive_words_are_marked_once_per_occurrence():
    mark = hatespeech.ABUSIVE_MARK
    v = hatespeech.views(["Dasar BANGSAT lo, ayam kampus!", "Selamat pagi, warga Tenggarong"])
    assert v["norm"][0].split().count(mark) == 2  # a word and a phrase of abusive_words.csv
    assert mark not in v["norm"][1]
    assert mark not in v["raw"][0]  # the character view keeps the text as written
    assert hatespeech.mark_abusive("bangsat bangsat").split().count(mark) == 2
