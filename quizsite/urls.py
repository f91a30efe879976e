from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("quizzes.api.urls")),
    path("lti/", include("quizzes.lti.urls")),
    path("", include("quizzes.urls")),
]
if settings.BENCHMARK_BARE_VIEWS:
    urlpatterns.insert(0, path("bench/bare/", include("quizzes.bench.bare_views")))

handler404 = "quizzes.api.exceptions.not_found"
