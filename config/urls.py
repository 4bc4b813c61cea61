from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:home", permanent=False), name="root"),
    # Browsers ask for it at the root whatever the page links to.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("staff/favicon.ico"), permanent=True),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("staff/reports/", include("reports.urls")),
    path("staff/", include("staff.urls")),
    path("portal/", include("portal.urls")),
    path("open311/v2/", include("open311.urls")),
]

# A service that is down (the database, Redis) is a 503 with a message, never a 500.
handler500 = "common.errors.server_error"
# The API answers JSON even for an address that names nothing.
handler404 = "common.errors.page_not_found"
