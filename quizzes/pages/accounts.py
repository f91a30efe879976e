"""Account pages that need more than Django's own views: password reset with a rate limit."""

from django.conf import settings
from django.contrib.auth import views as auth_views

from quizzes.http import client_address, over_limit

RESET_PERIOD_SECONDS = 3600
TOO_MANY_RESETS = "Too many password reset requests; wait an hour and try again, or ask a teacher."


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Django's password reset, refused (429) past PASSWORD_RESET_LIMIT_PER_HOUR per address and per e-mail."""

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        limit = settings.PASSWORD_RESET_LIMIT_PER_HOUR
        from_address = over_limit(
            key=f"password-reset:ip:{client_address(self.request)}", limit=limit, period_seconds=RESET_PERIOD_SECONDS
        )
        for_email = over_limit(key=f"password-reset:email:{email}", limit=limit, period_seconds=RESET_PERIOD_SECONDS)
        if from_address or for_email:
            form.add_error(None, TOO_MANY_RESETS)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
