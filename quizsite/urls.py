from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from quizzes.pages.accounts import RateLimitedPasswordResetView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/password_reset/", RateLimitedPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("quizzes.api.urls")),
    path("lti/", include("quizzes.lti.urls")),
    path("", include("quizzes.urls")),
]
if settings.BENCHMARK_BARE_VIEWS:
    urlpatterns.insert(0, path("bench/bare/", include("quizzes.bench.bare_views")))

handler400 = "quizzes.api.exceptions.bad_request"
handler404 = "quizzes.api.exceptions.not_found"
handler500 = "quizzes.api.exceptions.server_failure"
