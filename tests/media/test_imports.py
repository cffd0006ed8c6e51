"""Backfills: a folder of saved pages, exported posts, Telegram exports; the media command."""

import pytest
from django.core.management import CommandError, call_command

from waspada.media.imports import import_folder, import_posts, import_source
from waspada.media.models import Article, Source, Triage

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


def saved_pages(tmp_path):
    folder = tmp_path / "simpanan"
    (folder / "juli").mkdir(parents=True)
    for name in ("story_a.html", "story_b.html", "erau.html"):
        body = (FIXTURES / name).read_bytes().replace(b"{base}", b"https://kabarkukar.test")
        (folder / "juli" / name).write_bytes(body)
    (folder / "catatan.txt").write_text("not a page")
    (folder / "kosong.html").write_text("<html><body></body></html>")
    return folder


def test_a_folder_of_saved_pages_is_imported_once(tmp_path, run_on_commit):
    folder = saved_pages(tmp_path)
    source = import_source("Arsip Kesbangpol")
    with run_on_commit():
        result = import_folder(folder, source)
    assert result.added == 3 and len(result.errors) == 1 and "kosong.html" in result.errors[0]
    a = Article.objects.get(
        url="https://kabarkukar.test/a/blokade-jongkang.html"
    )  # its canonical link
    b = Article.objects.get(url__startswith="file://", url__endswith="story_b.html")
    assert a.story == b.story and a.raw_bytes.startswith(b"<!doctype html>")
    assert a.story.triage == Triage.PENDING
    assert import_folder(folder, source).existing == 3


def test_a_telegram_export_is_imported(run_on_commit):
    source = import_source("Info Kukar (Telegram)")
    with run_on_commit():
        result = import_posts(FIXTURES / "telegram_export.json", source)
    assert result.added == 2 and not result.errors  # the service message is skipped
    post = Article.objects.get(url="telegram://Info Kukar/101")
    assert post.text.startswith("Warga Desa Jongkang di Loa Kulu memblokade jalan tambang")
    assert "truk batu bara tertahan" in post.text
    assert post.published_at is not None and post.outlet == "Info Kukar (Telegram)"
    assert b'"id": 101' in post.raw_bytes
    assert post.relevance not in ("", "none") and post.in_regency
    assert import_posts(FIXTURES / "telegram_export.json", source).existing == 2


def test_exported_posts_in_csv_are_imported():
    source = import_source("X export")
    result = import_posts(FIXTURES / "posts.csv", source)
    assert result.added == 2
    assert Article.objects.filter(url="https://x.test/akun_warga/status/9001").exists()
    assert Article.objects.filter(url=f"post://{source.pk}/9002").exists()


def test_a_broken_export_is_reported_not_raised(tmp_path):
    path = tmp_path / "rusak.json"
    path.write_text("{not json")
    result = import_posts(path, import_source("rusak"))
    assert result.added == 0 and result.errors


def test_media_fetch_stores_and_analyses_one_article(news_site, capsys):
    # call_command, not waspada.__main__.main: run_from_argv closes the database connections
    # when a command ends, which on PostgreSQL ends the test's transaction.
    call_command("media", "fetch", f"{news_site.url}/a/blokade-jongkang.html")
    out = capsys.readouterr().out
    assert "stored: article" in out and "Warga Jongkang Blokade" in out
    article = Article.objects.get()
    assert article.analysed_at is not None and article.story.triage == Triage.PENDING
    call_command("media", "fetch", f"{news_site.url}/a/blokade-jongkang.html")
    assert "already stored" in capsys.readouterr().out


def test_media_fetch_of_a_failing_page_is_a_command_error(site):
    site.fail("/x.html", 500)
    with pytest.raises(CommandError, match="HTTP 500"):
        call_command("media", "fetch", f"{site.url}/x.html")


def test_media_import_and_import_posts(tmp_path, capsys):
    call_command("media", "import", str(saved_pages(tmp_path)), "--source", "Arsip")
    assert "added 3" in capsys.readouterr().out
    call_command("media", "import-posts", str(FIXTURES / "posts.csv"), "--source", "X")
    assert "added 2" in capsys.readouterr().out
    assert Source.objects.filter(name="Arsip", kind="import").exists()
    with pytest.raises(CommandError):
        call_command("media", "import", str(tmp_path / "missing"))


def test_media_poll_polls_active_sources(news_site, capsys):
    Source.objects.create(name="Kabar Kukar", url=f"{news_site.url}/rss.xml")
    call_command("media", "poll")
    assert "Kabar Kukar: 2 new of 2 links, ok" in capsys.readouterr().out


def test_a_post_address_that_is_not_a_web_address_is_not_kept(tmp_path):
    path = tmp_path / "posts.json"
    path.write_text(
        '[{"id": 7, "url": "javascript:alert(1)", "text": "Jalan tambang ditutup '
        'warga sejak pagi karena ganti rugi lahan belum dibayar perusahaan."}]'
    )
    source = import_source("json export")
    assert import_posts(path, source).added == 1
    assert Article.objects.get().url == f"post://{source.pk}/7"
