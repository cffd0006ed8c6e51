from django.shortcuts import redirect
from django.urls import reverse

# Paths a signed-in but not yet two-factor-verified user may still open.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz")


class RequireTwoFactorMiddleware:
    """Users with a confirmed device, and roles that require 2FA, must verify a code first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            from django_otp import user_has_device

            has_device = user_has_device(user, confirmed=True)
            if has_device or user.requires_two_factor:
                target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
                allowed = {reverse(target), reverse("accounts:logout")}
                if request.path not in allowed and not request.path.startswith(_OPEN_PREFIXES):
                    return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
