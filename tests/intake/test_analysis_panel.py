"""The automatic analysis shown as a reader wants it: labelled fields and the evidence words
marked in the text, on the report page and in the triage queue; never the raw dictionary."""

import pytest

from waspada.intake.drafts import Draft, Raw, validate
from waspada.intake.models import Channel
from waspada.intake.services import store
from waspada.intake.templatetags.reading import evidence_words, mark_text, reading_of
from waspada.nlp import Analysis, analyze

RECEIVED = "2025-09-16T06:40:00+08:00"
CLASH = (
    "Bentrok susulan pecah lg tadi malam di Ds Separi Kec Tenggarong Seberang. 2 org "
    "meninggal dunia, tiga rumah dibakar massa, warga byk yg mengungsi ke balai desa."
)


def _report(text, channel="sms"):
    report = store(
        validate(Draft(channel=Channel.API, raw=Raw(b"{}"), text=text, anonymous=True))
    ).report
    report.analysis = analyze(text, published_at=RECEIVED, channel=channel).as_dict()
    report.urgency = report.analysis["urgency"]
    report.save(update_fields=["analysis", "urgency"])
    return report


def test_it_reads_a_stored_analysis_back_as_an_analysis():
    a = analyze(CLASH, published_at=RECEIVED, channel="sms")
    stored = a.as_dict() | {"a_key_from_the_future": 1}
    again = reading_of(stored)
    assert isinstance(again, Analysis) and again.severity == 5 and again.places == a.places
    assert reading_of({}) is None and reading_of(None) is None


def test_it_marks_each_evidence_word_by_its_kind_and_escapes_the_rest():
    a = analyze(CLASH, published_at=RECEIVED, channel="sms")
    html = mark_text(CLASH + "\n<script>x</script>", evidence_words(a))
    assert '<mark class="ev ev-severity" data-kind="severity"' in html
    assert ">meninggal dunia</mark>" in html and ">dibakar</mark>" in html
    assert 'data-kind="place"' in html and "Ds Separi</mark>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html and "<br>" in html


@pytest.mark.django_db
def test_the_report_page_shows_labelled_fields_and_marked_words(personas, client_for):
    report = _report(CLASH)
    html = client_for(personas["analyst"]).get(f"/laporan/{report.pk}/").content.decode()
    panel = html[html.index('id="analysis"') :]
    assert "Analisis otomatis" in panel
    assert '<span class="sev sev-5">5</span>' in panel and "ada yang tewas" in panel
    assert "Insiden" in panel and "Bentrok antarkelompok" in panel
    assert "2 tewas" in panel and "2025-09-15" in panel
    assert ">meninggal dunia</mark>" in panel
    assert "{&#x27;relevance&#x27;" not in html and "relevance_scores" not in html


@pytest.mark.django_db
def test_a_field_reporter_does_not_see_the_analysis_of_their_own_report(personas, client_for):
    report = _report(CLASH)
    report.created_by = personas["reporter"]
    report.save(update_fields=["created_by"])
    html = client_for(personas["reporter"]).get(f"/laporan/{report.pk}/").content.decode()
    assert 'id="analysis"' not in html


@pytest.mark.django_db
def test_the_triage_queue_puts_severity_first_and_junk_last(personas, client_for):
    junk = _report("<script>alert('tes')</script>", channel="web")
    dispute = _report("Lahan kami dikuasai PT sawit tanpa ganti rugi, mohon dibantu")
    killed = _report(CLASH)
    html = client_for(personas["analyst"]).get("/laporan/triase/").content.decode()
    order = [html.index(r.tracking_code) for r in (killed, dispute, junk)]
    assert order == sorted(order)
    row = html[order[0] : order[1]]
    assert '<span class="sev sev-5"' in row and "2 tewas" in row
    assert "sampah" in html[order[2] :]
