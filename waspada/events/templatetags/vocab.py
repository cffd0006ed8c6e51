"""The vocabulary in words on any page: ``{{ case.sources|source_labels }}`` shows
"Sumber daya alam, Ekonomi", never ``sumber_daya_alam, ekonomi``."""

from django import template

from waspada.events.vocab import Source

register = template.Library()


@register.filter
def source_labels(codes) -> str:
    labels = dict(Source.choices)
    items = codes if isinstance(codes, list | tuple) else [codes] if codes else []
    return ", ".join(str(labels.get(c, c)) for c in items) or "—"
