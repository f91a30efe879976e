"""The REST API (v1): each view scopes its queryset to the caller, calls one service and serializes the result."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response as ApiResponse

from quizzes import models, selectors
from quizzes.api import filters, serializers
from quizzes.api.permissions import CanEditQuestionBank, IsPerson
from quizzes.models.courses import is_integration
from quizzes.services import attempts, authoring, bank, courses, grading, presentation
from quizzes.services.progress import student_progress

PUBLIC = [permissions.AllowAny]
User = get_user_model()

QUESTION_EXAMPLE = {
    "id": "trotsky-murder-place",
    "type": "single_choice",
    "status": "draft",
    "framing": "attributed",
    "difficulty": 1,
    "topics": ["trotsky"],
    "prompt": "According to the Wikipedia article, where was Trotsky assassinated?",
    "choices": [{"key": "a", "text": "In Norway"}, {"key": "b", "text": "In Mexico"}],
    "answer": "b",
    "explanation": "The article says he was assassinated in Mexico in August 1940.",
    "citations": [{"source": "wikipedia", "quote": "In August 1940, Trotsky was assassinated in Mexico"}],
    "disagreement_point": "",
    "disagreements": [],
}


# Sources, passages, topics: public reading ------------------------------------------------------------------


class SourceList(generics.ListAPIView):
    """The source documents, each with its standpoint and its numbers of passages and citing questions."""

    permission_classes = PUBLIC
    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        return selectors.sources_with_counts()


class SourceDetail(generics.RetrieveAPIView):
    """One source with its full text."""

    permission_classes = PUBLIC
    serializer_class = serializers.SourceDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.sources_with_counts()


class PassageList(generics.ListAPIView):
    """Citable paragraphs of the sources, in reading order; filter with ?source=<slug>."""

    permission_classes = PUBLIC
    serializer_class = serializers.PassageSerializer
    filterset_class = filters.PassageFilter

    def get_queryset(self):
        return models.Passage.objects.select_related("source").order_by("source__position", "source__slug", "number")


class PassageDetail(generics.RetrieveAPIView):
    """One passage."""

    permission_classes = PUBLIC
    serializer_class = serializers.PassageSerializer

    def get_queryset(self):
        return models.Passage.objects.select_related("source")


def topics_with_counts():
    published = Q(questions__status=models.Question.Status.PUBLISHED)
    return models.Topic.objects.select_related("parent").annotate(
        question_count=Count("questions", filter=published, distinct=True)
    )


class TopicList(generics.ListAPIView):
    """The taxonomy of topics; filter with ?parent=<slug>."""

    permission_classes = PUBLIC
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilter

    def get_queryset(self):
        return topics_with_counts().order_by("position", "name")


class TopicDetail(generics.RetrieveAPIView):
    """One topic."""

    permission_classes = PUBLIC
    serializer_class = serializers.TopicSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return topics_with_counts()


# Quizzes, as students see them ------------------------------------------------------------------------------


class QuizList(generics.ListAPIView):
    """Published quizzes; filter by ?topic=, ?source= (a cited source) and ?type= (a question type)."""

    permission_classes = PUBLIC
    serializer_class = serializers.QuizSerializer
    filterset_class = filters.QuizFilter

    def get_queryset(self):
        return selectors.published_quizzes()


class QuizDetail(generics.RetrieveAPIView):
    """One published quiz and its rules."""

    permission_classes = PUBLIC
    serializer_class = serializers.QuizSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.published_quizzes()


class QuizQuestionList(generics.ListAPIView):
    """The questions of a published quiz as a student sees them: prompt and options, never the answer key."""

    serializer_class = serializers.QuizQuestionSerializer
    queryset = models.QuizQuestion.objects.none()  # for the schema; get_queryset gives the rows

    def get_queryset(self):
        quiz = get_object_or_404(selectors.published_quizzes(), slug=self.kwargs["slug"])
        return (
            quiz.quiz_questions.select_related("question")
            .prefetch_related(
                "question__topics", "question__choices", "question__ordering_items", "question__matching_pairs"
            )
            .order_by("position")
        )


# The question bank, for teachers ----------------------------------------------------------------------------

BANK_EXAMPLE = OpenApiExample("A single-choice question", value=QUESTION_EXAMPLE)


@extend_schema_view(
    get=extend_schema(summary="List the question bank with answer keys (teachers)"),
    post=extend_schema(summary="Add a question (teachers)", examples=[BANK_EXAMPLE]),
)
class BankQuestionList(generics.ListCreateAPIView):
    """The question bank with answer keys, citations and disagreements; filter by topic, source, type, status.

    A new question is checked as `load_bank` and the admin check it, with the same messages: every quote must be
    verbatim in its source, and a question on which the sources disagree may not be framed as plain fact.
    """

    permission_classes = [CanEditQuestionBank]
    serializer_class = serializers.BankQuestionSerializer
    filterset_class = filters.BankQuestionFilter
    queryset = models.Question.objects.none()  # for the model permissions; get_queryset gives the rows

    def get_queryset(self):
        return bank.questions_for_export().order_by("slug")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = authoring.save_question_entry(data=serializer.validated_data, existing=None, author=request.user)
        return ApiResponse(self.get_serializer(question).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    put=extend_schema(summary="Replace a question (teachers)", examples=[BANK_EXAMPLE]),
    patch=extend_schema(
        summary="Change some fields of a question (teachers)",
        examples=[OpenApiExample("Publish it", value={"status": "published"})],
    ),
)
class BankQuestionDetail(generics.RetrieveUpdateAPIView):
    """One question of the bank with its key. The id is the one in the URL; checks as for a new question."""

    permission_classes = [CanEditQuestionBank]
    serializer_class = serializers.BankQuestionSerializer
    lookup_field = "slug"
    queryset = models.Question.objects.none()

    def get_queryset(self):
        return bank.questions_for_export()

    def update(self, request, *args, **kwargs):
        existing = self.get_object()
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": ["Send a JSON object."]})
        wanted = {**bank.export_question(existing), **request.data} if kwargs.get("partial") else {**request.data}
        wanted["id"] = existing.slug
        serializer = self.get_serializer(data=wanted)
        serializer.is_valid(raise_exception=True)
        question = authoring.save_question_entry(data=serializer.validated_data, existing=existing, author=request.user)
        return ApiResponse(self.get_serializer(question).data)


# Courses and integration keys -------------------------------------------------------------------------------


class CourseList(generics.ListAPIView):
    """The caller's courses: taught or attended; an integration sees its own course."""

    serializer_class = serializers.CourseSerializer
    queryset = models.Course.objects.none()

    def get_queryset(self):
        user = self.request.user
        if is_integration(user) or user.is_superuser:
            visible = selectors.courses_managed_by(user)
        else:
            visible = models.Course.objects.filter(Q(teachers=user) | Q(students=user))
        ids = visible.values("pk")
        return (
            models.Course.objects.filter(pk__in=ids)
            .annotate(student_count=Count("students", distinct=True))
            .order_by("title", "slug")
        )


class CourseStudentList(generics.ListAPIView):
    """The students of a course (its teachers and integrations only)."""

    serializer_class = serializers.StudentSerializer
    queryset = User.objects.none()

    def get_queryset(self):
        course = get_object_or_404(selectors.courses_managed_by(self.request.user), slug=self.kwargs["slug"])
        return course.students.order_by("username")


class CourseKeyMixin:
    permission_classes = [IsPerson]
    queryset = models.IntegrationKey.objects.none()

    def get_course(self) -> models.Course:
        return get_object_or_404(selectors.courses_managed_by(self.request.user), slug=self.kwargs["slug"])


@extend_schema_view(
    post=extend_schema(
        summary="Create an integration key (teachers); the key is in the answer, once",
        request=serializers.IntegrationKeySerializer,
        responses={201: serializers.NewIntegrationKeySerializer},
        examples=[OpenApiExample("Results-writing key", value={"name": "Canvas", "scope": "write_results"})],
    )
)
class IntegrationKeyList(CourseKeyMixin, generics.ListCreateAPIView):
    """A course's integration keys (teachers of the course). Keys act only for the course's students."""

    serializer_class = serializers.IntegrationKeySerializer

    def get_queryset(self):
        return self.get_course().integration_keys.order_by("-created")

    def create(self, request, *args, **kwargs):
        course = self.get_course()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key, raw_key = courses.create_integration_key(
            course=course, created_by=request.user, **serializer.validated_data
        )
        key.key = raw_key
        return ApiResponse(serializers.NewIntegrationKeySerializer(key).data, status=status.HTTP_201_CREATED)


@extend_schema_view(delete=extend_schema(summary="Revoke an integration key for good (teachers)"))
class IntegrationKeyDetail(CourseKeyMixin, generics.RetrieveDestroyAPIView):
    """One integration key of a course; DELETE revokes it (calls with it fail from then on)."""

    serializer_class = serializers.IntegrationKeySerializer
    lookup_field = "prefix"

    def get_queryset(self):
        return self.get_course().integration_keys.all()

    def perform_destroy(self, instance):
        courses.revoke_integration_key(key=instance)


# Attempts, results and progress -----------------------------------------------------------------------------


def visible_attempts(user):
    """Attempts the caller may read: their own, or those of the students of the courses they manage."""
    return models.Attempt.objects.filter(student__in=selectors.students_visible_to(user)).select_related(
        "quiz", "student"
    )


def acting_student(user, username: str | None):
    """The student an attempt is started for: the caller, or for an integration the course's student named."""
    if is_integration(user):
        require_results_scope(user)
        if not username:
            raise exceptions.ValidationError({"student": ["Name the course's student to act for."]})
        student = selectors.students_visible_to(user).filter(username=username).first()
        if student is None:
            raise exceptions.ValidationError({"student": [f"{username!r} is not a student of this course."]})
        return student
    if username and username != user.username:
        raise exceptions.PermissionDenied("You can start attempts only for yourself.")
    return user


def require_results_scope(user) -> None:
    if not user.key.can_write_results:
        raise exceptions.PermissionDenied("This integration key is read-only; a results-writing key is needed.")


def check_may_answer(user, attempt: models.Attempt) -> None:
    """Only the student, or a results-writing integration of their course, answers and submits."""
    if is_integration(user):
        require_results_scope(user)
    elif attempt.student_id != user.pk:
        raise exceptions.PermissionDenied("Only the student taking the attempt may answer or submit it.")


def attempt_rows(attempt: models.Attempt, *, now, with_review: bool) -> list[dict]:
    """The attempt's questions in its order with the saved answers and, with_review, the keys it may show."""
    per_question = attempt.quiz.review_mode == models.Quiz.ReviewMode.PER_QUESTION
    links = attempts.attempt_questions(
        attempt, with_review=with_review and (per_question or attempts.review_allowed(attempt=attempt, now=now))
    )
    responses = {response.question_id: response for response in attempt.responses.all()}
    rows = []
    for number, link in enumerate(links, start=1):
        response = responses.get(link.question_id)
        row = {
            "number": number,
            "points": link.points,
            "question": presentation.question_for_student(link.question, attempt=attempt),
            "answer": None if response is None else response.answer,
            "answered_at": None if response is None else response.answered_at,
        }
        if with_review:
            reveal = attempts.question_review_allowed(attempt=attempt, answered=response is not None, now=now)
            credit = None
            if reveal and response is not None:
                credit = response.credit
                if credit is None:
                    credit = grading.grade_response(question=link.question, answer=response.answer)
            row["credit"] = credit
            row["points_earned"] = response.points if reveal and response is not None else None
            row["review"] = presentation.answer_key_for_review(link.question) if reveal else None
        rows.append(row)
    return rows


class AttemptMixin:
    queryset = models.Attempt.objects.none()  # for the schema; get_attempt scopes the rows

    def get_attempt(self, *, for_answering: bool = False) -> models.Attempt:
        attempt = get_object_or_404(visible_attempts(self.request.user), pk=self.kwargs["pk"])
        if for_answering:
            check_may_answer(self.request.user, attempt)
        return attempt


class StartAttempt(generics.GenericAPIView):
    """Start an attempt at a published quiz, or resume the open one (201 when new, 200 when resumed).

    Integrations with a results-writing key name the course's student in `student`.
    """

    serializer_class = serializers.StartAttemptSerializer
    queryset = models.Quiz.objects.none()

    @extend_schema(
        responses={201: serializers.AttemptSerializer, 200: serializers.AttemptSerializer},
        examples=[OpenApiExample("An integration acting for a student", value={"student": "student"})],
    )
    def post(self, request, slug):
        quiz = get_object_or_404(models.Quiz.objects.filter(status=models.Quiz.Status.PUBLISHED), slug=slug)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        student = acting_student(request.user, body.validated_data.get("student"))
        now = timezone.now()
        attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
        created = attempt.started_at == now
        return ApiResponse(
            serializers.AttemptSerializer(attempt).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class AttemptList(generics.ListAPIView):
    """Attempts the caller may see (their own; teachers and integrations: their students'); newest first."""

    serializer_class = serializers.AttemptSerializer
    filterset_class = filters.AttemptFilter
    queryset = models.Attempt.objects.none()

    def get_queryset(self):
        return visible_attempts(self.request.user).order_by("-started_at", "-id")


class AttemptDetail(AttemptMixin, generics.GenericAPIView):
    """An attempt with its questions in the attempt's order and the answers saved so far (never the key)."""

    serializer_class = serializers.AttemptDetailSerializer

    def get(self, request, pk):
        attempt = self.get_attempt()
        attempt.question_rows = attempt_rows(attempt, now=timezone.now(), with_review=False)
        return ApiResponse(self.get_serializer(attempt).data)


class SaveAnswer(AttemptMixin, generics.GenericAPIView):
    """Save the answer to one question of an open attempt. The same answer twice is stored once; a changed
    answer replaces the saved one. 409 once the attempt is submitted or out of time."""

    serializer_class = serializers.SaveAnswerSerializer

    @extend_schema(
        responses={200: serializers.SavedAnswerSerializer},
        examples=[
            OpenApiExample("Single choice", value={"answer": "a"}),
            OpenApiExample("Ordering", value={"answer": ["3f1c9a0b2d4e", "a81d77c0e5f2"]}),
        ],
    )
    def put(self, request, pk, question):
        attempt = self.get_attempt(for_answering=True)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        answered = get_object_or_404(
            models.Question.objects.prefetch_related(*attempts.ANSWER_KEY_PREFETCHES), slug=question
        )
        saved = attempts.save_answer(
            attempt=attempt, question=answered, answer=body.validated_data["answer"], now=timezone.now()
        )
        return ApiResponse(serializers.SavedAnswerSerializer(saved).data)


class SubmitAttempt(AttemptMixin, generics.GenericAPIView):
    """Submit and score the attempt; submitting again changes nothing and answers the same."""

    serializer_class = serializers.AttemptSerializer

    @extend_schema(request=None)
    def post(self, request, pk):
        attempt = self.get_attempt(for_answering=True)
        submitted = attempts.submit_attempt(attempt=attempt, now=timezone.now())
        submitted.student = attempt.student
        return ApiResponse(self.get_serializer(submitted).data)


class AttemptResult(AttemptMixin, generics.GenericAPIView):
    """The score and, as the quiz's review setting allows, each question's key, explanation, citations (with
    the source's perspective and passage) and the sources' disagreements."""

    serializer_class = serializers.AttemptResultSerializer

    def get(self, request, pk):
        attempt = self.get_attempt()
        now = timezone.now()
        attempt.review_allowed = attempts.review_allowed(attempt=attempt, now=now)
        attempt.question_rows = attempt_rows(attempt, now=now, with_review=True)
        return ApiResponse(self.get_serializer(attempt).data)


class QuizResultList(generics.ListAPIView):
    """Submitted attempts at a quiz by the students the caller may see (teachers: their students)."""

    serializer_class = serializers.AttemptSerializer
    filterset_class = filters.QuizResultFilter
    queryset = models.Attempt.objects.none()

    def get_queryset(self):
        quiz = get_object_or_404(models.Quiz, slug=self.kwargs["slug"])
        return (
            visible_attempts(self.request.user)
            .filter(quiz=quiz, submitted_at__isnull=False)
            .order_by("student__username", "number")
        )


def progress_of(student) -> dict:
    report = student_progress(student=student)
    return {
        "student": student.username,
        "quizzes": report.quizzes,
        "topics": report.topics,
        "sources": report.sources,
        "history": report.history,
    }


class MyProgress(generics.GenericAPIView):
    """The caller's progress: per quiz, per topic, per source, and the history of submitted attempts."""

    permission_classes = [IsPerson]
    serializer_class = serializers.ProgressSerializer

    def get(self, request):
        return ApiResponse(self.get_serializer(progress_of(request.user)).data)


class StudentProgress(generics.GenericAPIView):
    """A student's progress, for their teachers and their course's integrations (and themselves)."""

    serializer_class = serializers.ProgressSerializer
    queryset = User.objects.none()

    def get(self, request, username):
        student = get_object_or_404(selectors.students_visible_to(request.user), username=username)
        return ApiResponse(self.get_serializer(progress_of(student)).data)
