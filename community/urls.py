"""Root URL configuration: pages, accounts, moderation, API and admin."""

from django.apps import apps
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("community.web_urls")),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/", include("community.api.urls")),
    path("admin/", admin.site.urls),
]
# By dotted string, not an import: community runs without moderation installed.
if apps.is_installed("moderation"):
    urlpatterns += [path("moderation/", include("moderation.urls"))]
