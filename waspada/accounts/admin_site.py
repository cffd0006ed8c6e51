"""The Django admin behind the one sign-in door: its own login form (which asked for the OTP
token beside the password, and so told a right password from a wrong one, without the lockout)
is replaced by a redirect to accounts:login, with its lockout and two-factor step."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.admin import OTPAdminSite


class WaspadaAdminSite(OTPAdminSite):
    def login(self, request, extra_context=None):
        target = request.GET.get("next") or reverse("admin:index")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index")
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(target, reverse("accounts:login"))
        if not user.is_verified():
            return redirect_to_login(target, reverse("accounts:otp_verify"))
        if self.has_permission(request):
            return redirect(target)
        # Signed in, but not an administrator: no second sign-in form, a clear refusal.
        raise PermissionDenied
