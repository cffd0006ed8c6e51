from django.http import JsonResponse
from django.shortcuts import render

from waspada.accounts.access import capability_required

from .status import queue_status


@capability_required("ops.view")
def status(request):
    return render(request, "ops/status.html", {"status": queue_status()})


def healthz(request):
    """Liveness probe for load balancers: answers without touching the session."""
    return JsonResponse({"ok": True})
