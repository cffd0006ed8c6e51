"""A paginator told how to count, for lists whose count has a cheaper equivalent query (or a
cached one), and a query built only when a page of it is read."""

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(
        self, object_list: Any, per_page: int, *, count: Callable[[], int], **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


class LazyQuery:
    """An ordered query for a paginator, built by ``build()`` when first sliced: a list whose
    count and page rows are cached does not pay for building its filters."""

    ordered = True

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build

    @cached_property
    def queryset(self) -> Any:
        return self._build()

    def __getitem__(self, index: Any) -> Any:
        return self.queryset[index]
