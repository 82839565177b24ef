from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("negotiations.urls")),
]

if settings.BENCH_VIEWS:
    urlpatterns.append(path("_bench/", include("bench.ceilings")))
