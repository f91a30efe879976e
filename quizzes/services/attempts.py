"""Attempts: start (freezing each slot's question version, points and option order), save answers as they are
given, check a question, submit and score, regrade; and the review rules."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from quizzes.errors import (
    AnswerLocked,
    AttemptClosed,
    NoAttemptsLeft,
    NothingToCheck,
    QuestionNotInAttempt,
    QuizError,
    QuizNotOpen,
)
from quizzes.lti.services import grades as lti_grades
from quizzes.models import (
    Attempt,
    AttemptRegrade,
    AttemptSlot,
    Question,
    QuestionVersion,
    Quiz,
    QuizPool,
    QuizQuestion,
    Response,
    Topic,
)
from quizzes.models.sources import with_subtopics
from quizzes.services import scheduling
from quizzes.services.grading import check_answer_shape, grade_response
from quizzes.services.presentation import draw_option_order
from quizzes.services.versions import QuestionContent, content_of, record_version

CENTS = Decimal("0.01")
# What a page that only shows questions reads of a slot: never the version's key or the question's explanation.
WITHOUT_KEY = ("version__key", "question__explanation")


def quiz_is_open(*, quiz: Quiz, now: datetime) -> bool:
    return (
        quiz.status == Quiz.Status.PUBLISHED
        and (quiz.opens_at is None or quiz.opens_at <= now)
        and (quiz.closes_at is None or now < quiz.closes_at)
    )


def is_overdue(*, attempt: Attempt, now: datetime) -> bool:
    """True when an open attempt has run past its deadline (or its quiz has closed)."""
    if attempt.submitted_at is not None:
        return False
    return (attempt.deadline is not None and now >= attempt.deadline) or (
        attempt.quiz.closes_at is not None and now >= attempt.quiz.closes_at
    )


def attempt_percent(attempt: Attempt) -> float:
    """A submitted attempt's score as a percentage of its maximum, to one decimal (half up, as the database
    rounds it in class_results.ATTEMPT_PERCENT)."""
    if not attempt.max_score:
        return 0.0
    return float((attempt.score * 100 / attempt.max_score).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def attempts_left(*, quiz: Quiz, used: int) -> int | None:
    """How many more attempts the student may start; None when unlimited."""
    return None if quiz.max_attempts is None else max(0, quiz.max_attempts - used)


# The quiz's structure: fixed questions and pools ------------------------------------------------------------


def pool_candidates(pool: QuizPool):
    """The published questions a pool draws from: its topic's (subtopics included) or its chosen set."""
    questions = Question.objects.filter(status=Question.Status.PUBLISHED)
    if pool.topic_id:
        parent_of = dict(Topic.objects.values_list("id", "parent_id"))
        return questions.filter(topics__in=with_subtopics(pool.topic_id, parent_of)).distinct()
    return questions.filter(quiz_pools=pool)


def quiz_question_count(quiz: Quiz) -> int:
    """How many questions an attempt at the quiz shows: its fixed questions plus what its pools draw."""
    return quiz.quiz_questions.count() + sum(pool.draw_count for pool in quiz.pools.all())


# Starting: slots frozen -------------------------------------------------------------------------------------


def start_attempt(*, quiz: Quiz, student, now: datetime) -> Attempt:
    """Return the student's open attempt at the quiz, or a new one with its slots frozen.

    An open attempt past its deadline is submitted first. Raises QuizNotOpen or NoAttemptsLeft.
    """
    earlier = list(Attempt.objects.filter(quiz=quiz, student=student).select_related("quiz"))
    open_attempt = next((attempt for attempt in earlier if attempt.submitted_at is None), None)
    if open_attempt is not None:
        if not is_overdue(attempt=open_attempt, now=now):
            return open_attempt
        submit_attempt(attempt=open_attempt, now=now)
    if not quiz_is_open(quiz=quiz, now=now):
        raise QuizNotOpen(f'"{quiz.title}" is not open for attempts now.')
    used = len(earlier)
    if attempts_left(quiz=quiz, used=used) == 0:
        raise NoAttemptsLeft(f'You have used all {quiz.max_attempts} attempt(s) at "{quiz.title}".')
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
        if quiz.closes_at is not None:
            deadline = min(deadline, quiz.closes_at)
    seed = random.SystemRandom().randrange(2**31)
    try:
        # The database allows one open attempt per student and quiz; a concurrent start loses here.
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz, student=student, number=used + 1, started_at=now, deadline=deadline, shuffle_seed=seed
            )
            freeze_slots(attempt=attempt, now=now)
            return attempt
    except IntegrityError:
        return Attempt.objects.get(quiz=quiz, student=student, submitted_at__isnull=True)


@dataclass
class PlannedSlot:
    question: Question
    points: int
    pool: QuizPool | None = None


def plan_slots(*, attempt: Attempt) -> list[PlannedSlot]:
    """The attempt's questions in the quiz's order, pools drawn (avoiding what the student saw before)."""
    quiz = attempt.quiz
    links = list(QuizQuestion.objects.filter(quiz=quiz).select_related("question__current_version"))
    pools = list(quiz.pools.all())
    taken = {link.question_id for link in links}
    seen = set()
    if pools:
        seen = set(
            AttemptSlot.objects.filter(attempt__quiz=quiz, attempt__student_id=attempt.student_id).values_list(
                "question_id", flat=True
            )
        )
    rng = random.Random(f"{attempt.shuffle_seed}:pools")
    places: list[tuple[int, list[PlannedSlot]]] = [
        (link.position, [PlannedSlot(question=link.question, points=link.points)]) for link in links
    ]
    for pool in sorted(pools, key=lambda pool: pool.position):
        candidates = [q for q in pool_candidates(pool).select_related("current_version") if q.pk not in taken]
        candidates.sort(key=lambda question: question.pk)
        unseen = [question for question in candidates if question.pk not in seen]
        rng.shuffle(unseen)
        again = [question for question in candidates if question.pk in seen]
        rng.shuffle(again)
        drawn = (unseen + again)[: pool.draw_count]
        taken |= {question.pk for question in drawn}
        places.append((pool.position, [PlannedSlot(question=q, points=pool.points, pool=pool) for q in drawn]))
    planned = [slot for _, group in sorted(places, key=lambda place: place[0]) for slot in group]
    if quiz.shuffle_questions:
        random.Random(attempt.shuffle_seed).shuffle(planned)
    return planned


def freeze_slots(*, attempt: Attempt, now: datetime) -> list[AttemptSlot]:
    """Write the attempt's slots: position, the question's current version, points and the option order."""
    slots = []
    for position, planned in enumerate(plan_slots(attempt=attempt), start=1):
        question = planned.question
        version = question.current_version or record_version(question=question, now=now)
        content = content_of(version, slug=question.slug)
        rng = random.Random(f"{attempt.shuffle_seed}:{question.pk}")
        slots.append(
            AttemptSlot(
                attempt=attempt,
                position=position,
                question=question,
                version=version,
                points=planned.points,
                option_order=draw_option_order(content, rng=rng, shuffle_choices=attempt.quiz.shuffle_choices),
                pool=planned.pool,
            )  # fmt: skip
        )
    return AttemptSlot.objects.bulk_create(slots)


# Reading slots ----------------------------------------------------------------------------------------------


def attempt_slots(attempt: Attempt, *, with_key: bool, positions=None) -> list[AttemptSlot]:
    """The attempt's slots in order with their version and saved response (one query); without with_key the
    version's answer key is not even loaded. positions: only those slots."""
    slots = AttemptSlot.objects.filter(attempt=attempt).select_related("question", "version", "response")
    if not with_key:
        slots = slots.defer(*WITHOUT_KEY)
    if positions is not None:
        slots = slots.filter(position__in=positions)
    return list(slots.order_by("position"))


def slot_content(slot: AttemptSlot, *, with_key: bool) -> QuestionContent:
    return content_of(slot.version, slug=slot.question.slug, with_key=with_key)


def slot_response(slot: AttemptSlot) -> Response | None:
    """The slot's saved response, or None (the reverse one-to-one raises when there is none)."""
    try:
        return slot.response
    except Response.DoesNotExist:
        return None


def page_overview(attempt: Attempt) -> list[dict]:
    """Every slot's number and whether it is answered, for a page's question list (one query, no content)."""
    rows = AttemptSlot.objects.filter(attempt=attempt).order_by("position").values_list("position", "response")
    return [{"number": position, "answered": response is not None} for position, response in rows]


# Saving and checking answers --------------------------------------------------------------------------------


@dataclass
class SaveOutcome:
    """What save_answers stored, and the refusal of each answer it could not store (by question id)."""

    saved: list[Response] = field(default_factory=list)
    refused: dict[str, QuizError] = field(default_factory=dict)


def slots_by_slug(attempt: Attempt, slugs) -> dict[str, AttemptSlot]:
    """The attempt's slots for these question ids, with what is shown and the saved response (one query)."""
    return {
        slot.question.slug: slot
        for slot in AttemptSlot.objects.filter(attempt=attempt, question__slug__in=list(slugs))
        .select_related("question", "version", "response")
        .defer(*WITHOUT_KEY)
    }


def save_answer(*, attempt: Attempt, question_slug: str, answer, now: datetime) -> Response:
    """Store (or replace) the answer to one question of an open attempt; the same answer twice is stored once.

    Raises AttemptClosed (submitted, or out of time: the attempt is then submitted as it stands),
    QuestionNotInAttempt, InvalidAnswer, or AnswerLocked (the question was checked and its key shown).
    """
    outcome = save_answers(attempt=attempt, answers=[(question_slug, answer)], now=now)
    if question_slug in outcome.refused:
        raise outcome.refused[question_slug]
    return outcome.saved[0]


def save_answers(
    *, attempt: Attempt, answers: list[tuple[str, object]], now: datetime, slots: dict[str, AttemptSlot] | None = None
) -> SaveOutcome:
    """Store several answers (question id, answer) of an open attempt at once, in a fixed number of queries.

    Each answer is stored or refused on its own (QuestionNotInAttempt, InvalidAnswer, AnswerLocked); raises
    AttemptClosed when the attempt takes no answers at all (submitted, or out of time: it is then submitted).
    slots: slots_by_slug() for these answers, when the caller has read them already.
    """
    outcome = SaveOutcome()
    if slots is None:
        slots = slots_by_slug(attempt, [slug for slug, _ in answers])
    valid = []
    for slug, answer in answers:
        slot = slots.get(slug)
        try:
            if slot is None:
                raise QuestionNotInAttempt(f"Question {slug} is not part of this attempt.")
            check_answer_shape(question=slot_content(slot, with_key=False), answer=answer)
        except QuizError as error:
            outcome.refused[slug] = error
            continue
        valid.append((slot, answer))
    with transaction.atomic():
        # Row lock: a submit or another save of this attempt waits until this one is done.
        locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if locked.submitted_at is not None:
            raise AttemptClosed("This attempt has been submitted; it takes no more answers.")
        overdue = is_overdue(attempt=locked, now=now)
        if not overdue:
            store_responses(attempt=locked, answers=valid, now=now, outcome=outcome)
    if overdue:
        submit_attempt(attempt=locked, now=now)
        raise AttemptClosed("Time is up: the answer was not saved and the attempt was submitted as it stood.")
    return outcome


def store_responses(*, attempt: Attempt, answers, now: datetime, outcome: SaveOutcome) -> None:
    changed = []
    for slot, answer in answers:
        response = slot_response(slot)
        if response is not None and response.answer == answer:
            outcome.saved.append(response)
            continue
        if response is not None and response.checked_at is not None:
            outcome.refused[slot.question.slug] = AnswerLocked(
                "You checked this question and its key has been shown, so its answer can no longer change."
            )
            continue
        if response is None:
            response = Response(attempt=attempt, slot=slot, question_id=slot.question_id)
        response.answer, response.answered_at = answer, now
        changed.append(response)
        outcome.saved.append(response)
    if changed:
        # One statement inserts the new answers and replaces the changed ones.
        Response.objects.bulk_create(
            changed, update_conflicts=True, unique_fields=["slot"], update_fields=["answer", "answered_at"]
        )


def check_question(*, attempt: Attempt, question_slug: str, now: datetime) -> Response:
    """Lock the saved answer to one question and allow its key to be shown (review "after each question").

    Raises AttemptClosed, QuestionNotInAttempt, NothingToCheck (no answer saved, or the quiz reviews later).
    """
    if attempt.quiz.review_mode != Quiz.ReviewMode.PER_QUESTION:
        raise NothingToCheck("This quiz shows its keys only after submission, so questions are not checked one by one.")
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if locked.submitted_at is not None or is_overdue(attempt=locked, now=now):
            raise AttemptClosed("This attempt has been submitted; it takes no more answers.")
        response = (
            Response.objects.select_for_update()
            .filter(attempt=locked, question__slug=question_slug)
            .select_related("slot__version")
            .first()
        )
        if response is None:
            if not AttemptSlot.objects.filter(attempt=locked, question__slug=question_slug).exists():
                raise QuestionNotInAttempt(f"Question {question_slug} is not part of this attempt.")
            raise NothingToCheck("Save an answer to this question before checking it.")
        if response.checked_at is None:
            response.checked_at = now
            response.credit = grade_response(
                question=content_of(response.slot.version, slug=question_slug), answer=response.answer
            )
            response.save(update_fields=["checked_at", "credit"])
    return response


# Submitting, scoring and regrading --------------------------------------------------------------------------


def score_slots(slots: list[AttemptSlot], *, pass_mark: int) -> tuple[Decimal, Decimal, bool, list[Response]]:
    """Grade each answered slot by its own version; return score, maximum, passed and the graded responses."""
    score, graded = Decimal(0), []
    for slot in slots:
        response = slot_response(slot)
        if response is None:
            continue
        response.credit = grade_response(question=slot_content(slot, with_key=True), answer=response.answer)
        response.points = (Decimal(str(response.credit)) * slot.points).quantize(CENTS, ROUND_HALF_UP)
        score += response.points
        graded.append(response)
    max_score = Decimal(sum(slot.points for slot in slots))
    passed = bool(max_score) and score * 100 >= max_score * pass_mark
    return score, max_score, passed, graded


def submit_attempt(*, attempt: Attempt, now: datetime) -> Attempt:
    """Grade and close the attempt by its frozen slots; submitting again changes nothing. Returns it."""
    with transaction.atomic():
        # Row lock: of simultaneous submits, one scores the attempt and the others find it submitted.
        locked = Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
        if locked.submitted_at is not None:
            return locked
        slots = attempt_slots(locked, with_key=True)
        score, max_score, passed, graded = score_slots(slots, pass_mark=locked.quiz.pass_mark)
        Response.objects.bulk_update(graded, ["credit", "points"])
        # Quiz answers feed the student's flashcards (rule in scheduling.record_quiz_answers and the README).
        scheduling.record_quiz_answers(student_id=locked.student_id, now=now, submitting=locked)
        locked.score, locked.max_score, locked.passed = score, max_score, passed
        locked.submitted_at = min(now, locked.deadline) if locked.deadline else now
        if locked.quiz.closes_at is not None:
            locked.submitted_at = max(locked.started_at, min(locked.submitted_at, locked.quiz.closes_at))
        locked.save(update_fields=["score", "max_score", "passed", "submitted_at"])
        lti_grades.enqueue_attempt_score(attempt=locked, now=now)
    return locked


@dataclass
class RegradeChange:
    """How one submitted attempt's grade would change (or changed) when regraded to the latest versions."""

    attempt: Attempt
    old_score: Decimal
    new_score: Decimal
    old_passed: bool
    new_passed: bool
    slots: list[dict]

    @property
    def score_changes(self) -> bool:
        return self.old_score != self.new_score or self.old_passed != self.new_passed


def regradable_questions(*, quiz: Quiz) -> list[Question]:
    """Questions of the quiz's submitted attempts that were graded by an older version than their current one."""
    stale = AttemptSlot.objects.filter(attempt__quiz=quiz, attempt__submitted_at__isnull=False).exclude(
        version=F("question__current_version")
    )
    return list(Question.objects.filter(pk__in=stale.values("question_id")).order_by("slug"))


def regrade_quiz(*, quiz: Quiz, question_ids, by, now: datetime, dry_run: bool) -> list[RegradeChange]:
    """Regrade the quiz's submitted attempts to the current version of the chosen questions.

    Returns one RegradeChange per attempt whose slots move to a newer version. A dry run changes nothing; an
    applied regrade moves the slots, rescores, records an AttemptRegrade (who, when, old and new marks) per
    attempt and feeds nothing new to flashcards. Grades never change any other way.
    """
    wanted = set(question_ids)
    current = dict(Question.objects.filter(pk__in=wanted).values_list("pk", "current_version"))
    stale = Q()
    for question_id, version_id in current.items():
        if version_id is not None:
            stale |= Q(question_id=question_id) & ~Q(version_id=version_id)
    if not stale:
        return []
    attempt_ids = set(
        AttemptSlot.objects.filter(stale, attempt__quiz=quiz, attempt__submitted_at__isnull=False).values_list(
            "attempt_id", flat=True
        )
    )
    changes = []
    with transaction.atomic():
        attempts = Attempt.objects.select_for_update().filter(pk__in=attempt_ids).select_related("student")
        slots_by_attempt: dict[int, list[AttemptSlot]] = {}
        for slot in (
            AttemptSlot.objects.filter(attempt_id__in=attempt_ids)
            .select_related("question", "version", "response")
            .order_by("attempt_id", "position")
        ):
            slots_by_attempt.setdefault(slot.attempt_id, []).append(slot)
        versions = QuestionVersion.objects.in_bulk([v for v in current.values() if v is not None])
        for attempt in sorted(attempts, key=lambda a: (a.student.username, a.number)):
            slots = slots_by_attempt.get(attempt.pk, [])
            old_marks = {}
            for slot in slots:
                response = slot_response(slot)
                old_marks[slot.pk] = None if response is None else (response.credit, response.points)
            moved = []
            for slot in slots:
                new_version_id = current.get(slot.question_id)
                if new_version_id is not None and slot.version_id != new_version_id:
                    moved.append((slot, slot.version))
                    slot.version = versions[new_version_id]
            score, _, passed, graded = score_slots(slots, pass_mark=quiz.pass_mark)
            details = []
            for slot, old_version in moved:
                old = old_marks[slot.pk]
                response = slot_response(slot)
                details.append(
                    {
                        "position": slot.position,
                        "question": slot.question.slug,
                        "old_version": old_version.number,
                        "new_version": slot.version.number,
                        "old_credit": None if old is None else old[0],
                        "new_credit": None if response is None else response.credit,
                        "old_points": None if old is None else str(old[1]),
                        "new_points": None if response is None else str(response.points),
                    }
                )
            changes.append(
                RegradeChange(
                    attempt=attempt,
                    old_score=attempt.score,
                    new_score=score,
                    old_passed=attempt.passed,
                    new_passed=passed,
                    slots=details,
                )  # fmt: skip
            )
            if dry_run:
                continue
            AttemptSlot.objects.bulk_update([slot for slot, _ in moved], ["version"])
            Response.objects.bulk_update(graded, ["credit", "points"])
            AttemptRegrade.objects.create(
                attempt=attempt, regraded_by=by, regraded_at=now, old_score=attempt.score, new_score=score,
                old_passed=attempt.passed, new_passed=passed, changes=details,
            )  # fmt: skip
            attempt.score, attempt.passed = score, passed
            attempt.save(update_fields=["score", "passed"])
            lti_grades.enqueue_attempt_score(attempt=attempt, now=now)
        if dry_run:
            transaction.set_rollback(True)
    return changes
