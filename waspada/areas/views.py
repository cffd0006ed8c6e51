from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render

from waspada.accounts.access import capability_required
from waspada.accounts.policy import in_area_scope

from .geo import LEVELS_ON_MAP, feature_collection
from .models import Area, Level


def _regency() -> Area:
    return get_object_or_404(Area, code=settings.WASPADA_REGENCY)


@capability_required("areas.view")
def regency(request):
    kecamatan = (
        Area.objects.kecamatan_of_regency().annotate(n_desa=Count("children")).defer("geometry")
    )
    scope = request.user.scope_codes()
    if scope is not None:
        kecamatan = kecamatan.filter(code__in=scope)
    return render(
        request, "areas/regency.html", {"regency": _regency(), "kecamatan_list": kecamatan}
    )


@capability_required("areas.view")
def detail(request, code):
    area = get_object_or_404(Area.objects.in_regency().defer("geometry"), code=code)
    if area.level == Level.KABUPATEN:
        return regency(request)
    if not in_area_scope(request.user, area.kecamatan_code):
        raise PermissionDenied
    children = area.children.defer("geometry").order_by("name")
    return render(
        request,
        "areas/detail.html",
        {"area": area, "ancestors": area.ancestors(), "children": children},
    )


@capability_required("areas.view")
def geojson(request):
    level = request.GET.get("level", Level.KECAMATAN)
    parent = request.GET.get("parent") or None
    if level not in LEVELS_ON_MAP:
        raise Http404("level must be kecamatan or desa")
    if parent and not Area.objects.in_regency().filter(code=parent).exists():
        raise Http404("unknown parent area")
    data = feature_collection(settings.WASPADA_REGENCY, level, parent)
    response = JsonResponse(data)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@capability_required("areas.view")
def search_json(request):
    """The area picker's suggestions: ?q=<name or code>; the user's scope first."""
    from .search import search

    hits = search(request.GET.get("q", "")[:100], request.user, limit=12)
    return JsonResponse({"results": [{"value": h.code, **h.as_dict()} for h in hits]})
