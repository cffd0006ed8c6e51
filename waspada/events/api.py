"""The JSON API for events: list (with the list page's filters), detail, create, update."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination

from waspada.accounts import policy
from waspada.accounts.models import Classification
from waspada.api.permissions import capability
from waspada.areas.models import Area
from waspada.lib import validators
from waspada.lib.paging import CountedPaginator

from . import services
from .forms import FilterForm
from .models import Event
from .queries import Links, count_filtered, filtered, links_for
from .vocab import ActorType, Form, Relevance, Source, TimePrecision, Verification

_DATETIME = serializers.DateTimeField()


class EventSerializer(serializers.ModelSerializer):
    area_code = serializers.CharField(
        source="area_id", allow_null=True, required=False, allow_blank=True
    )
    sources = serializers.ListField(
        child=serializers.ChoiceField(choices=Source.choices), source="source_list", required=False
    )
    form = serializers.ChoiceField(choices=Form.choices, required=False, allow_blank=True)
    relevance = serializers.ChoiceField(choices=Relevance.choices, required=False)
    time_precision = serializers.ChoiceField(choices=TimePrecision.choices, required=False)
    actor1_type = serializers.ChoiceField(
        choices=ActorType.choices, required=False, allow_blank=True
    )
    actor2_type = serializers.ChoiceField(
        choices=ActorType.choices, required=False, allow_blank=True
    )
    classification = serializers.ChoiceField(choices=Classification.choices, required=False)
    verification = serializers.ChoiceField(choices=Verification.choices, read_only=True)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(
        required=False, allow_null=True, min_value=-180, max_value=180
    )
    report_ids = serializers.PrimaryKeyRelatedField(source="reports", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "event_date",
            "time_precision",
            "area_code",
            "geo_precision",
            "latitude",
            "longitude",
            "location",
            "relevance",
            "form",
            "sources",
            "actor1",
            "actor1_type",
            "actor2",
            "actor2_type",
            "fatalities",
            "injured",
            "displaced",
            "property_damage",
            "summary",
            "classification",
            "verification",
            "report_ids",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "geo_precision", "created_at", "updated_at"]

    def to_representation(self, instance):
        row = {column: getattr(instance, column) for column in READ_COLUMNS}
        links = Links(
            sources=instance.source_list,
            report_ids=sorted(r.pk for r in instance.reports.all()),
        )
        return event_json(row, links)

    def validate_area_code(self, value):
        if not value:
            return None
        area = Area.objects.defer("geometry").filter(code=value).first()
        if area is None:
            raise serializers.ValidationError(_("Unknown area code."))
        return validators.area_in_scope(self.context["request"].user, area)

    def validate_event_date(self, value):
        return validators.event_date(value)

    def validate(self, data):
        lat = data.get("latitude", getattr(self.instance, "latitude", None))
        lon = data.get("longitude", getattr(self.instance, "longitude", None))
        if (lat is None) != (lon is None):
            raise serializers.ValidationError(
                {"latitude": _("Give both latitude and longitude, or neither.")}
            )
        if lat is not None and ("latitude" in data or "longitude" in data):
            try:
                validators.point_in_scope(self.context["request"].user, lat, lon)
            except DjangoValidationError as e:
                raise serializers.ValidationError({"latitude": e.messages}) from e
        return data

    def _fields(self, data):
        data = dict(data)
        sources = data.pop("source_list", None)
        if "area_id" in data:
            data["area"] = data.pop("area_id")
        return data, sources

    def create(self, validated_data):
        fields, sources = self._fields(validated_data)
        return services.create_event(
            user=self.context["request"].user, sources=sources or [], **fields
        )

    def update(self, instance, validated_data):
        fields, sources = self._fields(validated_data)
        return services.update_event(
            instance, user=self.context["request"].user, sources=sources, **fields
        )


# Fields of EventSerializer that come from other tables (see queries.links_for), and the
# column behind each field whose name differs from it.
_LINKED = ("sources", "report_ids")
_COLUMN = {"area_code": "area_id"}
_WRITE = {
    "event_date": lambda d: d.isoformat(),
    "created_at": _DATETIME.to_representation,
    "updated_at": _DATETIME.to_representation,
}
# What the API writes of an event, read as plain columns (lists read these with .values()).
READ_COLUMNS = tuple(
    _COLUMN.get(name, name) for name in EventSerializer.Meta.fields if name not in _LINKED
)


def event_json(row: dict, links: Links) -> dict:
    """EventSerializer's output, built directly from the columns (tests/events/test_api.py
    compares the two): DRF's per-field machinery and model instances were most of the time
    of a 50-event list."""
    linked = {"sources": links.sources, "report_ids": links.report_ids}
    out = {}
    for name in EventSerializer.Meta.fields:
        if name in linked:
            out[name] = linked[name]
        else:
            value = row[_COLUMN.get(name, name)]
            out[name] = _WRITE[name](value) if name in _WRITE else value
    return out


class _EventPages(PageNumberPagination):
    """Pages of events counted by ``count_filtered`` (see waspada.events.queries)."""

    def paginate_queryset(self, queryset, request, view=None):
        self._count = view.count
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset, page_size):
        return CountedPaginator(queryset, page_size, count=self._count)


class EventList(generics.ListCreateAPIView):
    serializer_class = EventSerializer
    pagination_class = _EventPages

    @cached_property
    def filter_data(self) -> dict:
        form = FilterForm(self.request.query_params or None)
        return form.cleaned_data if form.is_valid() else {}

    def count(self) -> int:
        return count_filtered(self.request.user, self.filter_data)

    def get_permissions(self):
        name = "events.edit" if self.request.method == "POST" else "events.view"
        return [capability(name)()]

    def get_queryset(self):
        return filtered(self.request.user, self.filter_data)

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.get_queryset().values(*READ_COLUMNS))
        links = links_for([row["id"] for row in rows])
        return self.get_paginated_response([event_json(row, links[row["id"]]) for row in rows])


class EventDetail(generics.RetrieveUpdateAPIView):
    serializer_class = EventSerializer

    def get_permissions(self):
        name = "events.view" if self.request.method == "GET" else "events.edit"
        return [capability(name)()]

    def get_object(self):
        event = Event.objects.filter(pk=self.kwargs["pk"]).select_related("area").first()
        if event is None or not policy.can_view(self.request.user, event):
            raise Http404
        if self.request.method != "GET" and not policy.can_change(self.request.user, event):
            raise PermissionDenied
        return event
