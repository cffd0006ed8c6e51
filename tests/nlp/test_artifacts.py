import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from waspada.nlp import artifacts

DOCS = [
    "Warga menolak tambang batu bara",
    "dasar   kafir!! usir\tsemua",
    "Ünïcode  ùñ x\n\ny 😀😀 ab",
    "",
    "a",
    "bentrok bentrok bentrok di desa",
]


def test_fast_char_tfidf_equals_sklearn():
    v = TfidfVectorizer(analyzer="char", ngram_range=(1, 5), sublinear_tf=True, min_df=1)
    v.fit(DOCS[:3] + DOCS[5:])
    state, idf = artifacts.vectorizer_state(v, {"analyzer": "char", "ngram_range": [1, 5]})
    fast = artifacts.FastCharTfidf(state["vocabulary"], idf, (1, 5))
    queries = DOCS + ["teks baru yang belum pernah dilihat", "BENTROK  Di  DESA"]
    a = fast.transform(queries).toarray()
    b = v.transform(queries).toarray()
    assert a.shape == b.shape
    assert np.abs(a - b).max() < 1e-5


def test_feature_union_round_trip(tmp_path):
    specs = [
        ("norm", {"ngram_range": [1, 2], "min_df": 1, "sublinear_tf": True}),
        ("raw", {"analyzer": "char", "ngram_range": [2, 4], "min_df": 1, "sublinear_tf": True}),
    ]
    views = {"norm": DOCS, "raw": [d.lower() for d in DOCS]}
    fu = artifacts.FeatureUnion.fit(specs, views)
    states, arrays = fu.state(specs)
    artifacts.save("t", {"vectorizers": states}, arrays, tmp_path)
    meta, arr = artifacts.load("t", tmp_path)
    fu2 = artifacts.FeatureUnion.from_state(meta["vectorizers"], arr)
    assert isinstance(fu2.parts[1][1], artifacts.FastCharTfidf)
    x1 = fu.transform(views).toarray()
    x2 = fu2.transform(views).toarray()
    assert np.abs(x1 - x2).max() < 1e-5


def test_max_features_keeps_the_most_frequent_terms_and_breaks_ties_by_the_term():
    texts = ["zeta beta alpha", "zeta gamma beta", "zeta delta"]  # zeta 3, beta 2, the rest 1
    union = artifacts.FeatureUnion.fit([("t", {"max_features": 3})], {"t": texts})
    vec = union.parts[0][1]
    assert vec.vocabulary_ == {"alpha": 0, "beta": 1, "zeta": 2}  # alpha wins the 1-count tie
    plain = artifacts.FeatureUnion.fit([("t", {})], {"t": texts}).parts[0][1]
    kept = [plain.vocabulary_[t] for t in ("alpha", "beta", "zeta")]
    assert np.allclose(vec.idf_, plain.idf_[kept])  # the idf is the full fit's
