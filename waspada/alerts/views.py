"""Alerts for signed-in users, acknowledgement (web, signed link), subscriptions."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waspada.accounts import policy
from waspada.accounts.access import capability_required
from waspada.accounts.models import User
from waspada.areas.models import Area

from . import links, preview, services
from .forms import (
    ChannelForm,
    ManagedSubscriptionForm,
    RuleForm,
    StatusForm,
    SubscriptionForm,
)
from .models import Acknowledgement, Alert, Channel, Rule, Subscription
from .picker import picker_results


def visible_alerts(user):
    return (
        Alert.objects.filter(policy.visible_filter(user))
        .select_related("area", "rule")
        .defer("area__geometry")
    )


def _alert_for(request, pk) -> Alert:
    alert = get_object_or_404(visible_alerts(request.user), pk=pk)
    return alert


@capability_required("alerts.view")
def alert_list(request):
    alerts = visible_alerts(request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        alerts = alerts.filter(status__in=Alert.OPEN)
    elif status in Alert.Status.values:
        alerts = alerts.filter(status=status)
    page = Paginator(alerts, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/list.html",
        {"page": page, "status": status, "statuses": Alert.Status.choices},
    )


@capability_required("alerts.view")
def search_json(request):
    """The alert picker's suggestions: ?q=<#number, words of the title, area>."""
    return JsonResponse({"results": picker_results(request.user, request.GET.get("q", ""))})


@capability_required("alerts.view")
def detail(request, pk):
    alert = _alert_for(request, pk)
    acknowledged = Acknowledgement.objects.filter(alert=alert, user=request.user).exists()
    context = {
        "alert": alert,
        "acknowledged": acknowledged,
        "acks": alert.acknowledgements.select_related("user"),
        "status_form": StatusForm(initial={"status": alert.status, "case_ref": alert.case_ref}),
        "desa": Area.objects.filter(code__in=alert.desa or []).defer("geometry"),
    }
    if policy.has_capability(request.user, "alerts.manage"):
        context["deliveries"] = alert.messages.select_related("recipient")[:100]
    return render(request, "alerts/detail.html", context)


@require_POST
@capability_required("alerts.view")
def acknowledge(request, pk):
    alert = _alert_for(request, pk)
    services.acknowledge(alert, request.user, Acknowledgement.Via.WEB, request=request)
    messages.success(request, _("Acknowledged."))
    return redirect("alerts:detail", pk=alert.pk)


@require_POST
@capability_required("alerts.manage")
def change_status(request, pk):
    alert = _alert_for(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_status(
            alert,
            form.cleaned_data["status"],
            user=request.user,
            case_ref=form.cleaned_data["case_ref"],
            request=request,
        )
    return redirect("alerts:detail", pk=alert.pk)


def ack_link(request, token):
    """The signed link in a message: a page with one button (link previews and mail
    scanners fetch with GET; only the POST acknowledges)."""
    try:
        alert_id, user_id = links.read_ack_token(token)
    except signing.BadSignature:
        raise Http404 from None
    alert = Alert.objects.filter(pk=alert_id).select_related("area").first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if alert is None or user is None or not policy.can_view(user, alert):
        raise Http404
    done = False
    if request.method == "POST":
        services.acknowledge(alert, user, Acknowledgement.Via.LINK, request=request)
        done = True
    done = done or Acknowledgement.objects.filter(alert=alert, user=user).exists()
    return render(request, "alerts/ack_link.html", {"alert": alert, "ack_user": user, "done": done})


@capability_required("alerts.subscribe")
def subscriptions(request):
    user = request.user
    return render(
        request,
        "alerts/subscriptions.html",
        {
            "subscriptions": Subscription.objects.filter(user=user).prefetch_related(
                "areas", "channels"
            ),
            "channels": Channel.objects.filter(user=user),
            "channel_form": ChannelForm(),
            "form": SubscriptionForm(user=user),
        },
    )


@require_POST
@capability_required("alerts.subscribe")
def channel_new(request):
    form = ChannelForm(request.POST)
    if form.is_valid():
        channel = form.save(commit=False)
        channel.user = request.user
        channel.save()
        messages.success(request, _("Channel added."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("alerts:subscriptions")


@require_POST
@capability_required("alerts.subscribe")
def subscription_new(request):
    form = SubscriptionForm(request.POST, user=request.user)
    if form.is_valid():
        sub = form.save(commit=False)
        sub.user = request.user
        sub.save()
        form.save_m2m()
        messages.success(request, _("Subscribed."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("alerts:subscriptions")


@require_POST
@capability_required("alerts.subscribe")
def delete(request, what, pk):
    model = {"langganan": Subscription, "kanal": Channel}.get(what)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if obj.user_id != request.user.pk:
        raise PermissionDenied
    obj.delete()
    return redirect("alerts:subscriptions")


@capability_required("alerts.manage")
def rules(request):
    """The rules, and every subscription (users' and organisations'), for analysts and
    admins."""
    return render(
        request,
        "alerts/rules.html",
        {
            "rules": Rule.objects.prefetch_related("areas"),
            "subscriptions": Subscription.objects.select_related("user", "organisation")
            .prefetch_related("areas", "channels")
            .order_by("tier", "pk"),
            "subscription_form": ManagedSubscriptionForm(),
        },
    )


@capability_required("alerts.manage")
def rule_edit(request, pk=None):
    """Create or change a rule. "Preview" replays the last 90 days through the rule as
    filled in, without saving it; "Save" saves it."""
    rule = get_object_or_404(Rule, pk=pk) if pk is not None else None
    form = RuleForm(request.POST or None, instance=rule)
    result = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            draft = form.save(commit=False)
            codes = {a.code for a in form.cleaned_data.get("areas") or []}
            result = preview.preview(draft, request.user, area_codes=codes)
        else:
            saved = services.save_rule(form, request.user, request=request)
            messages.success(request, _("Rule saved."))
            return redirect("alerts:rule_edit", pk=saved.pk)
    elif rule is not None and request.method == "GET" and "preview" in request.GET:
        result = preview.preview(rule, request.user)
    return render(request, "alerts/rule_form.html", {"form": form, "rule": rule, "preview": result})


@require_POST
@capability_required("alerts.manage")
def managed_subscription_new(request):
    form = ManagedSubscriptionForm(request.POST)
    if form.is_valid():
        services.subscribe_for(form, request.user, request=request)
        messages.success(request, _("Subscribed."))
    else:
        messages.error(request, "; ".join(e for errs in form.errors.values() for e in errs))
    return redirect("alerts:rules")


@require_POST
@capability_required("alerts.manage")
def managed_subscription_delete(request, pk):
    services.unsubscribe(get_object_or_404(Subscription, pk=pk), request.user, request=request)
    return redirect("alerts:rules")
