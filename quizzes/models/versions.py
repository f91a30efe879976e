from django.conf import settings
from django.db import models

from .questions import Question


class QuestionVersion(models.Model):
    """What a student is shown of a question and what they are graded by, frozen once an attempt has used it.

    `shown` holds the prompt and the options with their keys, in an order that reveals nothing; `key` holds the
    answer key, the explanation, the citations and the disagreement entries. Pages that only show a question
    defer `key`. Made and updated only by services.versions.record_version.
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the question's first version.")
    type = models.CharField(max_length=20, choices=Question.Type.choices)
    shown = models.JSONField()
    key = models.JSONField()
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="question_version_number_positive"),
        ]

    def __str__(self):
        return f"{self.question.slug} v{self.number}"
