"""The published bulletin as an Atom feed and as JSON: only what the public page shows."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from . import services


def entries_text(bulletin) -> str:
    lines = [bulletin.summary, ""]
    for entry in bulletin.entries.all():
        lines.append(f"{entry.area.name}: {entry.get_level_display()}. {entry.advice}".strip())
    return "\n".join(lines)


class BulletinFeed(Feed):
    feed_type = Atom1Feed
    title = "Buletin Waspada"
    subtitle = "Tingkat kewaspadaan konflik sosial per kecamatan"

    def link(self):
        return reverse("bulletins:public")

    def items(self):
        return services.published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return entries_text(item)

    def item_link(self, item):
        return reverse("bulletins:public_detail", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


def as_json(bulletin) -> dict:
    return {
        "id": bulletin.pk,
        "title": bulletin.title,
        "summary": bulletin.summary,
        "published_at": bulletin.published_at.isoformat(),
        "url": settings.SITE_URL.rstrip("/")
        + reverse("bulletins:public_detail", args=[bulletin.pk]),
        "areas": [
            {"code": e.area_id, "name": e.area.name, "level": e.level, "advice": e.advice}
            for e in bulletin.entries.all()
        ],
    }


def json_feed(request):
    return JsonResponse(
        {"bulletins": [as_json(b) for b in services.published()[:20]]},
        json_dumps_params={"ensure_ascii": False},
    )
