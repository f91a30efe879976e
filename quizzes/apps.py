from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"
    verbose_name = "Quizzes and question bank"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from quizzes import checks  # noqa: F401 (registers the deploy checks)
        from quizzes.middleware import note_session_activity

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: note_session_activity(request.session),
            dispatch_uid="quizzes-session-activity",
            weak=False,
        )
