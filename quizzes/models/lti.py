from django.db import models


class LtiCourse(models.Model):
    """The quizsite course of an LMS context (django-lti's LtiContext): its teachers and students come from it."""

    context = models.OneToOneField("lti_tool.LtiContext", on_delete=models.CASCADE, related_name="quizsite_course")
    course = models.ForeignKey("quizzes.Course", on_delete=models.CASCADE, related_name="lti_contexts")

    class Meta:
        verbose_name = "LMS course"

    def __str__(self):
        return f"{self.context} → {self.course}"


class LtiPlacement(models.Model):
    """A quiz placed in an LMS course as a resource link, with the gradebook column (line item) it reports to."""

    resource_link = models.OneToOneField(
        "lti_tool.LtiResourceLink", on_delete=models.CASCADE, related_name="quizsite_placement"
    )
    quiz = models.ForeignKey("quizzes.Quiz", on_delete=models.CASCADE, related_name="lti_placements")
    lineitem_url = models.URLField(max_length=500, blank=True)
    review_base_url = models.URLField(max_length=500, help_text="The tool's address as the LMS reaches it.")

    class Meta:
        verbose_name = "LMS placement"

    def __str__(self):
        return f"{self.quiz} in {self.resource_link}"


class GradeTarget(models.Model):
    """A learner who launched a placement: their scores at its quiz go to its line item, under their LMS id."""

    placement = models.ForeignKey(LtiPlacement, on_delete=models.CASCADE, related_name="grade_targets")
    lti_user = models.ForeignKey("lti_tool.LtiUser", on_delete=models.CASCADE, related_name="grade_targets")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["placement", "lti_user"], name="one_grade_target_per_learner")]

    def __str__(self):
        return f"{self.lti_user} at {self.placement}"


class ScoreSend(models.Model):
    """One score to send to an LMS gradebook (the outbox): written with the submit, sent by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    attempt = models.ForeignKey("quizzes.Attempt", on_delete=models.CASCADE, related_name="score_sends")
    target = models.ForeignKey(GradeTarget, on_delete=models.CASCADE, related_name="score_sends")
    score_given = models.DecimalField(max_digits=8, decimal_places=2)
    score_maximum = models.DecimalField(max_digits=8, decimal_places=2)
    comment = models.TextField(blank=True)
    scored_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    tries = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "LMS score send"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_try_at"], name="score_send_due")]

    def __str__(self):
        return f"{self.attempt} → {self.target.placement} ({self.status})"
