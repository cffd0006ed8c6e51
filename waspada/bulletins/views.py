"""The public bulletin (anyone), writing and approving it, and situation reports."""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.accounts.access import capability_required
from waspada.alerts.levels import COLOURS
from waspada.areas.models import Area

from . import pdf, services, sitrep
from .forms import BulletinForm, EntryFormSet
from .models import Bulletin


def public(request):
    latest = services.published().first()
    return render(
        request,
        "bulletins/public.html",
        {"bulletin": latest, "colours": COLOURS, "older": services.published()[1:10]},
    )


def public_detail(request, pk):
    bulletin = get_object_or_404(services.published(), pk=pk)
    return render(request, "bulletins/public.html", {"bulletin": bulletin, "colours": COLOURS})


@capability_required("bulletins.review")
def manage(request):
    return render(
        request,
        "bulletins/manage.html",
        {"bulletins": Bulletin.objects.select_related("created_by", "approved_by")[:50]},
    )


@require_POST
@capability_required("bulletins.write")
def new(request):
    bulletin = services.draft_from_alerts(
        request.user,
        title=_("Bulletin of %(date)s") % {"date": date.today().strftime("%d-%m-%Y")},
        summary="",
    )
    return redirect("bulletins:edit", pk=bulletin.pk)


@capability_required("bulletins.write")
def edit(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    if bulletin.status not in (Bulletin.Status.DRAFT, Bulletin.Status.SUBMITTED):
        raise Http404
    form = BulletinForm(request.POST or None, instance=bulletin)
    entries = EntryFormSet(request.POST or None, instance=bulletin)
    if request.method == "POST" and form.is_valid() and entries.is_valid():
        refused = services.save_edit(bulletin, form, entries, request.user, request=request)
        if refused:
            messages.error(request, _("Not saved: the text awaiting approval is unchanged."))
            for problem in refused:
                messages.error(request, problem)
            return render(
                request,
                "bulletins/edit.html",
                {"bulletin": bulletin, "form": form, "entries": entries},
            )
        if "submit" in request.POST:
            problems = services.submit(bulletin, request.user, request=request)
            for problem in problems:
                messages.error(request, problem)
            if not problems:
                messages.success(request, _("Submitted for approval."))
                return redirect("bulletins:manage")
        return redirect("bulletins:edit", pk=bulletin.pk)
    return render(
        request, "bulletins/edit.html", {"bulletin": bulletin, "form": form, "entries": entries}
    )


@capability_required("bulletins.review")
def review(request, pk):
    """The full text as the public would read it, and what changed since the last approved
    bulletin: what the approver decides on."""
    bulletin = get_object_or_404(
        Bulletin.objects.exclude(status=Bulletin.Status.DRAFT).select_related("created_by"), pk=pk
    )
    return render(
        request,
        "bulletins/review.html",
        {
            "bulletin": bulletin,
            "text": services.text_of(bulletin),
            "diff": services.diff_lines(bulletin),
            "previous": services.last_approved(exclude=bulletin),
        },
    )


@require_POST
@capability_required("bulletins.approve")
def approve(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk)
    try:
        problems = services.publish(bulletin, request.user, request=request)
    except services.NotAllowed as e:
        messages.error(request, str(e))
        return redirect("bulletins:manage")
    for problem in problems:
        messages.error(request, problem)
    if not problems:
        messages.success(request, _("Published."))
    return redirect("bulletins:manage")


@require_POST
@capability_required("bulletins.approve")
def withdraw(request, pk):
    bulletin = get_object_or_404(Bulletin, pk=pk, status=Bulletin.Status.PUBLISHED)
    services.withdraw(bulletin, request.user, request=request)
    return redirect("bulletins:manage")


def _report(request):
    period = request.GET.get("period", "weekly")
    if period not in ("weekly", "monthly"):
        period = "weekly"
    try:
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = date.today()
    return sitrep.build(request.user, period, end)


PDF_LABELS = {
    "events": "Peristiwa",
    "previous": "periode sebelumnya",
    "fatalities": "Korban jiwa",
    "injured": "Luka",
    "alerts": "Peringatan",
    "by_kecamatan": "Per kecamatan",
    "by_form": "Per bentuk",
    "by_source": "Per sumber konflik",
    "significant": "Peristiwa penting",
    "dead": "tewas",
}


@capability_required("bulletins.sitrep")
def situation_report(request):
    return render(
        request, "bulletins/sitrep.html", {"report": _report(request), "colours": COLOURS}
    )


@capability_required("bulletins.sitrep")
def situation_report_pdf(request):
    report = _report(request)
    regency = (
        Area.objects.filter(code=settings.WASPADA_REGENCY).values_list("name", flat=True).first()
    )
    data = pdf.render(report, regency_name=regency or "", labels=PDF_LABELS)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="laporan-situasi-{report.start:%Y%m%d}-{report.end:%Y%m%d}.pdf"'
    )
    return response
