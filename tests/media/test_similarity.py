"""MinHash signatures and the band index behind stories."""

from waspada.media import similarity

from .conftest import fixture


def text_of(name):
    from waspada.media.extract import extract

    return extract(fixture(name), "text/html").text


def test_rewrites_of_one_story_are_similar_and_other_stories_are_not():
    a, b, c = (similarity.signature(text_of(f"story_{x}.html")) for x in "abc")
    other = similarity.signature(text_of("erau.html"))
    assert similarity.similarity(a, b) >= similarity.THRESHOLD
    assert similarity.similarity(a, c) >= similarity.THRESHOLD
    assert similarity.similarity(a, other) < 0.05


def test_the_estimate_follows_the_exact_jaccard_similarity():
    a, b = text_of("story_a.html"), text_of("story_b.html")
    estimate = similarity.similarity(similarity.signature(a), similarity.signature(b))
    assert abs(estimate - similarity.jaccard(a, b)) < 0.12


def test_signatures_are_stable_and_sized():
    sig = similarity.signature(text_of("story_a.html"))
    assert len(sig) == similarity.NUM_PERM * 4
    assert sig == similarity.signature(text_of("story_a.html"))
    assert len(similarity.bands(sig)) == similarity.BANDS


def test_similar_texts_share_a_band():
    a = similarity.bands(similarity.signature(text_of("story_a.html")))
    c = similarity.bands(similarity.signature(text_of("story_c.html")))
    assert set(a) & set(c)


def test_short_texts_have_no_signature():
    assert similarity.signature("Jalan ditutup warga") is None
