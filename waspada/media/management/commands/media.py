"""``python -m waspada media fetch URL`` and the other media monitoring commands."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from waspada.media import imports, services
from waspada.media.extract import ExtractError
from waspada.media.fetch import FetchError
from waspada.media.models import Source


class Command(BaseCommand):
    help = (
        "Media monitoring: fetch one article (fetch URL), import a folder of saved pages "
        "(import FOLDER), import exported posts or a Telegram export (import-posts FILE), "
        "poll sources now (poll)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser("fetch", help="fetch, read and store one article page")
        fetch.add_argument("url")
        fetch.add_argument("--source", type=int, help="id of the source to file it under")
        folder = sub.add_parser("import", help="import a folder of saved HTML pages")
        folder.add_argument("folder")
        folder.add_argument("--source", default="", help="name of the import source")
        posts = sub.add_parser(
            "import-posts", help="import posts (JSON, CSV) or a Telegram export (JSON)"
        )
        posts.add_argument("file")
        posts.add_argument("--source", required=True, help="name of the import source")
        poll = sub.add_parser("poll", help="poll sources now (all active, or --source ID)")
        poll.add_argument("--source", type=int)

    def handle(self, *args, action, **options):
        return getattr(self, f"_{action.replace('-', '_')}")(**options) or None

    def _source(self, pk):
        if pk is None:
            return None
        source = Source.objects.filter(pk=pk).first()
        if source is None:
            raise CommandError(f"no source with id {pk}")
        return source

    def _fetch(self, url, source=None, **_):
        try:
            article, created = services.fetch_url(url, source=self._source(source))
        except (FetchError, ExtractError) as e:
            raise CommandError(f"{url}: {e}") from e
        if created:
            services.analyse(article.pk)
            article.refresh_from_db()
        state = "stored" if created else "already stored"
        self.stdout.write(f"{state}: article {article.pk} ({article.outlet}) {article.title}")
        self.stdout.write(
            f"  language {article.language or '?'}, {len(article.text)} characters, "
            f"story {article.story_id}, relevance {article.relevance or '-'}"
        )

    def _import(self, folder, source="", **_):
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"not a folder: {folder}")
        result = imports.import_folder(path, imports.import_source(source) if source else None)
        self._report(result)

    def _import_posts(self, file, source, **_):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"not a file: {file}")
        self._report(imports.import_posts(path, imports.import_source(source)))

    def _poll(self, source=None, **_):
        sources = [self._source(source)] if source else Source.objects.filter(active=True)
        for item in sources:
            if not item.polled:
                continue
            log = services.poll(item)
            state = "ok" if log.ok else f"{log.errors} error(s)"
            self.stdout.write(f"{item.name}: {log.new_articles} new of {log.links} links, {state}")
            if log.error:
                self.stdout.write(f"  {log.error.splitlines()[0]}")

    def _report(self, result):
        self.stdout.write(
            f"added {result.added}, already stored {result.existing}, errors {len(result.errors)}"
        )
        for error in result.errors[:20]:
            self.stderr.write(f"  {error}")
