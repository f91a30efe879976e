from django.conf import settings
from django.db import models

from .questions import Question
from .quizzes import Quiz, QuizPool
from .versions import QuestionVersion


class Attempt(models.Model):
    """One sitting of a quiz by a student: open until submitted, then scored."""

    quiz = models.ForeignKey(Quiz, on_delete=models.PROTECT, related_name="attempts")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(help_text="1 for the student's first attempt at this quiz.")
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True, help_text="Blank when the quiz has no time limit.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The shuffles of questions and choices are drawn from this seed, so they stay fixed for the attempt.
    shuffle_seed = models.PositiveIntegerField()
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["quiz", "student", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "student", "number"], name="attempt_number_unique"),
            models.UniqueConstraint(
                fields=["quiz", "student"],
                condition=models.Q(submitted_at__isnull=True),
                name="one_open_attempt_per_student_and_quiz",
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="attempt_number_positive"),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True) | models.Q(deadline__gt=models.F("started_at")),
                name="attempt_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True) | models.Q(submitted_at__gte=models.F("started_at")),
                name="attempt_submitted_after_start",
            ),
            # A score exists exactly when the attempt is submitted, and never exceeds the maximum.
            models.CheckConstraint(
                condition=(
                    models.Q(submitted_at__isnull=True, score__isnull=True, passed__isnull=True)
                    | models.Q(
                        submitted_at__isnull=False,
                        score__isnull=False,
                        max_score__isnull=False,
                        passed__isnull=False,
                        score__gte=0,
                        score__lte=models.F("max_score"),
                    )
                ),
                name="attempt_scored_iff_submitted",
            ),
        ]
        indexes = [models.Index(fields=["student", "quiz"])]

    def __str__(self):
        return f"{self.student} on {self.quiz.slug} #{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class AttemptSlot(models.Model):
    """One question of an attempt as it was frozen at the start: its place, the version shown, its points and
    the order of its options (choice keys, ordering item keys, or matching right-hand keys)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveSmallIntegerField(help_text="1 for the attempt's first question.")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attempt_slots")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="slots")
    points = models.PositiveSmallIntegerField()
    option_order = models.JSONField(default=list)
    pool = models.ForeignKey(
        QuizPool, null=True, blank=True, on_delete=models.SET_NULL, related_name="slots",
        help_text="The pool the question was drawn from, if any.",
    )  # fmt: skip

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="attempt_slot_position_unique"),
            models.UniqueConstraint(fields=["attempt", "question"], name="attempt_slot_question_once"),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="attempt_slot_position_positive"),
        ]

    def __str__(self):
        return f"{self.attempt} #{self.position}: {self.version}"


class Response(models.Model):
    """A student's answer to one question of an attempt (its shape depends on the question type)."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    slot = models.OneToOneField(AttemptSlot, on_delete=models.CASCADE, related_name="response")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    answer = models.JSONField()
    answered_at = models.DateTimeField()
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text='Review "after each question": when the student checked it (then locked).'
    )
    credit = models.FloatField(null=True, blank=True, help_text="Share of the question's points earned, 0 to 1.")
    points = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_response_per_question_per_attempt"),
            models.CheckConstraint(
                condition=models.Q(credit__isnull=True) | models.Q(credit__gte=0, credit__lte=1),
                name="response_credit_between_0_and_1",
            ),
        ]

    def __str__(self):
        return f"{self.attempt} / {self.question.slug}"


class AttemptRegrade(models.Model):
    """A logged regrade of one submitted attempt: who, when, and the marks before and after, slot by slot."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="regrades")
    regraded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    regraded_at = models.DateTimeField()
    old_score = models.DecimalField(max_digits=7, decimal_places=2)
    new_score = models.DecimalField(max_digits=7, decimal_places=2)
    old_passed = models.BooleanField()
    new_passed = models.BooleanField()
    # [{"position", "question", "old_version", "new_version", "old_credit", "new_credit", "old_points", "new_points"}]
    changes = models.JSONField(default=list)

    def __str__(self):
        return f"{self.attempt}: {self.old_score} -> {self.new_score}"
