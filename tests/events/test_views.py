"""The event pages: list filters, coding from a report or an article, import through the UI."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from waspada.areas.models import Area
from waspada.events import services
from waspada.events.models import Event, ImportBatch
from waspada.ops.worker import WaspadaWorker

pytestmark = pytest.mark.django_db


def _form(**extra):
    return {
        "event_date": "2026-11-03",
        "time_precision": "1",
        "area": "64.02.06",
        "relevance": "incident",
        "form": "bentrok",
        "fatalities": "0",
        "injured": "1",
        "displaced": "0",
        "summary": "Bentrok pemuda",
        "classification": "biasa",
        **extra,
    }


def test_the_list_filters_by_kecamatan_source_and_text(personas, client_for):
    user = personas["analyst"]
    services.create_event(
        user=user,
        event_date=date(2026, 11, 1),
        summary="Demo buruh sawit",
        area=Area.objects.get(code="64.02.06"),
        form="unjuk_rasa",
        sources=["ekonomi"],
    )
    services.create_event(
        user=user,
        event_date=date(2026, 11, 2),
        summary="Sengketa tapal batas",
        area=Area.objects.get(code="64.02.02"),
        form="sengketa",
        sources=["batas_wilayah"],
    )
    client = client_for(user)

    def count(**query):
        return client.get(reverse("events:list"), query).context["page"].paginator.count

    assert count() == 2
    assert count(kecamatan="64.02.02") == 1
    assert count(source="ekonomi") == 1
    assert count(q="tapal") == 1
    assert count(date_from="2026-11-02") == 1
    points = client.get(reverse("events:map_data"), {"source": "ekonomi"}).json()
    assert len(points["features"]) == 1


def test_the_list_shows_each_event_in_words_and_keeps_the_chosen_filters(personas, client_for):
    user = personas["analyst"]
    event = services.create_event(
        user=user,
        event_date=date(2026, 11, 1),
        summary="Warga <b>memblokade</b> jalan hauling "
        + "karena ganti rugi lahan belum dibayar " * 5,
        area=Area.objects.get(code="64.02.06.1004"),
        form="unjuk_rasa",
        sources=["ekonomi", "sumber_daya_alam"],
    )
    client = client_for(user)
    client.cookies["django_language"] = "id"
    html = client.get(reverse("events:list"), {"form": "unjuk_rasa"}).content.decode()
    row = html[html.index(f'href="/peristiwa/{event.pk}/"') :].split("</tr>")[0]
    area = Area.objects.get(code="64.02.06.1004")
    assert str(area) in row and "2026-11-01" in row
    assert "Unjuk rasa" in row and "Ekonomi, Sumber daya alam" in row
    assert "Belum diverifikasi" in row
    summary = row.split("<td>")[-1].removesuffix("</td>")
    assert summary.startswith("Warga &lt;b&gt;memblokade&lt;/b&gt; jalan")  # escaped
    assert len(summary.replace("&lt;", "<").replace("&gt;", ">")) == 120
    assert summary.endswith("…")
    # The filter bar shows what was chosen (and escapes what was typed).
    assert '<option value="unjuk_rasa" selected>' in html
    html = client.get(reverse("events:list"), {"q": 'hauling "<x'}).content.decode()
    assert 'name="q" value="hauling &quot;&lt;x"' in html


def test_an_analyst_codes_an_event_from_a_report(personas, client_for, make_report):
    report = make_report(
        "Dua kelompok pemuda bentrok di Tenggarong", area=Area.objects.get(code="64.02.06.1004")
    )
    client = client_for(personas["analyst"])
    page = client.get(reverse("events:create"), {"report": report.pk})
    assert page.context["form"].initial["area"] == "64.02.06.1004"
    response = client.post(reverse("events:create"), _form(report=report.pk, area="64.02.06.1004"))
    event = Event.objects.get()
    assert response.status_code == 302 and list(event.reports.all()) == [report]


def test_bad_event_forms_store_nothing(personas, client_for):
    client = client_for(personas["analyst"])
    for bad in (
        _form(area="99.99.99"),
        _form(event_date="kemarin"),
        _form(form=""),
        _form(latitude="-0.4"),
        _form(summary=""),
    ):
        response = client.post(reverse("events:create"), bad)
        assert response.status_code == 200 and response.context["form"].errors
    assert Event.objects.count() == 0


def test_an_analyst_cannot_code_outside_their_scope(personas, client_for):
    client = client_for(personas["outsider_analyst"])  # Loa Kulu only
    response = client.post(reverse("events:create"), _form(area="64.02.06"))
    assert "area" in response.context["form"].errors
    assert Event.objects.count() == 0


def test_an_analyst_codes_an_event_from_a_news_article(personas, client_for):
    from waspada.media.models import Article

    article = Article.objects.create(
        url="https://berita.example/warga-blokade",
        outlet="berita.example",
        title="Warga blokade jalan tambang",
        text="Warga memblokade jalan hauling di Loa Kulu.",
        published_at=datetime(2026, 11, 2, 8, tzinfo=UTC),
        analysis={
            "relevance": "tension",
            "form": "blokade",
            "sources": [{"name": "sumber_daya_alam", "score": 0.9}],
            "primary_place": "64.02.02",
            "event_date": "2026-11-01",
        },
    )
    client = client_for(personas["analyst"])
    initial = client.get(reverse("events:create"), {"article": article.pk}).context["form"].initial
    assert (initial["form"], initial["area"], initial["event_date"]) == (
        "blokade",
        "64.02.02",
        date(2026, 11, 1),
    )
    assert initial["sources"] == ["sumber_daya_alam"]
    client.post(reverse("events:create"), _form(article=article.pk, area="64.02.02"))
    assert list(Event.objects.get().articles.all()) == [article]


@pytest.mark.django_db(transaction=True)  # the worker's own transactions, as in production
def test_import_through_the_pages_previews_then_commits(personas, client_for):
    client = client_for(personas["analyst"])
    content = b"event_date,area_code,summary,form\n2026-10-01,64.02.06,Bentrok,bentrok\n"
    response = client.post(reverse("events:import"), {"file": SimpleUploadedFile("e.csv", content)})
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("events:import_preview", args=[batch.pk])
    assert Event.objects.count() == 0
    page = client.get(response["Location"])
    assert b'id="commit"' in page.content
    response = client.post(reverse("events:import_commit", args=[batch.pk]))
    # The import is a background job: the page shows its progress bar, fed by a JSON view.
    assert response["Location"] == reverse("events:import_preview", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-progress"' in page and "js/import_progress.js" in page
    progress = client.get(reverse("events:import_progress", args=[batch.pk])).json()
    assert progress == {
        "status": "queued",
        "status_label": progress["status_label"],
        "rows": 1,
        "rows_done": 0,
        "created": 0,
        "percent": 0,
    }
    assert Event.objects.count() == 0
    WaspadaWorker(once=True).run()
    assert Event.objects.get().summary == "Bentrok"
    progress = client.get(reverse("events:import_progress", args=[batch.pk])).json()
    assert (progress["status"], progress["percent"], progress["created"]) == ("committed", 100, 1)
    # committed once: a second commit of the same batch is not possible
    assert client.post(reverse("events:import_commit", args=[batch.pk])).status_code == 404


def test_a_file_with_errors_cannot_be_committed(personas, client_for):
    client = client_for(personas["analyst"])
    client.post(
        reverse("events:import"),
        {"file": SimpleUploadedFile("e.csv", b"event_date,area_code,summary\nx,y,z\n")},
    )
    batch = ImportBatch.objects.get()
    assert batch.status == "failed"
    page = client.get(reverse("events:import_preview", args=[batch.pk]))
    assert b'id="commit"' not in page.content
    assert client.post(reverse("events:import_commit", args=[batch.pk])).status_code == 404
    assert Event.objects.count() == 0
