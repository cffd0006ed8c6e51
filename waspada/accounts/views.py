import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .access import capability_required
from .forms import LoginForm, TokenForm
from .lockout import clear_otp_failures, is_locked_out, otp_locked_out, record_otp_failure
from .models import AuditLog


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _next_url(request, default="dashboard:home"):
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def otp_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return redirect("accounts:otp_setup" if user.requires_two_factor else _next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_locked_out(user.username) or otp_locked_out(user):
            audit.record(AuditLog.Action.LOCKED_OUT, request=request)
            form.add_error(None, _("Too many wrong codes. Try again later."))
        else:
            device = next(
                (
                    d
                    for d in TOTPDevice.objects.devices_for_user(user, confirmed=True)
                    if d.verify_token(form.cleaned_data["token"])
                ),
                None,
            )
            if device is not None:
                otp_login(request, device)
                clear_otp_failures(user)
                return redirect(_next_url(request))
            record_otp_failure(user)
            audit.record(AuditLog.Action.OTP_FAILED, request=request)
            form.add_error("token", _("That code is not valid. Check your phone's clock."))
    return render(request, "accounts/otp_verify.html", {"form": form})


@login_required
def otp_setup(request):
    """Enrol an authenticator app: show a QR code, confirm it with a first code."""
    user = request.user
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp_locked_out(user):
            audit.record(AuditLog.Action.LOCKED_OUT, request=request)
            form.add_error(None, _("Too many wrong codes. Try again later."))
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            clear_otp_failures(user)
            audit.record(AuditLog.Action.OTP_ENROLLED, request=request)
            messages.success(request, _("Two-factor sign-in is now active."))
            return redirect(_next_url(request))
        else:
            record_otp_failure(user)
            audit.record(AuditLog.Action.OTP_FAILED, request=request)
            form.add_error("token", _("That code is not valid. Scan the code again and retry."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=5)
    secret = _base32(device.bin_key)
    return render(
        request, "accounts/otp_setup.html", {"form": form, "qr_svg": qr_svg, "secret": secret}
    )


def _base32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode().rstrip("=")


@capability_required("audit.view")
def audit_log(request):
    entries = AuditLog.objects.select_related("actor")
    action = request.GET.get("action")
    if action in AuditLog.Action.values:
        entries = entries.filter(action=action)
    username = request.GET.get("user", "").strip()
    if username:
        entries = entries.filter(username__icontains=username)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit_log.html",
        {"page": page, "actions": AuditLog.Action.choices, "action": action, "user_q": username},
    )
