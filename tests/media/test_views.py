"""The article list and detail, triage of stories, and source management pages."""

import pytest
from django.urls import reverse

from tests.conftest import verified_client
from waspada.areas.models import Area
from waspada.media import services
from waspada.media.models import Source, SourceKind, Story, Triage

pytestmark = pytest.mark.django_db

TEXTS = {
    ("64.02.02", Triage.PENDING): "Ratusan warga Desa Jongkang di Kecamatan Loa Kulu memblokade "
    "jalan hauling batu bara milik perusahaan tambang sejak Selasa pagi karena menuntut ganti "
    "rugi lahan kebun mereka.",
    ("64.02.06", Triage.PENDING): "Dua kelompok pemuda terlibat bentrok di Tenggarong usai "
    "pertandingan sepak bola antarkampung; polisi mengamankan empat orang dan menyita senjata "
    "tajam.",
    ("64.02.02", Triage.REVIEWED): "Forum Kewaspadaan Dini Masyarakat menggelar dialog dengan "
    "tokoh agama dan tokoh adat untuk mencegah gesekan menjelang pemilihan kepala desa serentak.",
}


def story_in(
    kecamatan="64.02.02", triage=Triage.PENDING, outlets=("Kabar Kukar", "Kaltim Terkini")
):
    articles = []
    for i, outlet in enumerate(outlets):
        article, _ = services.store_article(
            url=f"https://{i}.test/{kecamatan}/{triage}",
            title="Blokade jalan tambang",
            text=TEXTS[(kecamatan, triage)],
            outlet=outlet,
        )
        articles.append(article)
    story = articles[0].story
    story.area = Area.objects.get(code=kecamatan)
    story.triage = triage
    story.urgency = 0.8
    story.save()
    for article in articles:
        article.area = story.area
        article.relevance = "incident"
        article.save()
    return story, articles


def test_the_list_searches_and_filters_for_triage(personas):
    story, articles = story_in()
    services.store_article(
        url="https://z.test/erau",
        title="Festival Erau",
        text="Festival adat Erau digelar meriah di Tenggarong tahun ini "
        "dengan parade budaya dan lomba perahu naga.",
    )
    client = verified_client(personas["analyst"])
    page = client.get(reverse("media:articles")).content.decode()
    assert "Festival Erau" in page and "Blokade jalan tambang" in page
    page = client.get(reverse("media:articles"), {"q": "erau"}).content.decode()
    assert "Festival Erau" in page and "Blokade jalan tambang" not in page
    page = client.get(reverse("media:articles"), {"triage": "on"}).content.decode()
    assert "Festival Erau" not in page and "Blokade jalan tambang" in page


def test_the_detail_lists_the_other_outlets_of_the_story(personas):
    story, (first, second) = story_in()
    page = verified_client(personas["partner"]).get(first.get_absolute_url()).content.decode()
    assert "Kaltim Terkini" in page and second.get_absolute_url() in page
    assert reverse("media:article_triage", args=[first.pk]) not in page  # partners don't triage


def test_an_article_outside_a_users_area_is_not_found(personas):
    story, (first, _second) = story_in("64.02.06")  # Tenggarong
    assert (
        verified_client(personas["outsider_analyst"]).get(first.get_absolute_url()).status_code
        == 404
    )
    assert verified_client(personas["reporter"]).get(first.get_absolute_url()).status_code == 200


def test_triage_items_are_the_stories_awaiting_triage_in_scope(personas):
    pending, _ = story_in("64.02.02")
    elsewhere, _ = story_in("64.02.06")
    story_in("64.02.02", triage=Triage.REVIEWED)
    assert set(services.triage_items(personas["analyst"])) == {pending, elsewhere}
    assert list(services.triage_items(personas["outsider_analyst"])) == [pending]
    assert list(services.triage_items(personas["partner"])) == []
    item = services.triage_items(personas["analyst"]).first()
    assert item.kind == "article" and item.outlets() == ["Kabar Kukar", "Kaltim Terkini"]
    assert item.received_at and item.get_absolute_url().startswith("/berita/")


def test_an_analyst_triages_a_story_from_any_of_its_articles(personas):
    story, (first, second) = story_in()
    client = verified_client(personas["analyst"])
    response = client.post(
        reverse("media:article_triage", args=[second.pk]), {"triage": Triage.DISMISSED}
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.triage == Triage.DISMISSED and story.triaged_by == personas["analyst"]
    assert story not in services.triage_items(personas["analyst"])


def test_an_invalid_triage_choice_is_refused(personas):
    story, (first, _) = story_in()
    response = verified_client(personas["analyst"]).post(
        reverse("media:article_triage", args=[first.pk]), {"triage": "deleted"}
    )
    assert response.status_code == 404
    assert Story.objects.get(pk=story.pk).triage == Triage.PENDING


def test_the_source_health_page_shows_failures(personas):
    Source.objects.create(
        name="Kabar Kukar",
        url="https://kabarkukar.test/rss",
        error_count=2,
        failures_total=5,
        last_error="HTTP 500 Internal",
    )
    Source.objects.create(name="Arsip", kind=SourceKind.IMPORT)
    page = verified_client(personas["admin"]).get(reverse("media:sources")).content.decode()
    assert "Kabar Kukar" in page and "HTTP 500 Internal" in page and "Arsip" in page


def test_an_analyst_adds_and_edits_a_source(personas):
    client = verified_client(personas["analyst"])
    response = client.post(
        reverse("media:source_new"),
        {
            "name": "Kaltim Terkini",
            "kind": "feed",
            "url": "https://kaltimterkini.test/rss",
            "outlet": "Kaltim Terkini",
            "every_minutes": 30,
            "active": "on",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(name="Kaltim Terkini")
    assert source.created_by == personas["analyst"]
    response = client.post(
        reverse("media:source_edit", args=[source.pk]),
        {
            "name": "Kaltim Terkini",
            "kind": "feed",
            "url": "https://kaltimterkini.test/rss",
            "every_minutes": 60,
        },
    )
    source.refresh_from_db()
    assert response.status_code == 302 and source.every_minutes == 60 and not source.active


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "feed", "url": "", "every_minutes": 30}, "url", "needs its web address"),
        ({"kind": "import", "url": "https://a.test/", "every_minutes": 30}, "url", "not polled"),
        (
            {"kind": "feed", "url": "https://a.test/", "every_minutes": 1},
            "every_minutes",
            "at most every 5 minutes",
        ),
        (
            {
                "kind": "listing",
                "url": "https://a.test/",
                "every_minutes": 30,
                "link_pattern": "(unclosed",
            },
            "link_pattern",
            "not a valid regular expression",
        ),
    ],
)
def test_source_form_messages(personas, data, field, message):
    response = verified_client(personas["analyst"]).post(
        reverse("media:source_new"), {"name": "X", **data}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])


def test_source_form_messages_are_in_indonesian_by_default(personas):
    response = verified_client(personas["analyst"]).post(
        reverse("media:source_new"), {"name": "X", "kind": "feed", "every_minutes": 30}
    )
    assert "memerlukan alamat web" in " ".join(response.context["form"].errors["url"])


def test_poll_now_enqueues_a_poll(personas, news_site, run_on_commit):
    source = Source.objects.create(name="Kabar Kukar", url=f"{news_site.url}/rss.xml")
    with run_on_commit():
        response = verified_client(personas["analyst"]).post(
            reverse("media:source_poll", args=[source.pk])
        )
    assert response.status_code == 302
    assert source.articles.count() == 2


def test_a_new_address_forgets_the_old_validators_and_errors(personas):
    source = Source.objects.create(
        name="K", url="https://old.test/rss", etag='"x"', last_modified="Tue", error_count=3
    )
    verified_client(personas["analyst"]).post(
        reverse("media:source_edit", args=[source.pk]),
        {
            "name": "K",
            "kind": "feed",
            "url": "https://new.test/rss",
            "every_minutes": 30,
            "active": "on",
        },
    )
    source.refresh_from_db()
    assert source.url == "https://new.test/rss"
    assert (source.etag, source.last_modified, source.error_count) == ("", "", 0)


def test_every_media_setting_is_documented():
    from pathlib import Path

    from django.conf import settings

    root = Path(__file__).resolve().parents[2]
    names = [name for name in dir(settings) if name.startswith("WASPADA_MEDIA_")]
    env = (root / ".env.example").read_text()
    docs = (root / "docs" / "media.md").read_text()
    assert names
    assert [n for n in names if f"{n}=" not in env or n not in docs] == []


def test_an_analyst_can_code_an_event_from_an_article(personas):
    story, (first, _) = story_in()
    page = verified_client(personas["analyst"]).get(first.get_absolute_url()).content.decode()
    assert f"{reverse('events:create')}?article={first.pk}" in page


def test_the_triage_rows_partial_renders_the_stories(personas):
    from django.template.loader import render_to_string

    story, _ = story_in()
    html = render_to_string(
        "media/_triage_rows.html", {"stories": services.triage_items(personas["analyst"])}
    )
    assert "Blokade jalan tambang" in html and "Kabar Kukar, Kaltim Terkini" in html
    assert story.get_absolute_url() in html and "Loa Kulu" in html


def test_analysts_read_the_page_as_fetched_as_plain_text(personas, news_site):
    article, _ = services.fetch_url(f"{news_site.url}/a/blokade-jongkang.html")
    url = reverse("media:article_raw", args=[article.pk])
    response = verified_client(personas["analyst"]).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert response.content == news_site.routes["/a/blokade-jongkang.html"].body
    assert "sandbox" in response["Content-Security-Policy"]
    assert verified_client(personas["partner"]).get(url).status_code == 403


def test_news_stories_wait_in_the_triage_queue_beside_reports(personas):
    story, _ = story_in("64.02.02")
    page = verified_client(personas["analyst"]).get(reverse("intake:triage"))
    assert story in page.context["media_stories"]
    assert story.get_absolute_url() in page.content.decode()
    page = verified_client(personas["outsider_analyst"]).get(reverse("intake:triage"))
    assert story in page.context["media_stories"]  # Loa Kulu is in their scope


def test_whether_stories_wait_follows_every_change_to_stories(personas):
    """Whether any story waits is cached under the stories' change stamp: a story stored, a
    bulk update and a deletion each show at once, whatever code made them."""
    from waspada.media import stamp

    analyst = personas["analyst"]
    assert list(services.triage_items(analyst)) == []
    version = stamp.current()
    story, _ = story_in("64.02.02")
    assert stamp.current() != version
    assert list(services.triage_items(analyst)) == [story]
    Story.objects.filter(pk=story.pk).update(triage=Triage.REVIEWED)  # no save(), no signal
    assert list(services.triage_items(analyst)) == []
    Story.objects.filter(pk=story.pk).update(triage=Triage.PENDING)
    assert list(services.triage_items(analyst)) == [story]
    Story.objects.filter(pk=story.pk).delete()
    assert list(services.triage_items(analyst)) == []


def test_story_rows_in_the_triage_queue_carry_the_lead_articles_severity(personas):
    article, _ = services.store_article(
        url="https://kabar.test/bentrok-tenggarong",
        title="Bentrok antarkelompok di Tenggarong",
        text="Dua kelompok pemuda bentrok di Kelurahan Loa Ipuh, Kecamatan Tenggarong, Kutai "
        "Kartanegara, Sabtu malam. Seorang warga meninggal dunia dan tiga orang luka-luka "
        "terkena sabetan senjata tajam, kata Kapolres Kukar.",
        outlet="Kabar Kukar",
    )
    assert services.analyse(article.pk)
    article.refresh_from_db()
    assert article.story.triage == Triage.PENDING
    severity = article.reading.severity
    assert severity == 5
    page = verified_client(personas["analyst"]).get(reverse("intake:triage")).content.decode()
    row = page[page.index(article.story.get_absolute_url()) :]
    row = row[: row.index("</tr>")]
    assert f'class="sev sev-{severity}"' in row and "1 tewas" in row
