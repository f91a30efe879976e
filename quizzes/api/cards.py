"""Flashcards in the API: decks, the due queue, reviews (idempotent per review id), statistics, teachers' cards.

A student reads and writes only their own card states and reviews. Statistics of another student are for the
teachers of their courses and the course's integrations (selectors.students_visible_to), as progress is.
"""

import uuid

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, serializers, status
from rest_framework.response import Response as ApiResponse

from quizzes import models, selectors
from quizzes.api import examples
from quizzes.api.permissions import CanEditQuestionBank, IsPerson
from quizzes.api.serializers import ReviewSerializer
from quizzes.api.views import answers, error_response
from quizzes.errors import QuizError, UnknownDeck
from quizzes.models.courses import is_integration
from quizzes.services import cards, scheduling

RATING_NAMES = {label.lower(): value for value, label in models.CardReview.Rating.choices}
DECK_PARAMETER = OpenApiParameter(
    "deck", str, description="all (default), topic:<slug>, source:<slug> or quiz:<slug>", required=False
)


# Serializers -------------------------------------------------------------------------------------------------


class DeckSerializer(serializers.Serializer):
    key = serializers.CharField(source="deck.key", help_text="all, topic:<slug>, source:<slug> or quiz:<slug>")
    kind = serializers.CharField(source="deck.kind")
    title = serializers.CharField(source="deck.title")
    card_count = serializers.IntegerField()
    due_count = serializers.IntegerField(help_text="The caller's cards of this deck due now.")
    new_count = serializers.IntegerField(help_text="New cards the caller could start today (after the daily cap).")
    locked_count = serializers.IntegerField(
        help_text="The deck's cards locked for the caller now: a quiz deck's unlock once the review of an attempt at "
        "that quiz shows their keys (and no open exam reviewing after its close holds them)."
    )


class CardStateSerializer(serializers.ModelSerializer):
    state = serializers.CharField(source="get_state_display")

    class Meta:
        model = models.CardState
        fields = ["state", "due", "stability", "difficulty", "reps", "lapses", "last_review"]


class CardFrontSerializer(serializers.Serializer):
    prompt = serializers.CharField()
    type = serializers.CharField(help_text="The question type, or 'basic' for a teacher's own card.")
    question = serializers.CharField(source="id", allow_null=True, help_text="The question's id; null if none.")
    options = serializers.ListField(child=serializers.DictField(), required=False)
    items = serializers.ListField(child=serializers.DictField(), required=False)
    left = serializers.ListField(child=serializers.DictField(), required=False)
    right = serializers.ListField(child=serializers.DictField(), required=False)


class QueueCardSerializer(serializers.Serializer):
    card = serializers.IntegerField()
    is_new = serializers.BooleanField()
    state = CardStateSerializer(allow_null=True, help_text="Null for a new card.")
    front = CardFrontSerializer()
    back = ReviewSerializer(help_text="Answer, explanation, citations and the sources' disagreements.")


class QueueSerializer(serializers.Serializer):
    deck = serializers.CharField(source="deck.key")
    title = serializers.CharField(source="deck.title")
    due_count = serializers.IntegerField()
    new_left_today = serializers.IntegerField()
    next_due = serializers.DateTimeField(allow_null=True, help_text="When nothing is due: the next due time.")
    withheld_count = serializers.IntegerField(
        help_text="When the queue is empty: how many cards of the deck are locked, because no review of the caller's "
        "attempts has shown their keys yet, the caller is taking a quiz that holds them, or a quiz that shows keys "
        "only after closing is still open (else 0)."
    )
    cards = QueueCardSerializer(many=True)


class ReviewInputSerializer(serializers.Serializer):
    review_id = serializers.UUIDField(help_text="A fresh UUID per review; resending it records nothing new.")
    card = serializers.IntegerField(min_value=1)
    rating = serializers.CharField(help_text="again, hard, good or easy (or 1 to 4).")
    duration_ms = serializers.IntegerField(min_value=0, max_value=24 * 3600 * 1000, required=False, allow_null=True)

    def validate_rating(self, value: str) -> int:
        word = str(value).strip().lower()
        if word in RATING_NAMES:
            return RATING_NAMES[word]
        if word in {"1", "2", "3", "4"}:
            return int(word)
        raise serializers.ValidationError("Use again, hard, good or easy (or 1 to 4).")


class CardReviewSerializer(serializers.ModelSerializer):
    card = serializers.IntegerField(source="flashcard_id")
    rating = serializers.CharField(source="get_rating_display")
    state_before = serializers.CharField(source="get_state_before_display", allow_null=True)

    class Meta:
        model = models.CardReview
        fields = ["review_id", "card", "rating", "origin", "reviewed_at", "duration_ms", "state_before", "due_after"]


class ReviewOutcomeSerializer(CardReviewSerializer):
    card_state = CardStateSerializer()

    class Meta(CardReviewSerializer.Meta):
        fields = [*CardReviewSerializer.Meta.fields, "card_state"]


class DayReviewsSerializer(serializers.Serializer):
    day = serializers.DateField()
    reviews = serializers.IntegerField()
    retention = serializers.FloatField(allow_null=True, help_text="Percent of review-state cards recalled.")


class ForecastDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    due = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    student = serializers.CharField()
    retention = serializers.FloatField(allow_null=True, help_text="Last 30 days, percent; null with no data.")
    review_count = serializers.IntegerField(help_text="Study reviews in the last 30 days.")
    reviews_per_day = DayReviewsSerializer(many=True, source="days")
    cards_by_state = serializers.DictField(child=serializers.IntegerField())
    forecast = ForecastDaySerializer(many=True)


class CitationInputSerializer(serializers.Serializer):
    source = serializers.SlugRelatedField(slug_field="slug", queryset=models.Source.objects.all())
    quote = serializers.CharField(help_text="Verbatim from the source.")
    passage = serializers.CharField(required=False, allow_blank=True, help_text="The p-N anchor, if known.")


class AuthoredCardSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    front = serializers.CharField()
    back = serializers.CharField()
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=models.Topic.objects.all(), many=True, required=False
    )
    is_published = serializers.BooleanField(default=True)
    citations = CitationInputSerializer(many=True, min_length=1)

    def validate_citations(self, citations):
        errors, checked = [], []
        for position, citation in enumerate(citations):
            row = models.CardCitation(source=citation["source"], quote=citation["quote"], position=position)
            anchor = citation.get("passage")
            if anchor:
                row.passage = citation["source"].passages.filter(anchor=anchor).first()
            try:
                row.locate()
            except QuizError as error:
                errors.append({"quote": [str(error)]})
                continue
            errors.append({})
            checked.append(row)
        if any(errors):
            raise serializers.ValidationError(errors)
        return checked

    def to_representation(self, flashcard):
        return {
            "id": flashcard.pk,
            "front": flashcard.front,
            "back": flashcard.back,
            "topics": [topic.slug for topic in flashcard.topics.all()],
            "is_published": flashcard.is_published,
            "citations": [
                {"source": c.source.slug, "quote": c.quote, "passage": c.passage.anchor if c.passage else ""}
                for c in flashcard.citations.all()
            ],
        }


# Views -------------------------------------------------------------------------------------------------------


def deck_param(request) -> cards.Deck:
    try:
        return cards.deck_from_key(request.query_params.get("deck") or "all")
    except UnknownDeck as error:
        raise exceptions.ValidationError({"deck": [str(error)]}) from None


@extend_schema_view(
    get=extend_schema(
        summary="List the decks with the caller's due and new cards",
        examples=[answers("All cards", examples.DECK_ALL), answers("A topic's deck", examples.DECK_TOPIC)],
    )
)
class DeckList(generics.ListAPIView):
    """The decks (all, by topic, by source, by quiz) with the caller's cards due now and new cards left today."""

    permission_classes = [IsPerson]
    serializer_class = DeckSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return models.Flashcard.objects.none()
        return cards.deck_summaries(student=self.request.user, now=timezone.now())


def queue_rows(queue: cards.Queue) -> list[dict]:
    flashcards = cards.with_card_content(queue.flashcards)
    states = {state.flashcard_id: state for state in queue.due}
    return [
        {
            "card": flashcard.pk,
            "is_new": flashcard.pk not in states,
            "state": states.get(flashcard.pk),
            "front": cards.card_front(flashcard, view_key=uuid.uuid4().hex),
            "back": cards.card_back(flashcard),
        }
        for flashcard in flashcards
    ]


class DueQueue(generics.GenericAPIView):
    """The caller's queue in a deck: cards due now (learning and overdue first), then new cards up to the daily
    cap. Each card comes with its front and its back (answer, citations, disagreements): show the back on reveal,
    then POST a review."""

    permission_classes = [IsPerson]
    serializer_class = QueueSerializer
    pagination_class = None

    @extend_schema(
        summary="The caller's due queue in a deck",
        parameters=[DECK_PARAMETER, OpenApiParameter("limit", int, description="1 to 100 cards (default 20).")],
        examples=[answers("A new card of a quiz's deck", examples.CARD_QUEUE)],
    )
    def get(self, request):
        deck = deck_param(request)
        raw_limit = request.query_params.get("limit", "20")
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 100:
            raise exceptions.ValidationError({"limit": ["A whole number from 1 to 100."]})
        queue = cards.due_queue(student=request.user, deck=deck, now=timezone.now(), limit=int(raw_limit))
        queue.cards = queue_rows(queue)
        return ApiResponse(self.get_serializer(queue).data)


@extend_schema_view(
    get=extend_schema(
        summary="The caller's review log, newest first",
        examples=[answers("A study review", examples.REVIEW_LOG_ENTRY)],
    )
)
class ReviewList(generics.ListAPIView):
    """Record a rating of a card (scheduled by FSRS); list the caller's own reviews.

    Idempotent per review_id: resending the same review answers 200 with the review first recorded and changes
    nothing; the same id with another card or rating is 409.
    """

    permission_classes = [IsPerson]
    serializer_class = CardReviewSerializer
    queryset = models.CardReview.objects.none()  # for the schema; get_queryset gives the rows

    def get_queryset(self):
        return cards.review_log(student=self.request.user, now=timezone.now())

    @extend_schema(
        summary="Rate a card",
        request=ReviewInputSerializer,
        responses={
            201: ReviewOutcomeSerializer,
            200: ReviewOutcomeSerializer,
            409: error_response(409, ("The review id rated another card", examples.REVIEW_ID_REUSED_ERROR)),
        },
        examples=[
            OpenApiExample("Good", value=examples.NEW_REVIEW, request_only=True),
            answers("Recorded", examples.REVIEW_OUTCOME, status_code=201),
            answers("Sent again: the review first recorded", examples.REVIEW_OUTCOME),
        ],
    )
    def post(self, request):
        body = ReviewInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        flashcard = cards.studied_cards(student=request.user).filter(pk=body.validated_data["card"]).first()
        if flashcard is None:
            raise exceptions.ValidationError({"card": ["No card to study has this id."]})
        review, created = scheduling.review_card(
            student=request.user,
            flashcard=flashcard,
            rating=body.validated_data["rating"],
            review_id=body.validated_data["review_id"],
            now=timezone.now(),
            duration_ms=body.validated_data.get("duration_ms"),
        )
        review.card_state = models.CardState.objects.get(student=request.user, flashcard=flashcard)
        return ApiResponse(
            ReviewOutcomeSerializer(review).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class CardStats(generics.GenericAPIView):
    """Statistics of the caller's flashcards; teachers and integrations may name a student of their courses."""

    serializer_class = StatsSerializer
    pagination_class = None

    @extend_schema(
        summary="Flashcard statistics: retention, reviews per day, cards by state, 14-day forecast",
        parameters=[OpenApiParameter("student", OpenApiTypes.STR, description="A username.")],
        examples=[answers("The demo student after a first session", examples.CARD_STATS)],
    )
    def get(self, request):
        username = request.query_params.get("student")
        if username:
            student = get_object_or_404(selectors.students_visible_to(request.user), username=username)
        elif is_integration(request.user):
            raise exceptions.ValidationError({"student": ["Name the course's student."]})
        else:
            student = request.user
        figures = cards.card_stats(student=student, now=timezone.now())
        figures.student = student.username
        figures.forecast = [{"day": day, "due": count} for day, count in figures.forecast]
        return ApiResponse(self.get_serializer(figures).data)


@extend_schema_view(
    get=extend_schema(summary="List teachers' own cards", examples=[answers("A cited card", examples.AUTHORED_CARD)])
)
class AuthoredCardList(generics.ListCreateAPIView):
    """Teachers' own cards (front, back, citations verified verbatim against the sources); teachers only."""

    permission_classes = [CanEditQuestionBank]
    serializer_class = AuthoredCardSerializer
    queryset = models.Flashcard.objects.none()  # for the model permissions; get_queryset gives the rows

    def get_queryset(self):
        return (
            models.Flashcard.objects.filter(question__isnull=True)
            .prefetch_related("topics", "citations__source", "citations__passage")
            .order_by("pk")
        )

    @extend_schema(
        summary="Author a card with citations (teachers); quotes are verified verbatim",
        examples=[
            OpenApiExample("A cited card", value=examples.NEW_AUTHORED_CARD, request_only=True),
            answers("Stored, its quote placed in its passage", examples.AUTHORED_CARD, status_code=201),
        ],
    )
    def post(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            flashcard = models.Flashcard.objects.create(
                front=body.validated_data["front"],
                back=body.validated_data["back"],
                is_published=body.validated_data["is_published"],
                author=request.user,
            )
            flashcard.topics.set(body.validated_data.get("topics", []))
            for citation in body.validated_data["citations"]:
                citation.flashcard = flashcard
                citation.save()
        return ApiResponse(self.get_serializer(self.get_queryset().get(pk=flashcard.pk)).data, status=201)
