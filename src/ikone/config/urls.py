from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from ikone.api.api import api
from ikone.operations.views import metrics

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("metrics", metrics, name="metrics"),
    path("", include("ikone.web.urls")),
    path("", include("ikone.organizations.urls")),
    path("", include("ikone.ozg.urls")),
    path("", include("ikone.catalog.urls")),
    path("", include("ikone.coverage.urls")),
    path("", include("ikone.claims.urls")),
    path("", include("ikone.planning.urls")),
    path("", include("ikone.reuse.urls")),
    path("", include("ikone.notifications.urls")),
    path("", include("ikone.standards.urls")),
    path("", include("ikone.transferability.urls")),
    path("", include("ikone.participation.urls")),
    path("", include("ikone.costs.urls")),
    path("", include("ikone.federation.urls")),
    path("", include("ikone.harvesting.urls")),
    path("", include("ikone.accounts.urls")),
    path("", include("ikone.operations.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "ikone.web.views.server_error"
