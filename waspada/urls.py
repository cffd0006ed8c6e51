from django.contrib import admin
from django.urls import include, path

from waspada.accounts.admin_site import WaspadaAdminSite
from waspada.ops.views import healthz

# The admin site requires a verified second factor like the rest of the system, and signs in
# through the same door (accounts:login, with its lockout).
admin.site.__class__ = WaspadaAdminSite

urlpatterns = [
    path("", include("waspada.dashboard.urls")),
    path("akun/", include("waspada.accounts.urls")),
    path("wilayah/", include("waspada.areas.urls")),
    path("peristiwa/", include("waspada.events.urls")),
    path("ops/", include("waspada.ops.urls")),
    path("laporan/", include("waspada.intake.urls")),
    path("berita/", include("waspada.media.urls")),
    path("peringatan/", include("waspada.alerts.urls")),
    path("buletin/", include("waspada.bulletins.urls")),
    path("risiko/", include("waspada.risk.urls")),
    path("kasus/", include("waspada.cases.urls")),
    path("komunitas/", include("waspada.community.urls")),
    path("api/", include("waspada.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

handler400 = "waspada.web.errors.bad_request"
handler403 = "waspada.web.errors.permission_denied"
handler404 = "waspada.web.errors.page_not_found"
handler500 = "waspada.web.errors.server_error"
