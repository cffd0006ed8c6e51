import json
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from waspada.accounts import policy
from waspada.accounts.access import capability_required
from waspada.accounts.audit import client_ip

from . import files, ratelimit, services
from .channels import REGISTRY, Malformed, Rejected
from .drafts import Raw
from .forms import (
    PublicReportForm,
    SignedInReportForm,
    TrackForm,
    TriageActionForm,
    TriageFilterForm,
)
from .models import Attachment, Report, Status
from .receive import receive
from .rows import page_of, triage_page

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _visible_report(request, pk) -> Report:
    report = get_object_or_404(Report.objects.select_related("area", "duplicate_of"), pk=pk)
    if not policy.can_view_report(request.user, report):
        raise PermissionDenied
    return report


# Signed-in pages ----------------------------------------------------------------------------


@capability_required("reports.create")
def new(request):
    form = SignedInReportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        draft = form.draft
        draft.created_by = request.user
        draft.organisation = request.user.organisation
        draft.anonymous = False
        report = services.store(draft).report
        messages.success(
            request, _("Report stored. Tracking code: %(code)s") % {"code": report.tracking_code}
        )
        return redirect(report)
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/new.html", {"form": form}, status=status)


@capability_required("reports.view_own")
def mine(request):
    page, rows = page_of(Report.objects.filter(created_by=request.user), request.GET.get("page"))
    return render(request, "intake/mine.html", {"page": page, "rows": rows})


@capability_required("reports.create")
def xlsform(request):
    """The XLSForm for ODK Collect / KoboToolbox (docs/intake.md)."""
    path = Path(__file__).resolve().parent / "forms" / "waspada_laporan.xlsx"
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=path.name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@capability_required("records.triage")
def triage(request):
    filters = TriageFilterForm(request.GET or None)
    page, rows = triage_page(request.user, filters, request.GET.get("page"))
    from waspada.media.services import triage_items

    # News stories awaiting triage sit beside the reports (most urgent first).
    stories = triage_items(request.user)[:25]
    return render(
        request,
        "intake/triage.html",
        {"page": page, "rows": rows, "filters": filters, "media_stories": stories},
    )


@capability_required("reports.view_own")
def detail(request, pk):
    report = _visible_report(request, pk)
    can_triage = policy.can_triage_report(request.user, report)
    context = {
        "report": report,
        "attachments": report.attachments.all(),
        "log": report.log.select_related("actor"),
        "can_triage": can_triage,
        "can_read_identity": policy.can_read_identity(request.user),
        "action_forms": _action_forms(report) if can_triage else None,
        "duplicates": report.duplicates.all() if can_triage else [],
        "explanation": services.status_explanation(report),
    }
    return render(request, "intake/detail.html", context)


@capability_required("records.triage")
def search_json(request):
    """The report picker's suggestions: ?q=<tracking code or words of the text>."""
    return JsonResponse(
        {"results": services.picker_results(request.user, request.GET.get("q", ""))}
    )


@capability_required("records.triage")
def raw(request, pk):
    """The delivery as it arrived (it carries the sender's number or address): audited."""
    report = _visible_report(request, pk)
    body = services.read_raw(report, request.user, request=request)
    return render(request, "intake/raw.html", {"report": report, "raw_text": _raw_text(body)})


def _action_forms(report: Report) -> dict:
    """One small form per triage action (unique element ids, the same field names)."""
    return {
        action: TriageActionForm(
            auto_id=f"{action}_%s",
            initial={"status": report.status, "classification": report.classification},
        )
        for action in ("status", "reject", "duplicate", "classify", "note")
    }


def _raw_text(body) -> str:
    body = body or b""
    if not body:
        return ""
    text = bytes(body[:20000]).decode("utf-8", errors="replace")
    return text + ("\n…" if len(body) > 20000 else "")


@require_POST
@capability_required("records.triage")
def act(request, pk):
    report = _visible_report(request, pk)
    if not policy.can_triage_report(request.user, report):
        raise PermissionDenied
    form = TriageActionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(report)
    data, user, notify = form.cleaned_data, request.user, form.cleaned_data["notify"]
    action = data["action"]
    if action == "status":
        services.change_status(
            report, data["status"], actor=user, reason=data["reason"], notify=notify
        )
    elif action == "duplicate":
        services.mark_duplicate(report, data["original"], actor=user, notify=notify)
    elif action == "reject":
        services.change_status(
            report, Status.DITOLAK, actor=user, reason=data["reason"], notify=notify
        )
    elif action == "classify":
        services.classify(report, data["classification"], actor=user)
    elif action == "note":
        services.add_note(report, data["note"], actor=user)
    messages.success(request, _("Saved."))
    return redirect(report)


@capability_required("reports.view_own")
def identity(request, pk):
    report = _visible_report(request, pk)
    who = services.read_identity(report, request.user, request=request)
    return render(request, "intake/identity.html", {"report": report, "identity": who})


@capability_required("reports.view_own")
def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    report = item.report
    if not policy.can_view_report(request.user, report) or not item.is_fetched:
        raise Http404
    original = policy.can_download_original(request.user, report)
    name = f"{report.tracking_code}-{item.pk}.{files.EXTENSIONS.get(item.content_type, 'bin')}"
    if original:
        return FileResponse(
            item.file.open("rb"),
            content_type=item.content_type,
            as_attachment=not item.content_type.startswith("image/"),
            filename=name,
        )
    if not files.strippable(item.content_type):
        # Recordings and documents may carry positions we cannot strip: analysts only.
        raise PermissionDenied
    with item.file.open("rb") as f:
        data = files.strip_metadata(f.read(), item.content_type)
    response = HttpResponse(data, content_type=item.content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# Public pages -------------------------------------------------------------------------------


def visitor_address(request) -> str:
    return client_ip(request) or "unknown"


def _rate_key(request) -> str:
    return f"public:{visitor_address(request)}"


def _too_many(request):
    return render(
        request,
        "intake/public_error.html",
        {
            "message": _(
                "Too many reports from your connection. Please try again later, or report by SMS."
            )
        },
        status=429,
    )


class _RateLimited(Exception):
    pass


def public(request):
    if request.method == "POST":
        if request.content_type not in FORM_TYPES:
            return render(
                request,
                "intake/public_error.html",
                {"message": _("The form must be sent as a web form.")},
                status=415,
            )
        limit = settings.WASPADA_INTAKE_PUBLIC_RATE
        window = settings.WASPADA_INTAKE_PUBLIC_WINDOW
        # A visitor who has used their slots is told so before the form is read; only
        # accepted reports use a slot (many people share one mobile carrier's address).
        if ratelimit.exhausted(_rate_key(request), limit, window):
            return _too_many(request)
        form = PublicReportForm(request.POST, request.FILES)
        if request.POST.get("website"):
            return render(
                request,
                "intake/public_error.html",
                {"message": _("The report was not accepted.")},
                status=400,
            )
        if form.is_valid():
            draft = form.draft
            draft.raw = _form_raw(request)
            try:
                with transaction.atomic():
                    if not ratelimit.take(_rate_key(request), limit, window):
                        raise _RateLimited
                    stored = services.store(draft)
                    if not stored.created:
                        ratelimit.give_back(_rate_key(request))
            except _RateLimited:
                return _too_many(request)
            return render(
                request,
                "intake/public_done.html",
                {"report": stored.report},
                status=201 if stored.created else 200,
            )
        return render(request, "intake/public.html", {"form": form}, status=400)
    return render(request, "intake/public.html", {"form": PublicReportForm()})


def _form_raw(request) -> Raw:
    """What the visitor sent: the form fields and the names and sizes of the files."""
    fields = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
    files_sent = [{"name": f.name, "size": f.size} for f in request.FILES.getlist("attachments")]
    body = json.dumps({"fields": fields, "files": files_sent}, ensure_ascii=False).encode()
    return Raw(
        body=body,
        content_type="application/json; profile=form-fields",
        headers={"User-Agent": request.headers.get("User-Agent", "")[:300]},
    )


def track(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        return redirect("intake:track_code", code=form.cleaned_data["code"])
    return render(request, "intake/track.html", {"form": form})


def track_code(request, code):
    report = (
        Report.objects.filter(tracking_code=code.upper())
        .only("tracking_code", "status", "status_reason", "received_at", "updated_at")
        .first()
    )
    if report is None:
        return render(
            request,
            "intake/track.html",
            {"form": TrackForm(initial={"code": code}), "not_found": True},
            status=404,
        )
    return render(
        request,
        "intake/track_status.html",
        {"report": report, "explanation": services.status_explanation(report)},
    )


# Webhooks -----------------------------------------------------------------------------------


@csrf_exempt
def webhook(request, channel):
    handler = REGISTRY.get(channel)
    if handler is None or not handler.webhook or not handler.enabled():
        raise Http404
    if request.method == "GET":
        return handler.handshake(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        handler.authenticate(request)
        drafts = handler.parse(request)
    except Rejected as e:
        return HttpResponse(str(e), status=e.status, content_type="text/plain")
    except Malformed as e:
        return HttpResponse(str(e), status=400, content_type="text/plain")
    outcomes = [receive(handler, draft) for draft in drafts]
    return handler.respond(request, outcomes)
