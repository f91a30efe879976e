from django.urls import path
from lti_tool.views import jwks

from quizzes.lti import views

app_name = "lti"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/<uuid:registration_uuid>/", views.LoginView.as_view(), name="login_for_registration"),
    path("launch/", views.launch, name="launch"),
    path("jwks/", jwks, name="jwks"),
    path("deep-linking/", views.deep_link_picker, name="deep_link"),
    path("register/<str:invitation>/", views.register, name="register"),
    path("courses/<int:context_id>/roster/", views.sync_roster, name="sync_roster"),
    path("scores/resend/", views.resend_scores, name="resend_scores"),
]
