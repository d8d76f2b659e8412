"""URL configuration: admin, accounts, language switching, the health check and the register's pages."""

from django.contrib import admin
from django.urls import include, path

from decisions.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("decisions.urls")),
]
