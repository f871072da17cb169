from django.contrib import admin
from django.urls import include, path, register_converter
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from lib.ids import IdConverter

from . import accessibility, feeds, observability, views

register_converter(IdConverter, "id")

admin.site.site_header = _("Jobbspår administration")
admin.site.site_title = _("Jobbspår")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    # Clients that ask for /favicon.ico without reading the page's <link rel="icon">.
    path("favicon.ico", views.favicon, name="favicon"),
    path("tillganglighet/", accessibility.accessibility_statement, name="accessibility"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", observability.metrics, name="metrics"),
    path("accounts/", include("accounts.urls")),
    path("users/", include("accounts.user_urls")),
    path("tracks/", include("tracks.urls")),
    path("employers/", include("employers.urls")),
    path("providers/", include("providers.urls")),
    path("vocabulary/", include("taxonomy.urls")),
    path("participants/", include("participants.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", include("jobbspar.privacy.urls")),
    path("mina-sidor/", include("jobbspar.portal.urls")),
    path("kalender/", feeds.calendar_page, name="calendar"),
    path("kalender/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include("jobbspar.api.urls")),
    path("admin/", admin.site.urls),
]
