from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dxoffice.api import api
from dxoffice.core import password_reset
from dxoffice.core.health import livez
from dxoffice.core.views import healthz, set_language

urlpatterns = [
    path("livez", livez, name="livez"),
    path("healthz", healthz, name="healthz"),
    path("readyz", healthz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/reset/", password_reset.password_reset, name="password_reset"),
    path("accounts/password/reset/sent/", password_reset.password_reset_done, name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        password_reset.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        password_reset.password_reset_complete,
        name="password_reset_complete",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("public/", include("dxoffice.core.public.urls")),
    path("", include("dxoffice.core.urls")),
    path("", include("dxoffice.core.notifications.urls")),
    path("", include("dxoffice.core.jobs.urls")),
    path("", include("dxoffice.planning.urls")),
    path("indicators/", include("dxoffice.indicators.urls")),
    path("meetings/", include("dxoffice.meetings.urls")),
    path("training/", include("dxoffice.training.urls")),
    path("partners/", include("dxoffice.partners.urls")),
]

# Error pages in the application's layout when DEBUG is off (dxoffice/core/errors.py).
handler403 = "dxoffice.core.errors.permission_denied"
handler404 = "dxoffice.core.errors.page_not_found"
handler500 = "dxoffice.core.errors.server_error"
