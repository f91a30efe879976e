"""Flashcard decks, the due queue, the forecast and review statistics of one student, and what a card shows.

A deck is named by a key: "all", "topic:<slug>", "source:<slug>" (a cited source) or "quiz:<slug>".
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Window, prefetch_related_objects
from django.db.models.functions import TruncDate
from django.utils import timezone

from quizzes.errors import UnknownDeck
from quizzes.models import (
    CardCitation,
    CardReview,
    CardState,
    Flashcard,
    Question,
    Quiz,
    Source,
    Topic,
)
from quizzes.services import secrecy
from quizzes.services.presentation import (
    answer_key_for_review,
    keyed_option_order,
    question_for_student,
    row_quote,
    sources_of_rows,
)
from quizzes.services.scheduling import record_quiz_answers, sync_question_cards
from quizzes.services.versions import CONTENT_PREFETCHES, live_content

FORECAST_DAYS = 14
STATS_DAYS = 30


@dataclass(frozen=True)
class Deck:
    key: str
    kind: str
    title: str


@dataclass
class DeckSummary:
    """A deck's figures for one student; locked_count: its cards locked now (a quiz deck's unlock after a review
    of an attempt at that quiz, or when the exam embargoing them closes)."""

    deck: Deck
    card_count: int = 0
    due_count: int = 0
    new_count: int = 0
    locked_count: int = 0


@dataclass
class Queue:
    """What to study now: the cards due (oldest due first), then new cards up to today's cap; when there is
    nothing, when the next card is due and how many cards of the deck are locked (secrecy.locked_card_question_ids)."""

    deck: Deck
    due: list[CardState] = field(default_factory=list)
    new: list[Flashcard] = field(default_factory=list)
    due_count: int = 0
    new_left_today: int = 0
    next_due: datetime | None = None
    withheld_count: int = 0

    @property
    def flashcards(self) -> list[Flashcard]:
        return [state.flashcard for state in self.due] + self.new

    @property
    def is_empty(self) -> bool:
        return not self.due and not self.new


def studied_cards(*, student=None, now: datetime | None = None):
    """Cards that may be studied: those of published questions and teachers' published cards; for a student,
    without the cards locked for them now (see secrecy.locked_card_question_ids)."""
    published = Flashcard.objects.filter(
        Q(question__status=Question.Status.PUBLISHED) | Q(question__isnull=True, is_published=True)
    )
    if student is None:
        return published
    locked = secrecy.locked_card_question_ids(student=student, now=now or timezone.now())
    return published.exclude(question_id__in=locked)


def read_student_cards(*, student, now: datetime) -> set[int]:
    """Bring the student's cards up to date before they are read (quiz answers whose review has come since feed
    their cards now, see scheduling.record_quiz_answers); return the questions whose cards are locked now."""
    if not secrecy.is_exempt(student):
        record_quiz_answers(student_id=student.pk, now=now)
    return secrecy.locked_card_question_ids(student=student, now=now)


def deck_from_key(key: str) -> Deck:
    """The deck named by the key; raises UnknownDeck."""
    if key == "all":
        return Deck(key="all", kind="all", title="All cards")
    kind, _, slug = (key or "").partition(":")
    lookups = {
        "topic": lambda: Topic.objects.get(slug=slug).name,
        "source": lambda: Source.objects.get(slug=slug).display_name,
        "quiz": lambda: Quiz.objects.get(slug=slug, status=Quiz.Status.PUBLISHED).title,
    }
    if kind not in lookups or not slug:
        raise UnknownDeck(f"Unknown deck {key!r}: use all, topic:<slug>, source:<slug> or quiz:<slug>.")
    try:
        title = lookups[kind]()
    except (Topic.DoesNotExist, Source.DoesNotExist, Quiz.DoesNotExist):
        raise UnknownDeck(f"There is no {kind} {slug!r}.") from None
    return Deck(key=key, kind=kind, title=title)


def deck_filter(deck: Deck) -> Q:
    """The condition on Flashcard rows for membership of the deck (a topic's deck includes its subtopics)."""
    slug = deck.key.partition(":")[2]
    if deck.kind == "topic":
        topic = Q(slug=slug) | Q(parent__slug=slug)
        return Q(question__topics__in=Topic.objects.filter(topic)) | Q(topics__in=Topic.objects.filter(topic))
    if deck.kind == "source":
        return (
            Q(question__citations__source__slug=slug)
            | Q(question__disagreement__positions__source__slug=slug)
            | Q(citations__source__slug=slug)
        )
    if deck.kind == "quiz":
        return Q(question__quiz_questions__quiz__slug=slug)
    return Q()


def deck_cards(deck: Deck, *, student=None, now: datetime | None = None):
    """The studied cards of the deck (for a student, those they may study now), as a Flashcard queryset."""
    studied = studied_cards(student=student, now=now)
    if deck.kind == "all":
        return studied
    return studied.filter(pk__in=Flashcard.objects.filter(deck_filter(deck)).values("pk"))


def start_of_day(now: datetime) -> datetime:
    """Midnight of now's day in the site's time zone: new-card caps and charts count by that day."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def new_cards_left_today(*, student, now: datetime) -> int:
    """How many new cards the student may still start today (the cap counts cards first reviewed today)."""
    started_today = CardState.objects.filter(student=student, first_reviewed_at__gte=start_of_day(now)).count()
    return max(0, settings.FLASHCARDS["NEW_CARDS_PER_DAY"] - started_today)


def due_queue(*, student, deck: Deck, now: datetime, limit: int = 20) -> Queue:
    """The student's queue in the deck: due cards (up to limit) then new cards (up to today's cap and the limit)."""
    withheld = read_student_cards(student=student, now=now)
    in_deck = deck_cards(deck).exclude(question_id__in=withheld)
    due_states = CardState.objects.filter(student=student, due__lte=now).exclude(flashcard__question_id__in=withheld)
    if deck.kind == "all":
        due_states = due_states.filter(
            Q(flashcard__question__status=Question.Status.PUBLISHED)
            | Q(flashcard__question__isnull=True, flashcard__is_published=True)
        )
    else:
        due_states = due_states.filter(flashcard__in=in_deck)
    # The total comes with the first rows (a window count), saving a round trip to the database.
    due = list(
        due_states.select_related("flashcard").annotate(due_total=Window(Count("pk"))).order_by("due", "pk")[:limit]
    )
    due_count = due[0].due_total if due else 0
    new_left = new_cards_left_today(student=student, now=now)
    new = []
    room = min(new_left, limit - len(due))
    if room > 0:
        sync_question_cards()
        seen = CardState.objects.filter(student=student).values("flashcard_id")
        new = list(in_deck.exclude(pk__in=seen).order_by("pk")[:room])
    queue = Queue(deck=deck, due=due, new=new, due_count=due_count, new_left_today=new_left)
    if queue.is_empty:
        upcoming = CardState.objects.filter(student=student, due__gt=now, flashcard__in=in_deck).order_by("due").first()
        queue.next_due = upcoming.due if upcoming else None
        # Said on the empty page, so that a deck whose cards wait for a quiz does not look like an empty deck.
        queue.withheld_count = deck_cards(deck).filter(question_id__in=withheld).count() if withheld else 0
    return queue


def available_decks() -> list[Deck]:
    """Every deck: all cards, then each topic, source and published quiz."""
    decks = [Deck(key="all", kind="all", title="All cards")]
    topics = Topic.objects.order_by("position", "name")
    decks += [Deck(key=f"topic:{topic.slug}", kind="topic", title=topic.name) for topic in topics]
    sources = Source.objects.order_by("position")
    decks += [Deck(key=f"source:{source.slug}", kind="source", title=source.display_name) for source in sources]
    decks += [
        Deck(key=f"quiz:{q.slug}", kind="quiz", title=q.title)
        for q in Quiz.objects.filter(status=Quiz.Status.PUBLISHED).order_by("title")
    ]
    return decks


def deck_summaries(*, student, now: datetime) -> list[DeckSummary]:
    """Every non-empty deck with its number of cards, of cards due now, of new cards the student could start and
    of cards locked for them now.

    A fixed number of queries: deck membership of all studied cards is read once and matched in Python.
    """
    sync_question_cards()
    locked_questions = read_student_cards(student=student, now=now)
    rows = studied_cards().order_by()
    locked = set(rows.filter(question_id__in=locked_questions).values_list("pk", flat=True))
    members: dict[str, set[int]] = {"all": set(rows.values_list("pk", flat=True))}
    children = dict(Topic.objects.filter(parent__isnull=False).values_list("slug", "parent__slug"))
    lookups = (
        ("topic", "question__topics__slug"),
        ("topic", "topics__slug"),
        ("source", "question__citations__source__slug"),
        ("source", "question__disagreement__positions__source__slug"),
        ("source", "citations__source__slug"),
    )
    for kind, lookup in lookups:
        for card_id, slug in rows.filter(**{f"{lookup}__isnull": False}).values_list("pk", lookup):
            members.setdefault(f"{kind}:{slug}", set()).add(card_id)
            if kind == "topic" and slug in children:
                members.setdefault(f"topic:{children[slug]}", set()).add(card_id)
    in_quizzes = rows.filter(question__quiz_questions__quiz__status=Quiz.Status.PUBLISHED)
    for card_id, slug in in_quizzes.values_list("pk", "question__quiz_questions__quiz__slug"):
        members.setdefault(f"quiz:{slug}", set()).add(card_id)
    due_by_card = dict(CardState.objects.filter(student=student).values_list("flashcard_id", "due"))
    new_left = new_cards_left_today(student=student, now=now)
    summaries = []
    for deck in available_decks():
        in_deck = members.get(deck.key, set())
        if not in_deck:
            continue
        cards = in_deck - locked
        due_count = sum(1 for card_id in cards if card_id in due_by_card and due_by_card[card_id] <= now)
        unseen = sum(1 for card_id in cards if card_id not in due_by_card)
        summaries.append(
            DeckSummary(
                deck=deck,
                card_count=len(cards),
                due_count=due_count,
                new_count=min(unseen, new_left),
                locked_count=len(in_deck) - len(cards),
            )
        )
    return summaries


def with_card_content(flashcards):
    """Prefetch what card_front and card_back read, on a Flashcard queryset or a list of Flashcards."""
    question_rows = Question.objects.prefetch_related("topics", *CONTENT_PREFETCHES)
    lookups = (
        "topics",
        Prefetch("question", queryset=question_rows),
        Prefetch("citations", queryset=CardCitation.objects.select_related("source", "passage")),
    )
    if isinstance(flashcards, list):
        prefetch_related_objects(flashcards, *lookups)
        return flashcards
    return flashcards.prefetch_related(*lookups)


def card_front(flashcard: Flashcard, *, view_key: str) -> dict:
    """What the student is asked: the question's prompt with its options (never its key), or the card's front.
    The options are shuffled for this view (view_key: one per showing of the card)."""
    if flashcard.question_id:
        content = live_content(flashcard.question)
        order = keyed_option_order(content, salt=f"card-{flashcard.pk}:{view_key}")
        return {"card": flashcard.pk, **question_for_student(content, option_order=order)}
    return {"card": flashcard.pk, "id": None, "type": "basic", "prompt": flashcard.front}


def card_back(flashcard: Flashcard) -> dict:
    """The answer side: key, explanation, citations and disagreements as in the quiz review."""
    if flashcard.question_id:
        return answer_key_for_review(live_content(flashcard.question), sources=sources_of_rows(flashcard.question))
    return {
        "answer": [flashcard.back],
        "explanation": "",
        "citations": [row_quote(citation) for citation in flashcard.citations.all()],
        "disagreement": "",
        "disagreement_point": "",
        "stakes": "",
        "disagreements": [],
        "positions": [],
    }


def review_log(*, student, now: datetime):
    """The student's reviews, newest first, without those of cards locked for them now."""
    locked = read_student_cards(student=student, now=now)
    return (
        CardReview.objects.filter(student=student)
        .exclude(flashcard__question_id__in=locked)
        .order_by("-reviewed_at", "-pk")
    )


def forecast(*, student, now: datetime, days: int = FORECAST_DAYS) -> list[tuple[datetime, int]]:
    """Cards due on each of the next `days` days (today includes every overdue card)."""
    today = start_of_day(now)
    end = today + timedelta(days=days)
    counts = dict(
        CardState.objects.filter(student=student, due__lt=end)
        .annotate(day=TruncDate("due", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    rows = []
    for offset in range(days):
        day = (today + timedelta(days=offset)).date()
        count = counts.get(day, 0)
        if offset == 0:
            count += sum(n for past, n in counts.items() if past < day)
        rows.append((day, count))
    return rows


@dataclass
class DayReviews:
    day: object
    reviews: int
    passed: int
    retention: float | None


@dataclass
class CardStats:
    """A student's figures: reviews per day and retention over STATS_DAYS, cards by state, the forecast."""

    days: list[DayReviews]
    retention: float | None
    review_count: int
    cards_by_state: dict[str, int]
    forecast: list[tuple[object, int]]


def card_stats(*, student, now: datetime) -> CardStats:
    """The student's statistics. Retention counts reviews of cards in the Review state (passed = not Again)."""
    today = start_of_day(now)
    since = today - timedelta(days=STATS_DAYS - 1)
    tz = timezone.get_current_timezone()
    per_day = (
        CardReview.objects.filter(student=student, reviewed_at__gte=since, origin=CardReview.Origin.STUDY)
        .annotate(day=TruncDate("reviewed_at", tzinfo=tz))
        .values("day")
        .annotate(
            n=Count("id"),
            mature=Count("id", filter=Q(state_before=CardState.State.REVIEW)),
            passed=Count("id", filter=Q(state_before=CardState.State.REVIEW) & ~Q(rating=CardReview.Rating.AGAIN)),
        )
    )
    by_day = {row["day"]: row for row in per_day}
    days = []
    for offset in range(STATS_DAYS):
        day = (since + timedelta(days=offset)).date()
        row = by_day.get(day, {"n": 0, "mature": 0, "passed": 0})
        retention = round(100 * row["passed"] / row["mature"], 1) if row["mature"] else None
        days.append(DayReviews(day=day, reviews=row["n"], passed=row["passed"], retention=retention))
    mature = sum(row["mature"] for row in by_day.values())
    passed = sum(row["passed"] for row in by_day.values())
    locked = read_student_cards(student=student, now=now)
    by_state = dict(
        CardState.objects.filter(student=student)
        .exclude(flashcard__question_id__in=locked)
        .values("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    seen = sum(by_state.values())
    cards_by_state = {
        "new": max(0, studied_cards().exclude(question_id__in=locked).count() - seen),
        "learning": by_state.get(CardState.State.LEARNING, 0),
        "review": by_state.get(CardState.State.REVIEW, 0),
        "relearning": by_state.get(CardState.State.RELEARNING, 0),
    }
    return CardStats(
        days=days,
        retention=round(100 * passed / mature, 1) if mature else None,
        review_count=sum(row["n"] for row in by_day.values()),
        cards_by_state=cards_by_state,
        forecast=forecast(student=student, now=now),
    )
