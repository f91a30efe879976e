from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", include("quizzes.api.urls")),
    path("lti/", include("quizzes.lti.urls")),
    path("", include("quizzes.urls")),
]

handler404 = "quizzes.api.exceptions.not_found"
