from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.accounts.access import capability_required
from waspada.accounts.policy import can_change, can_view, has_capability, in_area_scope
from waspada.areas.geo import kecamatan_choices
from waspada.areas.models import Area, Level

from . import services
from .forms import EngagementForm, GroupForm, LeaderForm, RelationForm
from .gap import HIGH
from .models import CommunityGroup, Engagement, EngagementPhoto, GroupRelation
from .queries import gap_for, in_area, visible_engagements, visible_groups
from .vocab import ActivityType, GroupType

MAP_LIMIT = 2000


def _group(request, pk) -> CommunityGroup:
    group = get_object_or_404(CommunityGroup.objects.select_related("area"), pk=pk)
    if not can_view(request.user, group):
        raise Http404
    return group


def _engagement(request, pk) -> Engagement:
    engagement = get_object_or_404(Engagement.objects.select_related("area"), pk=pk)
    if not can_view(request.user, engagement):
        raise Http404
    return engagement


def _area_filter(request) -> Area | None:
    code = request.GET.get("area", "")
    if not code:
        return None
    return Area.objects.in_regency().defer("geometry").filter(code=code).first()


# Groups -----------------------------------------------------------------------------------


@capability_required("community.view")
def group_list(request):
    groups = visible_groups(request.user)
    kind = request.GET.get("type", "")
    if kind in GroupType.values:
        groups = groups.filter(type=kind)
    area = _area_filter(request)
    if area is not None:
        groups = groups.filter(areas=area) | groups.filter(area=area)
    page = Paginator(groups.distinct().order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "community/groups.html",
        {
            "page": page,
            "types": GroupType.choices,
            "type": kind,
            "area": area,
        },
    )


def _save_group(request, form, group=None):
    data = dict(form.cleaned_data)
    if not in_area_scope(request.user, data["area"].kecamatan_code):
        form.add_error("area", _("This area is outside your scope."))
        return None
    areas = [data["area"], *[a for a in data.pop("areas") if a.pk != data["area"].pk]]
    if group is None:
        group = CommunityGroup(created_by=request.user, organisation=request.user.organisation)
    for name, value in data.items():
        setattr(group, name, value)
    group.save()
    group.areas.set(areas)
    return group


@capability_required("community.manage")
def group_new(request):
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        group = _save_group(request, form)
        if group is not None:
            messages.success(request, _("Group saved."))
            return redirect("community:group", group.pk)
    return render(request, "community/group_form.html", {"form": form})


@capability_required("community.manage")
def group_edit(request, pk):
    group = _group(request, pk)
    if not can_change(request.user, group):
        raise Http404
    initial = {
        "name": group.name,
        "type": group.type,
        "area": group.area_id,
        "areas": [a.pk for a in group.areas.all() if a.pk != group.area_id],
        "notes": group.notes,
        "classification": group.classification,
    }
    form = GroupForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_group(request, form, group):
        messages.success(request, _("Changes saved."))
        return redirect("community:group", group.pk)
    return render(request, "community/group_form.html", {"form": form, "group": group})


@capability_required("community.view")
def group_detail(request, pk):
    group = _group(request, pk)
    visible = visible_groups(request.user)
    relations = [
        r
        for r in group.relations()
        if can_view(request.user, r.group) and can_view(request.user, r.other)
    ]
    manage = has_capability(request.user, "community.manage") and can_change(request.user, group)
    return render(
        request,
        "community/group.html",
        {
            "group": group,
            "relations": relations,
            "areas": group.areas.defer("geometry"),
            "engagements": visible_engagements(request.user).filter(groups=group)[:20],
            "n_leaders": group.leaders.count(),
            "may_manage": manage,
            "may_read_contacts": has_capability(request.user, "community.contacts"),
            "leader_form": LeaderForm(),
            "relation_form": RelationForm(groups=visible.exclude(pk=group.pk)),
        },
    )


@capability_required("community.contacts")
def group_contacts(request, pk):
    group = _group(request, pk)
    leaders = services.read_leaders(group, request=request)
    response = render(request, "community/contacts.html", {"group": group, "leaders": leaders})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@capability_required("community.contacts")
def leader_add(request, pk):
    group = _group(request, pk)
    if not can_change(request.user, group):
        raise Http404
    form = LeaderForm(request.POST)
    if form.is_valid():
        services.add_leader(group, user=request.user, **form.cleaned_data)
        messages.success(request, _("Leader saved."))
    else:
        messages.error(request, _("Give at least the leader's name."))
    return redirect("community:group", group.pk)


@require_POST
@capability_required("community.manage")
def relation_add(request, pk):
    group = _group(request, pk)
    form = RelationForm(request.POST, groups=visible_groups(request.user).exclude(pk=group.pk))
    if form.is_valid():
        try:
            GroupRelation.objects.create(group=group, **form.cleaned_data)
            messages.success(request, _("Relation saved."))
        except IntegrityError:
            messages.error(request, _("This relation is already recorded."))
    else:
        messages.error(request, _("Choose the other group."))
    return redirect("community:group", group.pk)


# Engagement -------------------------------------------------------------------------------


@capability_required("community.view")
def engagement_list(request):
    engagements = visible_engagements(request.user)
    kind = request.GET.get("type", "")
    if kind in ActivityType.values:
        engagements = engagements.filter(type=kind)
    area = _area_filter(request)
    if area is not None:
        engagements = in_area(engagements, area.code)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "community/engagements.html",
        {
            "page": Paginator(engagements, 50).get_page(request.GET.get("page")),
            "types": ActivityType.choices,
            "type": kind,
            "area": area,
            "kecamatan": kecamatan_choices(settings.WASPADA_REGENCY),
            "query": query.urlencode(),
            "may_record": has_capability(request.user, "engagement.record"),
        },
    )


@capability_required("community.view")
def engagement_points(request):
    engagements = visible_engagements(request.user).exclude(area__lat=None)
    kind = request.GET.get("type", "")
    if kind in ActivityType.values:
        engagements = engagements.filter(type=kind)
    area = _area_filter(request)
    if area is not None:
        engagements = in_area(engagements, area.code)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [e.area.lon, e.area.lat]},
            "properties": {
                "id": e.pk,
                "date": e.date.isoformat(),
                "type": e.type,
                "label": f"{e.get_type_display()} · {e.area}",
                "url": reverse("community:engagement", args=[e.pk]),
            },
        }
        for e in engagements[:MAP_LIMIT]
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@capability_required("engagement.record")
def engagement_new(request):
    groups = visible_groups(request.user).order_by("name")
    form = EngagementForm(
        request.POST or None, request.FILES or None, user=request.user, groups=groups
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not in_area_scope(request.user, data["area"].kecamatan_code):
            form.add_error("area", _("This area is outside your scope."))
        else:
            engagement = services.record_engagement(
                user=request.user,
                organisers=data.pop("organisers"),
                groups=data.pop("groups"),
                photos=data.pop("photos"),
                **data,
            )
            messages.success(
                request, _("%(what)s recorded.") % {"what": engagement.get_type_display()}
            )
            return redirect("community:engagement", engagement.pk)
    return render(request, "community/engagement_form.html", {"form": form})


@capability_required("community.view")
def engagement_detail(request, pk):
    engagement = _engagement(request, pk)
    return render(
        request,
        "community/engagement.html",
        {
            "engagement": engagement,
            "groups": [g for g in engagement.groups.all() if can_view(request.user, g)],
            "organisers": engagement.organisers.all(),
            "photos": engagement.photos.all(),
        },
    )


@capability_required("community.view")
def photo(request, pk):
    item = get_object_or_404(EngagementPhoto.objects.select_related("engagement"), pk=pk)
    if not can_view(request.user, item.engagement):
        raise Http404
    return FileResponse(item.file.open("rb"), content_type=item.content_type)


# Engagement gap ---------------------------------------------------------------------------


def _gap_level(request) -> str:
    return Level.DESA if request.GET.get("level") == Level.DESA else Level.KECAMATAN


@capability_required("engagement.gap")
def gap(request):
    level = _gap_level(request)
    rows = gap_for(request.user, level=level, today=timezone.localdate())
    return render(
        request,
        "community/gap.html",
        {
            "rows": rows,
            "level": level,
            "high": HIGH,
            "n_high_gaps": sum(r.high_risk_gap for r in rows),
            "n_gaps": sum(r.gap for r in rows),
        },
    )


@capability_required("engagement.gap")
def gap_data(request):
    level = _gap_level(request)
    rows = gap_for(request.user, level=level, today=timezone.localdate())
    return JsonResponse(
        {
            "level": level,
            "areas": {
                r.code: {
                    "name": r.name,
                    "level": r.level,
                    "days_since": r.days_since,
                    "last_date": r.last_date.isoformat() if r.last_date else None,
                    "gap": r.gap,
                    "high_risk_gap": r.high_risk_gap,
                }
                for r in rows
            },
        }
    )
