"""Read queries shared by the pages and the API."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from quizzes.models import Attempt, Citation, Course, Passage, Question, Quiz, QuizPool, Source
from quizzes.models.courses import is_integration
from quizzes.services import disagreements, secrecy
from quizzes.services.attempts import attempt_percent, attempts_left, quiz_is_open, quiz_question_count

User = get_user_model()


def sources_with_counts():
    """Sources in reading order, each with its number of passages and of published questions citing it."""
    return Source.objects.annotate(
        passage_count=Count("passages", distinct=True),
        citing_question_count=Count(
            "citations__question",
            filter=Q(citations__question__status=Question.Status.PUBLISHED),
            distinct=True,
        ),
    ).order_by("position", "slug")


def published_quizzes():
    """Published quizzes with the number of questions an attempt shows (fixed ones plus pool draws)."""
    pool_draws = Subquery(
        QuizPool.objects.filter(quiz=OuterRef("pk")).values("quiz").annotate(total=Sum("draw_count")).values("total")
    )
    return (
        Quiz.objects.filter(status=Quiz.Status.PUBLISHED)
        .annotate(question_count=Count("quiz_questions", distinct=True) + Coalesce(pool_draws, 0))
        .prefetch_related("pools__topic", "pools__questions")
        .order_by("title")
    )


def quizzes_for_student(student) -> list[dict]:
    """The published quizzes open now, each with the student's best score, attempts used and left."""
    now = timezone.now()
    quizzes = [quiz for quiz in published_quizzes() if quiz_is_open(quiz=quiz, now=now)]
    used = dict(
        Attempt.objects.filter(student=student).values("quiz_id").annotate(n=Count("id")).values_list("quiz_id", "n")
    )
    best = {}
    for attempt in Attempt.objects.filter(student=student, submitted_at__isnull=False).only(
        "quiz_id", "score", "max_score"
    ):
        best[attempt.quiz_id] = max(best.get(attempt.quiz_id, 0.0), attempt_percent(attempt))
    open_attempts = set(
        Attempt.objects.filter(student=student, submitted_at__isnull=True).values_list("quiz_id", flat=True)
    )
    return [
        {
            "quiz": quiz,
            "best_percent": best.get(quiz.pk),
            "attempts_used": used.get(quiz.pk, 0),
            "attempts_left": attempts_left(quiz=quiz, used=used.get(quiz.pk, 0)),
            "in_progress": quiz.pk in open_attempts,
        }
        for quiz in quizzes
    ]


def quiz_overview(*, quiz: Quiz, student) -> dict:
    """What the quiz page shows: the quiz, whether it is open, the student's attempts and what is left."""
    now = timezone.now()
    student_attempts = list(Attempt.objects.filter(quiz=quiz, student=student).order_by("number"))
    return {
        "quiz": quiz,
        "question_count": quiz_question_count(quiz),
        "is_open": quiz_is_open(quiz=quiz, now=now),
        "attempts": student_attempts,
        "open_attempt": next((a for a in student_attempts if a.submitted_at is None), None),
        "attempts_left": attempts_left(quiz=quiz, used=len(student_attempts)),
        "best_percent": max((attempt_percent(a) for a in student_attempts if a.submitted_at), default=None),
    }


def passages_with_visible_citations(*, source: Source, user) -> list[Passage]:
    """The source's passages, each with `cited` (whether any published question cites it), `visible_questions`
    (the citing questions this user has already answered and may review; never others, so nothing leaks) and
    `points` (the contested points it takes a side on, unless withheld from this user)."""
    now = timezone.now()
    reviewed = Value(False)
    if secrecy.takes_quizzes(user):
        reviewed = Exists(secrecy.revealed_responses(student=user, now=now).filter(question_id=OuterRef("question_id")))
    points = disagreements.passage_points(source=source, viewer=user, now=now)
    citations = (
        Citation.objects.filter(question__status=Question.Status.PUBLISHED)
        .select_related("question")
        .annotate(reviewed=reviewed)
    )
    passages = list(source.passages.prefetch_related(Prefetch("citations", queryset=citations)))
    for passage in passages:
        citing = {citation.question.pk: citation for citation in passage.citations.all()}
        passage.cited = bool(citing)
        passage.visible_questions = [citation.question for _, citation in sorted(citing.items()) if citation.reviewed]
        passage.points = points.get(passage.pk, [])
    return passages


def courses_managed_by(user):
    """Courses whose students the user (a teacher, an administrator or an integration) may act for or read."""
    if is_integration(user):
        return Course.objects.filter(pk=user.course.pk)
    if user.is_superuser:
        return Course.objects.all()
    return Course.objects.filter(teachers=user)


def students_visible_to(user):
    """Users whose attempts and progress the user may see: themselves, or the students of courses they manage."""
    if is_integration(user):
        return User.objects.filter(enrolled_courses=user.course)
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(Q(pk=user.pk) | Q(enrolled_courses__teachers=user)).distinct()


def students_taught_by(user):
    """The students whose results a teacher follows: those of the courses they teach (all, for a superuser)."""
    if user.is_superuser:
        return User.objects.filter(enrolled_courses__isnull=False).distinct()
    return User.objects.filter(enrolled_courses__teachers=user).distinct()
