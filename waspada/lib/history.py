"""A change history in words: the JSON ``{field: [old, new]}`` that event and case histories
store, as (label, old, new) with the fields' labels and the values as people read them
(choices by their label, linked records by their name, dates as dates), never raw keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = "—"

# Words for what a history entry did (events and cases).
ACTIONS = {
    "create": gettext_lazy("recorded"),
    "open": gettext_lazy("opened"),
    "update": gettext_lazy("changed"),
    "verify": gettext_lazy("verified"),
    "reject": gettext_lazy("rejected"),
    "merge": gettext_lazy("merged a duplicate into it"),
    "merged_into": gettext_lazy("merged into another event"),
    "split": gettext_lazy("split reports into a new event"),
    "attach": gettext_lazy("linked a report"),
    "detach": gettext_lazy("unlinked a report"),
    "status": gettext_lazy("changed the status"),
    "close": gettext_lazy("closed"),
    "action": gettext_lazy("added an action"),
    "action_done": gettext_lazy("marked an action done"),
}


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def action_words(action: str) -> str:
    return str(ACTIONS.get(action, action.replace("_", " ")))


def _field(model: type[models.Model], name: str) -> Any:
    names = {f.name: f for f in model._meta.get_fields()}
    return names.get(name) or names.get(name.removesuffix("_id"))


def date_words(value: object) -> str:
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return formats.date_format(day, "j M Y")


def _related_names(model: type[models.Model], values: Iterable[object]) -> str:
    keys = [v for v in values if v not in (None, "")]
    if not keys:
        return EMPTY
    names = {str(obj.pk): str(obj) for obj in model._default_manager.filter(pk__in=keys)}
    return ", ".join(names.get(str(k), f"#{k}") for k in keys)


def _value(field: Any, value: Any) -> str:
    if value in (None, "", []):
        return EMPTY
    if field is None:
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    if field.is_relation and field.related_model is not None:
        return _related_names(field.related_model, value if isinstance(value, list) else [value])
    if field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateField | models.DateTimeField):
        return date_words(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


Worder = tuple[object, Callable[[object], str]]  # (label, value -> words)


def choice_list(choices: Iterable[tuple[object, object]]) -> Callable[[object], str]:
    """Words for a list of codes of one vocabulary (``Source.choices``)."""

    labels = {str(k): str(v) for k, v in choices}

    def words(value: Any) -> str:
        if value in (None, "", []):
            return EMPTY
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in items)

    return words


def describe(
    model: type[models.Model], changes: dict[str, Any], extra: dict[str, Worder] | None = None
) -> list[Change]:
    """``changes`` ({field: [old, new]}) of a record of ``model`` in words, as ``Change``s.
    ``extra`` maps a key that is not a plain field (a list of codes, an action) to its label
    and a function that words its values."""
    extra = extra or {}
    result = []
    for name, pair in (changes or {}).items():
        old, new = (list(pair) + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if name in extra:
            label, words = extra[name]
            result.append(Change(_cap(str(label)), words(old), words(new)))
            continue
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None else name.replace("_", " ")
        result.append(Change(_cap(label), _value(field, old), _value(field, new)))
    return result


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
