from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .questions import Question, VerifiedQuote
from .sources import Topic


class Flashcard(models.Model):
    """A card to study: a published question (front = its prompt, back = its key), or a teacher's own card.

    A question's card carries no text of its own; it is made for every published question by
    services.cards.sync_question_cards and shows the question as it stands.
    """

    question = models.OneToOneField(Question, null=True, blank=True, on_delete=models.CASCADE, related_name="flashcard")
    front = models.TextField(blank=True, help_text="For a teacher's own card: what the student is asked.")
    back = models.TextField(blank=True, help_text="For a teacher's own card: the answer, with any explanation.")
    topics = models.ManyToManyField(Topic, related_name="flashcards", blank=True)
    is_published = models.BooleanField(
        default=True, help_text="A teacher's own card is studied only while published (a question's: as it is)."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="flashcards"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # Either a question's card (no text of its own) or an authored one (front and back both given).
            models.CheckConstraint(
                condition=(
                    models.Q(question__isnull=False, front="", back="")
                    | (models.Q(question__isnull=True) & ~models.Q(front="") & ~models.Q(back=""))
                ),
                name="flashcard_question_or_front_and_back",
            ),
        ]

    def __str__(self):
        if self.question_id:
            return f"card of {self.question.slug}"
        return self.front[:60]

    def clean(self):
        super().clean()
        if self.question_id is None:
            missing = {
                name: "A card of your own needs a front and a back."
                for name in ("front", "back")
                if not getattr(self, name).strip()
            }
            if missing:
                raise ValidationError(missing)


class CardCitation(VerifiedQuote):
    """A passage, quoted exactly, that supports a teacher's own card."""

    question = None
    flashcard = models.ForeignKey(Flashcard, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey("quizzes.Source", on_delete=models.PROTECT, related_name="card_citations")
    passage = models.ForeignKey(
        "quizzes.Passage", null=True, blank=True, on_delete=models.SET_NULL, related_name="card_citations"
    )

    class Meta(VerifiedQuote.Meta):
        ordering = ["flashcard", "position", "id"]

    def __str__(self):
        return f"card {self.flashcard_id} cites {self.source.slug}"


class CardState(models.Model):
    """One student's FSRS memory state of one card: created by the card's first review."""

    class State(models.IntegerChoices):
        # The values of fsrs.State.
        LEARNING = 1, "Learning"
        REVIEW = 2, "Review"
        RELEARNING = 3, "Relearning"

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_states")
    flashcard = models.ForeignKey(Flashcard, on_delete=models.CASCADE, related_name="states")
    state = models.PositiveSmallIntegerField(choices=State.choices)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    first_reviewed_at = models.DateTimeField()
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["student", "due"]
        constraints = [
            models.UniqueConstraint(fields=["student", "flashcard"], name="one_card_state_per_student"),
        ]
        indexes = [
            models.Index(fields=["student", "due"], name="card_state_due_queue"),
            models.Index(fields=["student", "first_reviewed_at"], name="card_state_new_per_day"),
        ]

    def __str__(self):
        return f"{self.student} / card {self.flashcard_id}: {self.get_state_display()} due {self.due:%Y-%m-%d %H:%M}"


class CardReview(models.Model):
    """One rating of a card by a student (the review log); review_id makes a repeated submission harmless."""

    class Rating(models.IntegerChoices):
        # The values of fsrs.Rating.
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"
        EASY = 4, "Easy"

    class Origin(models.TextChoices):
        STUDY = "study", "Studied as a flashcard"
        QUIZ = "quiz", "Answered in a quiz"

    review_id = models.UUIDField(help_text="Chosen by the client; the same id twice records one review.")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_reviews")
    flashcard = models.ForeignKey(Flashcard, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.STUDY)
    reviewed_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    # The card as it was before this review (None: it was new), and when the review scheduled it next.
    state_before = models.PositiveSmallIntegerField(choices=CardState.State.choices, null=True, blank=True)
    due_before = models.DateTimeField(null=True, blank=True)
    due_after = models.DateTimeField()
    # The quiz answer that fed this review (origin quiz), so that each missed answer feeds its card once.
    response = models.OneToOneField(
        "quizzes.Response", null=True, blank=True, on_delete=models.SET_NULL, related_name="card_review"
    )

    class Meta:
        ordering = ["student", "reviewed_at"]
        constraints = [
            models.UniqueConstraint(fields=["student", "review_id"], name="card_review_id_unique_per_student"),
        ]
        indexes = [models.Index(fields=["student", "reviewed_at"], name="card_review_by_day")]

    def __str__(self):
        return f"{self.student} rated card {self.flashcard_id} {self.get_rating_display()}"
