from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .questions import Question
from .sources import Topic


class Quiz(models.Model):
    """A published set of questions in order, with the rules of taking it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class ReviewMode(models.TextChoices):
        PER_QUESTION = "per_question", "After each question is answered"
        AFTER_SUBMISSION = "after_submission", "After the attempt is submitted"
        AFTER_CLOSE = "after_close", "After the quiz closes"

    class Layout(models.TextChoices):
        ONE_PER_PAGE = "one_per_page", "One question per page"
        ALL_ON_ONE_PAGE = "all_on_one_page", "All questions on one page"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    questions = models.ManyToManyField(Question, through="QuizQuestion", related_name="quizzes")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    layout = models.CharField(max_length=20, choices=Layout.choices, default=Layout.ONE_PER_PAGE)
    shuffle_questions = models.BooleanField(default=False)
    shuffle_choices = models.BooleanField(
        default=True,
        help_text="Shuffle each choice question's options for each attempt (a question may keep its order).",
    )
    is_practice = models.BooleanField(
        default=False,
        verbose_name="practice quiz",
        help_text="Its questions are study cards from the start; those of other quizzes wait for a review.",
    )
    review_mode = models.CharField(max_length=20, choices=ReviewMode.choices, default=ReviewMode.AFTER_SUBMISSION)
    max_attempts = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Blank for unlimited attempts."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Blank for no time limit."
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=60, validators=[MaxValueValidator(100)], help_text="Percentage of the maximum score needed to pass."
    )
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="quizzes"
    )
    courses = models.ManyToManyField(
        "Course",
        related_name="quizzes",
        blank=True,
        help_text="The teachers of these courses may edit the quiz, as its author may.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_mark__lte=100), name="quiz_pass_mark_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(max_attempts__isnull=True) | models.Q(max_attempts__gte=1),
                name="quiz_max_attempts_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit_minutes__isnull=True) | models.Q(time_limit_minutes__gte=1),
                name="quiz_time_limit_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="quiz_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return self.title


class QuizQuestion(models.Model):
    """A question's place in a quiz and the points it is worth there."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="quiz_questions")
    position = models.PositiveSmallIntegerField()
    points = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    class Meta:
        # By the quiz's id, not the quiz (whose own ordering would join it for its title in every read).
        ordering = ["quiz_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "question"], name="quiz_question_once_per_quiz"),
            models.UniqueConstraint(fields=["quiz", "position"], name="quiz_question_position_unique"),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="quiz_question_points_positive"),
        ]

    def __str__(self):
        return f"{self.quiz.slug} #{self.position}: {self.question.slug}"


class QuizPool(models.Model):
    """A place in a quiz filled, when an attempt starts, by `draw_count` questions drawn from a topic (its
    subtopics included) or from a set the teacher chose; questions the student saw in earlier attempts at the
    quiz are avoided while enough others remain."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="pools")
    position = models.PositiveSmallIntegerField(help_text="Shares the numbering of the quiz's fixed questions.")
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="quiz_pools",
        help_text="Draw published questions filed under this topic (or its subtopics).",
    )  # fmt: skip
    questions = models.ManyToManyField(
        Question, blank=True, related_name="quiz_pools", help_text="Or draw from these questions."
    )
    draw_count = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    points = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["quiz", "position"], name="quiz_pool_position_unique"),
            models.CheckConstraint(condition=models.Q(draw_count__gte=1), name="quiz_pool_draws_at_least_one"),
            models.CheckConstraint(condition=models.Q(points__gte=1), name="quiz_pool_points_positive"),
        ]

    def __str__(self):
        source = f"topic {self.topic.slug}" if self.topic_id else "a chosen set"
        return f"{self.quiz.slug} #{self.position}: {self.draw_count} from {source}"
