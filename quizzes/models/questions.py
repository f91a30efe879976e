import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from quizzes.errors import QuizError
from quizzes.text import fold_text, locate_passage

from .sources import Passage, Source, Topic


def new_opaque_key() -> str:
    """A random key for an ordering item or a matching side: it says nothing of the correct place or partner,
    and it stays the same when the item's text is edited (answers and regrades rely on that)."""
    return secrets.token_hex(6)


class Question(models.Model):
    """A question whose answer key rests on cited passages of the sources."""

    class Type(models.TextChoices):
        SINGLE_CHOICE = "single_choice", "Single choice"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
        TRUE_FALSE = "true_false", "True or false"
        SHORT_ANSWER = "short_answer", "Short answer"
        CLOZE = "cloze", "Fill in the blanks"
        ORDERING = "ordering", "Ordering"
        MATCHING = "matching", "Matching"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Difficulty(models.IntegerChoices):
        EASY = 1, "Easy"
        MEDIUM = 2, "Medium"
        HARD = 3, "Hard"

    class Framing(models.TextChoices):
        # Editorial rule: a contested claim is never asked as plain fact.
        FACT = "fact", "A point all sources share, asked plainly"
        ATTRIBUTED = "attributed", "Attributed to a source ('According to ...')"
        DISAGREEMENT = "disagreement", "About the disagreement itself"

    slug = models.SlugField(max_length=100, unique=True, help_text="Stable id used by the bank files.")
    type = models.CharField(max_length=20, choices=Type.choices)
    prompt = models.TextField(help_text="For fill-in-the-blanks, mark blanks as [[1]], [[2]], ...")
    explanation = models.TextField(help_text="Why the key is right, pointing to the cited passage.")
    topics = models.ManyToManyField(Topic, related_name="questions", blank=True)
    difficulty = models.PositiveSmallIntegerField(choices=Difficulty.choices, default=Difficulty.MEDIUM)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    framing = models.CharField(max_length=15, choices=Framing.choices)
    disagreement = models.ForeignKey(
        "DisagreementPoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="questions",
        help_text="The contested point the question asks about; its key then shows every source's position.",
    )
    keep_option_order = models.BooleanField(
        default=False,
        help_text="Show the options in the authored order instead of shuffling them for each attempt: only where "
        'the option texts need it ("all of the above").',
    )
    # The version a new attempt freezes; kept up to date by services.versions.record_version.
    current_version = models.ForeignKey(
        "QuestionVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "current_version"])

    class Meta:
        ordering = ["slug"]
        indexes = [models.Index(fields=["status", "type"])]

    def __str__(self):
        return self.slug

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Choice(models.Model):
    """An option of a single-choice, multiple-choice or true/false question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(max_length=20)
    text = models.CharField(max_length=500)
    is_correct = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question_id", "position"]  # the id: ordering by the question would join it for its slug
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_key_unique_in_question"),
            models.UniqueConstraint(fields=["question", "position"], name="choice_position_unique_in_question"),
        ]

    def __str__(self):
        return f"{self.key}. {self.text}"


class AcceptedAnswer(models.Model):
    """An accepted answer to a short-answer question (blank 0) or to blank N of a cloze question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="accepted_answers")
    blank = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question_id", "blank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "blank", "text"], name="accepted_answer_unique"),
        ]

    def __str__(self):
        return self.text if not self.blank else f"[[{self.blank}]] {self.text}"


class OrderingItem(models.Model):
    """An item of an ordering question; position is its place in the correct order (1 = first)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="ordering_items")
    key = models.CharField(max_length=12, editable=False)
    text = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="ordering_key_unique_in_question"),
            models.UniqueConstraint(fields=["question", "position"], name="ordering_position_unique_in_question"),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"

    def save(self, *args, **kwargs):
        self.key = self.key or new_opaque_key()
        super().save(*args, **kwargs)


class MatchingPair(models.Model):
    """A left item and the right item it matches; each side has its own key so the keys reveal nothing."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="matching_pairs")
    left = models.CharField(max_length=500)
    right = models.CharField(max_length=500)
    left_key = models.CharField(max_length=12, editable=False)
    right_key = models.CharField(max_length=12, editable=False)
    position = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["question_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["question", "left_key"], name="matching_left_unique_in_question"),
            models.UniqueConstraint(fields=["question", "right_key"], name="matching_right_unique_in_question"),
            models.UniqueConstraint(fields=["question", "position"], name="matching_position_unique_in_question"),
        ]

    def __str__(self):
        return f"{self.left} -> {self.right}"

    def save(self, *args, **kwargs):
        self.left_key = self.left_key or new_opaque_key()
        self.right_key = self.right_key or new_opaque_key()
        super().save(*args, **kwargs)


class VerifiedQuote(models.Model):
    """A quote from a source, checked verbatim against the source text on every save."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    # Null only while a re-loaded source text no longer contains the quote; load_sources reports those.
    passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.SET_NULL)
    quote = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.locate()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.source_id or not self.quote:
            return
        try:
            self.locate()
        except QuizError as error:
            raise ValidationError({"quote": str(error)}) from error

    def locate(self) -> None:
        """Check the quote against the source and point `passage` at the paragraph holding it.

        Raises QuoteNotFound, QuoteOutsidePassage or QuoteSpansPassages.
        """
        anchor = self.passage.anchor if self.passage_id else None
        if self.passage_id and self.passage.source_id != self.source_id:
            anchor = None
        elif (
            anchor
            and not self.passage.is_furniture
            and fold_text(self.quote)
            and fold_text(self.quote) in fold_text(self.passage.text)
        ):
            return  # verbatim in one of the source's own paragraphs, so verbatim in the source
        self.passage = locate_passage(
            source=self.source, quote=self.quote, passages=list(self.source.passages.all()), anchor=anchor
        )


class Citation(VerifiedQuote):
    """The passage, quoted exactly, that supports a question's answer key."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    passage = models.ForeignKey(Passage, null=True, blank=True, on_delete=models.SET_NULL, related_name="citations")
    history = HistoricalRecords()

    class Meta(VerifiedQuote.Meta):
        ordering = ["question_id", "position", "id"]

    def __str__(self):
        return f"{self.question.slug} cites {self.source.slug}"
