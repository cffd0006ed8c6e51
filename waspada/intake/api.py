"""The JSON API for reports: POST to file one (JSON or multipart with attachments), GET to
list those the token's user may see, GET by tracking code for one.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from waspada.accounts import policy
from waspada.accounts.models import Classification
from waspada.api.permissions import CanViewRecord, capability

from . import services
from .drafts import Draft, DraftError, Raw, Upload, validate
from .models import Channel, Report

_KEPT_HEADERS = ("Content-Type", "User-Agent")


class ReporterSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    email = serializers.EmailField(required=False, allow_blank=True)


class ReportInSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=True)
    title = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    area_code = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Kemendagri code of a desa or kecamatan",
    )
    place_text = serializers.CharField(required=False, allow_blank=True, default="")
    lat = serializers.FloatField(required=False, allow_null=True, default=None)
    lon = serializers.FloatField(required=False, allow_null=True, default=None)
    classification = serializers.ChoiceField(
        choices=Classification.choices, required=False, default=Classification.TERBATAS
    )
    reporter = ReporterSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="Who reported it, when not the token's user",
    )
    client_id = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="Your id for this report: sending it again returns the same report",
    )
    attachments = serializers.ListField(
        child=serializers.FileField(), required=False, default=list, write_only=True
    )

    def validate(self, data):
        if (data["lat"] is None) != (data["lon"] is None):
            raise serializers.ValidationError({"lat": "Give both lat and lon, or neither."})
        return data


# One instance validates every request: building a serializer copies its fields (about half
# a millisecond a report). Validation keeps no state on it, as a list serializer's child is
# reused for each item; what it gives back and raises is what ``is_valid`` would.
_REPORT_IN = ReportInSerializer()


def _validated(data) -> dict:
    """What ``ReportInSerializer(data=data).is_valid(raise_exception=True)`` gives."""
    try:
        return _REPORT_IN.run_validation(data)
    except serializers.ValidationError:
        # The errors as is_valid shapes them (a bare JSON null, say, is a non-field error):
        # only a bad request pays for a fresh serializer.
        ReportInSerializer(data=data).is_valid(raise_exception=True)
        raise


class ReportOutSerializer(serializers.ModelSerializer):
    area_code = serializers.CharField(source="area_id", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "tracking_code",
            "url",
            "channel",
            "status",
            "classification",
            "title",
            "text",
            "occurred_at",
            "received_at",
            "area_code",
            "kecamatan_code",
            "place_text",
            "lat",
            "lon",
            "urgency",
        ]

    def get_url(self, report) -> str:
        request = self.context.get("request")
        path = report.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class ReportPageSerializer(serializers.Serializer):
    """One page of the reports list (PageNumberPagination)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ReportOutSerializer(many=True)


def report_json(report: Report, request) -> dict:
    """What ReportOutSerializer gives, built directly (the intake path is the hot one)."""
    return {
        "id": report.pk,
        "tracking_code": report.tracking_code,
        "url": request.build_absolute_uri(report.get_absolute_url()),
        "channel": report.channel,
        "status": report.status,
        "classification": report.classification,
        "title": report.title,
        "text": report.text,
        "occurred_at": report.occurred_at.isoformat() if report.occurred_at else None,
        "received_at": report.received_at.isoformat(),
        "area_code": report.area_id,
        "kecamatan_code": report.kecamatan_code,
        "place_text": report.place_text,
        "lat": report.lat,
        "lon": report.lon,
        "urgency": report.urgency,
    }


def _draft(request, data) -> Draft:
    reporter = {k: v for k, v in (data["reporter"] or {}).items() if v}
    user = request.user
    return Draft(
        channel=Channel.API,
        raw=Raw(
            body=request.raw_body if request.raw_body is not None else _multipart_summary(request),
            content_type=request.content_type,
            headers={h: request.headers[h] for h in _KEPT_HEADERS if h in request.headers},
        ),
        text=data["text"],
        title=data["title"],
        occurred_at=data["occurred_at"],
        area_code=data["area_code"],
        place_text=data["place_text"],
        lat=data["lat"],
        lon=data["lon"],
        classification=data["classification"],
        message_id=f"{user.pk}:{data['client_id']}" if data["client_id"] else "",
        anonymous=not reporter,
        identity=reporter or None,
        created_by=user,
        organisation=user.organisation,
        uploads=[Upload(data=f.read(), name=f.name) for f in data["attachments"]],
    )


def _multipart_summary(request) -> bytes:
    """Multipart bodies are read by the parser; keep the fields and file names."""
    import json

    return json.dumps(
        {
            "fields": {k: request.data.getlist(k) for k in request.data if k != "attachments"},
            "files": [
                {"name": f.name, "size": f.size} for f in request.FILES.getlist("attachments")
            ],
        },
        ensure_ascii=False,
    ).encode()


class ReportListCreate(APIView):
    permission_classes = [capability("reports.create")]

    @extend_schema(
        request=ReportInSerializer, responses={201: ReportOutSerializer, 200: ReportOutSerializer}
    )
    def post(self, request):
        # Read the body before the parsers do, to keep it unchanged (multipart: a summary).
        multipart = request.content_type.startswith("multipart/")
        request.raw_body = None if multipart else request._request.body
        data = _validated(request.data)
        try:
            draft = validate(_draft(request, data))
        except DraftError as e:
            return Response({e.field: [e.message]}, status=status.HTTP_400_BAD_REQUEST)
        stored = services.store(draft)
        return Response(
            report_json(stored.report, request),
            status=status.HTTP_201_CREATED if stored.created else 200,
        )

    @extend_schema(
        operation_id="v1_reports_list",
        responses=ReportPageSerializer,
        parameters=[
            OpenApiParameter("page", int, description="Page number (50 reports a page)"),
        ],
    )
    def get(self, request):
        paginator = generics.GenericAPIView.pagination_class()
        reports = (
            Report.objects.filter(policy.visible_filter(request.user) | Q(created_by=request.user))
            .select_related("area")
            .defer("area__geometry")
        )
        page = paginator.paginate_queryset(reports, request, view=self)
        data = ReportOutSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class ReportDetail(APIView):
    permission_classes = [capability("reports.view_own"), CanViewRecord]

    @extend_schema(responses=ReportOutSerializer)
    def get(self, request, tracking_code):
        report = get_object_or_404(Report, tracking_code=tracking_code.upper())
        self.check_object_permissions(request, report)
        return Response(ReportOutSerializer(report, context={"request": request}).data)
