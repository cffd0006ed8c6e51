"""The risk map, the area panel, the charts, and area profiles (view, edit, import)."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.accounts.access import capability_required
from waspada.accounts.policy import has_capability
from waspada.areas.models import Area, Level
from waspada.events.vocab import Source

from . import config as risk_config
from . import profiles, queries
from .forms import ImportForm, MapFilter, ProfileForm
from .models import LEVEL_COLORS, AreaProfile, RiskForecast, RiskLevelChange, RiskScore
from .models import Level as RiskLevel

COMPONENT_LABELS = {
    "events": gettext_lazy("Recent events"),
    "escalation": gettext_lazy("Escalation against the area's own baseline"),
    "structural": gettext_lazy("Structural vulnerability (area profile)"),
    "hate_speech": gettext_lazy("Hate speech and provocation"),
    "mitigation": gettext_lazy("Mitigation by engagement"),
}


def _filter(request) -> dict:
    windows = risk_config.windows()
    form = MapFilter(request.GET or None, windows=windows, initial={"window": windows[-1]})
    values = form.values()
    values["form"] = form
    return values


def _area(request, code) -> Area:
    area = get_object_or_404(Area.objects.in_regency().defer("geometry"), code=code)
    if area.level not in (Level.KABUPATEN, Level.KECAMATAN, Level.DESA):
        raise Http404
    if not queries.may_view_area(request.user, area):
        raise PermissionDenied
    return area


def _home_area(user) -> str:
    scope = user.scope_codes()
    if scope is None:
        return settings.WASPADA_REGENCY
    return sorted(scope)[0] if scope else settings.WASPADA_REGENCY


@capability_required("risk.view")
def risk_map(request):
    f = _filter(request)
    scope = request.user.scope_codes()
    # The areas in a second query by code (not a join, which SQLite's planner may drive from
    # the 91,599 areas while these tables are new and without statistics).
    areas = Prefetch("area", Area.objects.defer("geometry"))
    forecasts = RiskForecast.objects.prefetch_related(areas)
    changes = RiskLevelChange.objects.prefetch_related(areas)
    if scope is not None:
        forecasts = forecasts.filter(area_id__in=sorted(scope))
        changes = changes.filter(
            queries.visible_area_codes(request.user, Level.DESA) | Q(area_id__in=sorted(scope))
        )
    query = urlencode({"level": f["level"], "source": f["source"], "window": f["window"]})
    home = _home_area(request.user)
    map_parent = sorted(scope)[0] if scope is not None and len(scope) == 1 else None
    if f["level"] != Level.DESA:
        map_parent = None
    return render(
        request,
        "risk/map.html",
        {
            "filter_form": f["form"],
            "level": f["level"],
            "source": f["source"],
            "window": f["window"],
            "query": query,
            "choropleth_url": reverse("risk:choropleth") + "?" + query,
            "panel_query": urlencode({"source": f["source"], "window": f["window"]}),
            "home": home,
            "map_parent": map_parent,
            **_charts(queries.events_by_month(request.user)),
            "forecasts": forecasts[:50],
            "changes": changes[:10],
            "levels": [(lv, LEVEL_COLORS[lv], label) for lv, label in RiskLevel.choices],
            "last_run": queries.last_run(),
        },
    )


@capability_required("risk.view")
def choropleth(request):
    f = _filter(request)
    data = queries.choropleth(request.user, f["level"], f["source"], f["window"])
    return JsonResponse(data)


@capability_required("risk.view")
def panel(request, code):
    area = _area(request, code)
    f = _filter(request)
    row = RiskScore.objects.filter(area=area, source=f["source"], window=f["window"]).first()
    context = {
        "area": area,
        "row": row,
        "source": f["source"],
        "window": f["window"],
        "source_label": dict(Source.choices).get(f["source"], _("all sources")),
        "fragment": request.GET.get("fragment") == "1",
        "forecast": queries.area_forecast(area),
        "color": LEVEL_COLORS[row.level] if row else "#999",
        "query": urlencode({"source": f["source"], "window": f["window"]}),
        "can_edit_profile": has_capability(request.user, "risk.profiles.edit"),
    }
    if row is not None:
        b = queries.breakdown(request.user, row)
        for c in b["components"]:
            c["label"] = COMPONENT_LABELS[c["name"]]
            c["events_url"] = _events_url(area, f, c["name"])
        trend = queries.trend(area.code, f["source"], f["window"])
        context.update(
            components=b["components"],
            top=b["top"],
            trend_id=f"trend-{area.code}",
            trend_chart={
                "type": "line",
                "labels": [d for d, _ in trend],
                "max": 100,
                "datasets": [{"label": _("Score"), "data": [v for _, v in trend]}],
            },
        )
    template = "risk/_panel.html" if context["fragment"] else "risk/panel.html"
    return render(request, template, context)


def _charts(data: dict) -> dict:
    return {
        f"charts_{key}": {
            "type": "bar",
            "stacked": True,
            "labels": data["labels"],
            "datasets": [{"label": d["label"], "data": d["data"]} for d in data[f"by_{key[:-1]}"]],
        }
        for key in ("sources", "forms")
    }


def _events_url(area, f, component) -> str | None:
    """The event list behind a component (the list applies the policy itself)."""
    if component not in ("events", "escalation"):
        return None
    days = f["window"] if component == "events" else min(f["window"], 30)
    params = {"date_from": (risk_config.today() - dt.timedelta(days=days - 1)).isoformat()}
    if area.level != Level.KABUPATEN:
        params["kecamatan"] = area.kecamatan_code
    if area.level == Level.DESA:
        params["q"] = area.name
    if f["source"]:
        params["source"] = f["source"]
    return reverse("events:list") + "?" + urlencode(params)


# Profiles -----------------------------------------------------------------------------------


@capability_required("risk.view")
def profile_list(request):
    items = AreaProfile.objects.select_related("area").defer("area__geometry")
    scope = request.user.scope_codes()
    if scope is not None:
        items = items.filter(
            Q(area_id__in=sorted(scope)) | queries.visible_area_codes(request.user, Level.DESA)
        )
    return render(
        request,
        "risk/profiles.html",
        {
            "profiles": items,
            "can_edit": has_capability(request.user, "risk.profiles.edit"),
            "columns": profiles.COLUMNS,
        },
    )


@capability_required("risk.view")
def profile(request, code):
    area = _area(request, code)
    if area.level == Level.KABUPATEN:
        raise Http404
    instance = AreaProfile.objects.filter(area=area).first() or AreaProfile(area=area)
    can_edit = has_capability(request.user, "risk.profiles.edit")
    form = None
    if can_edit:
        form = ProfileForm(request.POST or None, instance=instance)
        if request.method == "POST" and form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.Meta.fields}
            profiles.save_profile(instance, values, user=request.user)
            messages.success(request, _("Profile saved; the scores are being recomputed."))
            return redirect("risk:profile", code=area.code)
    elif request.method == "POST":
        raise PermissionDenied
    indicators = []
    if instance.pk:
        for ind in profiles.INDICATORS:
            indicators.append((ind, ind.value(instance)))
    history = instance.history.select_related("user")[:50] if instance.pk else []
    return render(
        request,
        "risk/profile.html",
        {
            "area": area,
            "profile": instance,
            "form": form,
            "indicators": indicators,
            "history": history,
        },
    )


@capability_required("risk.profiles.edit")
def profile_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    batch = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = profiles.import_file(upload.read(), upload.name, request.user)
        if batch.ok:
            messages.success(request, _("%(n)d profiles imported.") % {"n": batch.rows})
            return redirect("risk:profiles")
    return render(
        request,
        "risk/profile_import.html",
        {"form": form, "batch": batch, "columns": profiles.COLUMNS},
    )


@capability_required("risk.view")
def profile_template(request):
    if request.GET.get("format") == "xlsx":
        import io

        from openpyxl import Workbook

        wb = Workbook()
        wb.active.title = "profil"
        wb.active.append(list(profiles.COLUMNS))
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(
            buf.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="profil-wilayah.xlsx"'
        return response
    response = HttpResponse(profiles.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="profil-wilayah.csv"'
    return response
