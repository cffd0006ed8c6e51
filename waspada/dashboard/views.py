from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from waspada.accounts.access import capability_required
from waspada.accounts.models import Role
from waspada.accounts.policy import has_capability
from waspada.areas.models import Area
from waspada.ops.status import queue_status

from .leadership import brief, record_visit


@capability_required("dashboard.view")
def home(request):
    if request.user.role == Role.LEADERSHIP and "peta" not in request.GET:
        return redirect("dashboard:leadership")
    regency = get_object_or_404(Area.objects.defer("geometry"), code=settings.WASPADA_REGENCY)
    context = {
        "regency": regency,
        "n_kecamatan": Area.objects.kecamatan_of_regency().count(),
        "n_desa": Area.objects.desa_of_regency().count(),
        "scope": request.user.scope_codes(),
        # Field reporters (and partners) come to report and to record Binkom: big buttons first.
        "field_actions": request.user.role in (Role.FIELD_REPORTER, Role.PARTNER)
        and has_capability(request.user, "engagement.record"),
    }
    if has_capability(request.user, "ops.view"):
        context["queue"] = queue_status()
    return render(request, "dashboard/home.html", context)


@capability_required("leadership.view")
def leadership(request):
    """The leadership summary: since the last visit and this week, on one phone screen."""
    last_visit = record_visit(request.user)
    return render(
        request,
        "dashboard/leadership.html",
        {"brief": brief(request.user, last_visit=last_visit), "today": timezone.localdate()},
    )
