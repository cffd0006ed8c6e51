from django.conf import settings
from django.shortcuts import get_object_or_404, render

from waspada.accounts.access import capability_required
from waspada.accounts.policy import has_capability
from waspada.areas.models import Area
from waspada.ops.status import queue_status


@capability_required("dashboard.view")
def home(request):
    regency = get_object_or_404(Area.objects.defer("geometry"), code=settings.WASPADA_REGENCY)
    context = {
        "regency": regency,
        "n_kecamatan": Area.objects.kecamatan_of_regency().count(),
        "n_desa": Area.objects.desa_of_regency().count(),
        "scope": request.user.scope_codes(),
    }
    if has_capability(request.user, "ops.view"):
        context["queue"] = queue_status()
    return render(request, "dashboard/home.html", context)
