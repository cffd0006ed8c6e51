from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from waspada.accounts.access import capability_required
from waspada.accounts.policy import can_view
from waspada.lib import validators

from . import services
from .exchange import importer
from .exchange.exporter import STREAMS
from .forms import EventForm, FilterForm, ImportForm, MergeForm, ReasonForm
from .models import Event, ImportBatch
from .prefill import from_article, from_report
from .queries import (
    count_filtered,
    filtered,
    list_page,
    map_geojson,
    picker_results,
    timeline,
)
from .tasks import build_export, export_path


def _event(request, pk) -> Event:
    event = get_object_or_404(Event.objects.select_related("area"), pk=pk)
    if not can_view(request.user, event):
        raise Http404  # do not reveal that a hidden event exists
    return event


def _filters(request) -> tuple[FilterForm, dict]:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, data


@capability_required("events.view")
def event_list(request):
    form, data = _filters(request)
    page = list_page(request.user, data, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/list.html",
        {
            "filter_form": form,
            "page": page,
            "query": query.urlencode(),
            "exports": list(STREAMS),
        },
    )


@capability_required("events.view")
def map_data(request):
    _, data = _filters(request)
    return HttpResponse(map_geojson(request.user, data), content_type="application/geo+json")


@capability_required("events.view")
def search_json(request):
    """The event picker's suggestions: ?q=<#number, words of the summary, place>."""
    return JsonResponse({"results": picker_results(request.user, request.GET.get("q", ""))})


@capability_required("events.view")
def detail(request, pk):
    event = _event(request, pk)
    reports, _articles, items = timeline(event, request.user)
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "reports": reports,
            "timeline": items,
            "duplicates": event.duplicates.all(),
            "merge_form": MergeForm(),
            "reason_form": ReasonForm(),
        },
    )


def _save_form(request, form, event=None, report=None):
    fields, sources = form.event_fields()
    try:
        if fields.get("area") is not None:
            validators.area_in_scope(request.user, fields["area"])
    except ValidationError as e:
        form.add_error("area", e)
        return None
    try:
        if fields.get("latitude") is not None:
            validators.point_in_scope(request.user, fields["latitude"], fields["longitude"])
    except ValidationError as e:
        form.add_error("latitude", e)
        return None
    if event is None:
        return services.create_event(
            user=request.user, sources=sources, reports=[report] if report else [], **fields
        )
    return services.update_event(event, user=request.user, sources=sources, **fields)


def _source_record(request, model_path: str, param: str):
    """The report or article an event is coded from (?report= / ?article=), if visible."""
    pk = request.GET.get(param) or request.POST.get(param)
    if not pk:
        return None
    from django.apps import apps

    model = apps.get_model(model_path)
    record = get_object_or_404(model, pk=pk) if str(pk).isdigit() else None
    if record is None or not can_view(request.user, record):
        raise Http404
    return record


@capability_required("events.edit")
def create(request):
    report = _source_record(request, "intake.Report", "report")
    article = _source_record(request, "media.Article", "article")
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user)
        if form.is_valid():
            event = _save_form(request, form, report=report)
            if event is not None:
                if article is not None:
                    event.articles.add(article)
                messages.success(request, _("Event #%(n)s recorded.") % {"n": event.pk})
                return redirect("events:detail", event.pk)
    else:
        initial = from_report(report) if report else from_article(article) if article else None
        form = EventForm(initial=initial, user=request.user)
    suggestions = services.suggest_matches(report) if report else []
    return render(
        request,
        "events/form.html",
        {
            "form": form,
            "report": report,
            "article": article,
            "suggestions": suggestions,
        },
    )


@capability_required("events.edit")
def edit(request, pk):
    event = _event(request, pk)
    if request.method == "POST":
        form = EventForm(request.POST, user=request.user)
        if form.is_valid() and _save_form(request, form, event=event) is not None:
            messages.success(request, _("Changes saved."))
            return redirect("events:detail", event.pk)
    else:
        initial = {f: getattr(event, f) for f in EventForm.base_fields if hasattr(event, f)}
        initial.update(area=event.area_id or "", sources=event.source_list)
        form = EventForm(initial=initial, user=request.user)
    return render(request, "events/form.html", {"form": form, "event": event})


@require_POST
@capability_required("events.edit")
def verify(request, pk):
    event = _event(request, pk)
    services.verify(event, user=request.user, note=request.POST.get("note", "")[:1000])
    messages.success(request, _("Event verified."))
    return redirect("events:detail", event.pk)


@require_POST
@capability_required("events.edit")
def reject(request, pk):
    event = _event(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason to reject the event."))
    else:
        services.reject(event, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Event rejected."))
    return redirect("events:detail", event.pk)


@require_POST
@capability_required("events.edit")
def merge(request, pk):
    target = _event(request, pk)
    form = MergeForm(request.POST)
    duplicate = None
    if form.is_valid():
        duplicate = Event.objects.filter(pk=form.cleaned_data["duplicate"]).first()
    if duplicate is None or not can_view(request.user, duplicate) or duplicate.pk == target.pk:
        messages.error(request, _("No other event with that number is visible to you."))
    else:
        services.merge(target, duplicate, user=request.user)
        messages.success(request, _("Event #%(n)s merged into this one.") % {"n": duplicate.pk})
    return redirect("events:detail", target.pk)


@require_POST
@capability_required("events.edit")
def split(request, pk):
    event = _event(request, pk)
    ids = [int(i) for i in request.POST.getlist("reports") if i.isdigit()]
    reports = list(event.reports.filter(pk__in=ids))
    if not reports:
        messages.error(request, _("Choose the reports that belong to another event."))
        return redirect("events:detail", event.pk)
    new = services.split(event, reports, user=request.user)
    messages.success(
        request, _("New event #%(n)s made from %(k)s reports.") % {"n": new.pk, "k": len(reports)}
    )
    return redirect("events:detail", new.pk)


@require_POST
@capability_required("events.edit")
def attach(request, pk):
    from waspada.intake.models import Report

    event = _event(request, pk)
    report = get_object_or_404(Report, pk=request.POST.get("report", 0) or 0)
    if not can_view(request.user, report):
        raise Http404
    services.attach_reports(event, [report], user=request.user)
    messages.success(request, _("Report attached to event #%(n)s.") % {"n": event.pk})
    return redirect("events:detail", event.pk)


@require_POST
@capability_required("events.edit")
def link(request):
    """Link a report to an event chosen with the picker (from the report's page)."""
    from waspada.intake.models import Report

    report = get_object_or_404(Report, pk=request.POST.get("report", 0) or 0)
    if not can_view(request.user, report):
        raise Http404
    number = str(request.POST.get("event", "")).strip().lstrip("#")
    event = Event.objects.filter(pk=int(number)).first() if number.isdigit() else None
    if event is None or not can_view(request.user, event):
        messages.error(request, _("No event with that number is visible to you."))
    else:
        services.attach_reports(event, [report], user=request.user)
        messages.success(request, _("Report attached to event #%(n)s.") % {"n": event.pk})
    return redirect("intake:detail", report.pk)


@require_POST
@capability_required("events.edit")
def detach(request, pk):
    """Undo a wrong link: the report leaves the event (both histories say so)."""
    event = _event(request, pk)
    report = get_object_or_404(event.reports.all(), pk=request.POST.get("report", 0) or 0)
    services.detach_report(event, report, user=request.user)
    messages.success(
        request,
        _("Report %(code)s is no longer linked to event #%(n)s.")
        % {"code": report.tracking_code, "n": event.pk},
    )
    if request.POST.get("next") == "report":
        return redirect("intake:detail", report.pk)
    return redirect("events:detail", event.pk)


def _direct_limit(fmt: str) -> int:
    if fmt == "xlsx":
        return settings.WASPADA_EXPORT_DIRECT_XLSX_ROWS
    return settings.WASPADA_EXPORT_DIRECT_ROWS


@capability_required("events.export")
def export(request, fmt):
    """The filtered events as a file, streamed in chunks; a large export is written by a
    worker instead (a page with the download link), so no request outlives the server."""
    if fmt not in STREAMS:
        raise Http404
    _, data = _filters(request)
    if count_filtered(request.user, data) > _direct_limit(fmt):
        job = build_export.enqueue(request.user.pk, fmt, request.GET.urlencode())
        return redirect("events:export_job", job.id)
    write, content_type, ext = STREAMS[fmt]
    response = StreamingHttpResponse(write(filtered(request.user, data)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="waspada-events.{ext}"'
    return response


def _export_job(request, job: str):
    """The export job ``job`` of this user (404 for anyone else's, or none)."""
    try:
        result = build_export.get_result(job)
    except (TaskResultDoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if not result.args or result.args[0] != request.user.pk:
        raise Http404
    return result


@capability_required("events.export")
def export_job(request, job):
    result = _export_job(request, job)
    fmt = result.args[1]
    return render(
        request,
        "events/export_job.html",
        {
            "job": result,
            "fmt": fmt,
            "ready": result.status == TaskResultStatus.SUCCESSFUL,
            "failed": result.status == TaskResultStatus.FAILED,
            "size": result.return_value["size"]
            if result.status == TaskResultStatus.SUCCESSFUL
            else None,
        },
    )


@capability_required("events.export")
def export_download(request, job):
    result = _export_job(request, job)
    fmt = result.args[1]
    path = export_path(str(result.id), fmt)
    if result.status != TaskResultStatus.SUCCESSFUL or not path.exists():
        raise Http404
    _, content_type, ext = STREAMS[fmt]
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"waspada-events.{ext}",
        content_type=content_type,
    )


@capability_required("events.import")
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch, _preview = importer.stage(
            upload.read(), upload.name, request.user, form.cleaned_data["format"] or None
        )
        return redirect("events:import_preview", batch.pk)
    return render(
        request, "events/import.html", {"form": form, "batches": ImportBatch.objects.all()[:10]}
    )


@capability_required("events.import")
def import_preview(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk)
    return render(request, "events/import_preview.html", {"batch": batch})


@capability_required("events.import")
def import_progress(request, pk):
    """How far a background import is (the progress bar on the preview page reads this)."""
    batch = get_object_or_404(ImportBatch.objects.defer("content"), pk=pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": str(batch.get_status_display()),
            "rows": batch.rows,
            "rows_done": batch.rows_done,
            "created": batch.created_count,
            "percent": batch.percent_done,
        }
    )


@require_POST
@capability_required("events.import")
def import_commit(request, pk):
    batch = get_object_or_404(ImportBatch, pk=pk, status=ImportBatch.Status.PREVIEW)
    try:
        importer.start(batch, request.user)
    except importer.ImportRefused as e:
        messages.error(request, str(e))
        return redirect("events:import_preview", batch.pk)
    messages.success(
        request,
        _("The import runs in the background; this page shows how far it is."),
    )
    return redirect("events:import_preview", batch.pk)
