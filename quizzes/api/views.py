"""The REST API (v1): each view scopes its queryset to the caller, calls one service and serializes the result."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response as ApiResponse

from quizzes import models, selectors
from quizzes.api import examples, filters, serializers
from quizzes.api.permissions import CanEditQuestionBank, IsPerson
from quizzes.api.schema import ERROR_DESCRIPTIONS
from quizzes.models.courses import is_integration
from quizzes.services import attempts, authoring, bank, courses, grading, presentation, scope, secrecy
from quizzes.services.progress import student_progress

PUBLIC = [permissions.AllowAny]
User = get_user_model()


# Schema metadata: examples of what each operation answers and takes ----------------------------------------


def answers(name: str, value, *, status_code: int = 200) -> OpenApiExample:
    """A response example; on a paginated list view drf-spectacular wraps the one item in the page envelope."""
    return OpenApiExample(name, value=value, response_only=True, status_codes=[status_code])


def error_response(status_code: int, *named_bodies: tuple[str, dict]) -> OpenApiResponse:
    """An error response with examples, in the one Error shape the schema's postprocessing hook declares."""
    return OpenApiResponse(
        response={"$ref": "#/components/schemas/Error"},
        description=ERROR_DESCRIPTIONS[str(status_code)],
        examples=[OpenApiExample(name, value=body, response_only=True) for name, body in named_bodies],
    )


def query_filter(filterset, name: str, *named_values: tuple[str, str]) -> OpenApiParameter:
    """A filter's query parameter with examples; it replaces the generated one, so it keeps its help text."""
    return OpenApiParameter(
        name,
        str,
        description=filterset.base_filters[name].extra.get("help_text", ""),
        examples=[OpenApiExample(label, value=value) for label, value in named_values],
    )


def path_parameter(name: str, description: str, *named_values: tuple[str, str]) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        str,
        OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample(label, value=value) for label, value in named_values],
    )


SOURCE_SLUG = path_parameter("slug", "The source's slug.", ("The Wikipedia article", "wikipedia"))
QUIZ_SLUG = path_parameter("slug", "The published quiz's slug.", ("A first look", "first-look"))
COURSE_SLUG = path_parameter("slug", "The course's slug.", ("History 10B", "history-10b"))
NOT_FOUND = error_response(404, ("No such attempt among the caller's", examples.NOT_FOUND_ERROR))


# Sources, passages, topics: public reading ------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List the sources",
        examples=[
            answers("A partisan wiki", examples.SOURCE_REVOLUPEDIA),
            answers("The encyclopedia", examples.SOURCE_WIKIPEDIA),
        ],
    )
)
class SourceList(generics.ListAPIView):
    """The source documents, each with its standpoint and its numbers of passages and citing questions."""

    permission_classes = PUBLIC
    serializer_class = serializers.SourceSerializer

    def get_queryset(self):
        return selectors.sources_with_counts()


@extend_schema_view(
    get=extend_schema(
        summary="Read a source with its text",
        parameters=[SOURCE_SLUG],
        examples=[answers("The Wikipedia article (text shortened)", examples.SOURCE_DETAIL)],
    )
)
class SourceDetail(generics.RetrieveAPIView):
    """One source with its full text."""

    permission_classes = PUBLIC
    serializer_class = serializers.SourceDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.sources_with_counts()


@extend_schema_view(
    get=extend_schema(
        summary="List the passages",
        parameters=[query_filter(filters.PassageFilter, "source", ("The Wikipedia article", "wikipedia"))],
        examples=[answers("A paragraph of the Wikipedia article", examples.PASSAGE)],
    )
)
class PassageList(generics.ListAPIView):
    """The paragraphs of the sources, in reading order; filter with ?source=<slug>. Those marked is_furniture are
    the web page's furniture (a donation appeal, navigation, a comment form): no citation may rest on them."""

    permission_classes = PUBLIC
    serializer_class = serializers.PassageSerializer
    filterset_class = filters.PassageFilter

    def get_queryset(self):
        return models.Passage.objects.select_related("source").order_by("source__position", "source__slug", "number")


@extend_schema_view(
    get=extend_schema(
        summary="Read a passage",
        parameters=[
            OpenApiParameter(
                "id",
                int,
                OpenApiParameter.PATH,
                description="The passage's id.",
                examples=[OpenApiExample("Paragraph p-36 of the Wikipedia article", value=examples.PASSAGE["id"])],
            )
        ],
        description="One passage: its source, its anchor (p-N, as the citations name it) and its text.",
        examples=[answers("Paragraph p-36 of the Wikipedia article", examples.PASSAGE)],
    )
)
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


@extend_schema_view(
    get=extend_schema(
        summary="List the topics",
        parameters=[query_filter(filters.TopicFilter, "parent", ("Under the economy", "economy"))],
        examples=[answers("A top-level topic", examples.TOPIC)],
    )
)
class TopicList(generics.ListAPIView):
    """The taxonomy of topics; filter with ?parent=<slug>."""

    permission_classes = PUBLIC
    serializer_class = serializers.TopicSerializer
    filterset_class = filters.TopicFilter

    def get_queryset(self):
        return topics_with_counts().order_by("position", "name")


@extend_schema_view(
    get=extend_schema(
        summary="Read a topic",
        description="One topic, with the number of published questions filed under it.",
        parameters=[path_parameter("slug", "The topic's slug.", ("The economy", "economy"))],
        examples=[answers("The purges, terror and gulag", examples.TOPIC)],
    )
)
class TopicDetail(generics.RetrieveAPIView):
    """One topic."""

    permission_classes = PUBLIC
    serializer_class = serializers.TopicSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return topics_with_counts()


# Quizzes, as students see them ------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="List the published quizzes",
        parameters=[
            query_filter(filters.QuizFilter, "topic", ("On Trotsky", "trotsky")),
            query_filter(filters.QuizFilter, "source", ("Citing the CWI article", "cwi")),
        ],
        examples=[answers("A first look", examples.QUIZ)],
    )
)
class QuizList(generics.ListAPIView):
    """Published quizzes; filter by ?topic=, ?source= (a cited source) and ?type= (a question type)."""

    permission_classes = PUBLIC
    serializer_class = serializers.QuizSerializer
    filterset_class = filters.QuizFilter

    def get_queryset(self):
        return selectors.published_quizzes()


@extend_schema_view(
    get=extend_schema(
        summary="Read a published quiz",
        parameters=[QUIZ_SLUG],
        examples=[answers("A first look", examples.QUIZ)],
    )
)
class QuizDetail(generics.RetrieveAPIView):
    """One published quiz and its rules."""

    permission_classes = PUBLIC
    serializer_class = serializers.QuizSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.published_quizzes()


@extend_schema_view(
    get=extend_schema(
        summary="List a quiz's questions, without their keys",
        parameters=[QUIZ_SLUG],
        examples=[
            answers("A single-choice question", examples.QUIZ_QUESTION_SINGLE_CHOICE),
            answers("An ordering question (items shuffled)", examples.QUIZ_QUESTION_ORDERING),
        ],
    )
)
class QuizQuestionList(generics.ListAPIView):
    """The questions of a published quiz as a student sees them: prompt and options, never the answer key."""

    serializer_class = serializers.QuizQuestionSerializer
    queryset = models.QuizQuestion.objects.none()  # for the schema; get_queryset gives the rows

    def get_queryset(self):
        quiz = get_object_or_404(selectors.published_quizzes(), slug=self.kwargs["slug"])
        return (
            quiz.quiz_questions.select_related("question__current_version")
            .defer("question__current_version__key", "question__explanation")
            .prefetch_related("question__topics")
            .order_by("position")
        )


# The question bank, for teachers ----------------------------------------------------------------------------

BANK_EXAMPLE = OpenApiExample("A single-choice question", value=examples.NEW_QUESTION, request_only=True)
NEW_QUESTION_SLUG = path_parameter(
    "slug", "The question's id.", ("The question added above", examples.NEW_QUESTION["id"])
)
QUOTE_NOT_FOUND = error_response(400, ("A quote that is not verbatim in its source", examples.QUOTE_NOT_FOUND_ERROR))
BANK_QUESTION_ANSWER = answers("A published question on which the sources disagree", examples.BANK_QUESTION)
BANK_QUESTION_SLUG = path_parameter(
    "slug", "The question's id.", ("A question on Lenin", "leninism-who-says-anti-stalinism-is-anti-leninism")
)


@extend_schema_view(
    get=extend_schema(
        summary="List the question bank with answer keys (teachers)",
        parameters=[
            query_filter(filters.BankQuestionFilter, "topic", ("On Leninism", "leninism")),
            query_filter(filters.BankQuestionFilter, "source", ("Citing Revolupedia", "revolupedia")),
        ],
        examples=[BANK_QUESTION_ANSWER],
    ),
    post=extend_schema(
        summary="Add a question (teachers)",
        responses={201: serializers.BankQuestionSerializer, 400: QUOTE_NOT_FOUND},
        examples=[
            BANK_EXAMPLE,
            answers(
                "The question as stored, its quote placed in passage p-36",
                examples.NEW_QUESTION_STORED,
                status_code=201,
            ),
        ],
    ),
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
    get=extend_schema(
        summary="Read a question with its key (teachers)",
        parameters=[BANK_QUESTION_SLUG],
        examples=[BANK_QUESTION_ANSWER],
    ),
    put=extend_schema(
        summary="Replace a question (teachers)",
        parameters=[NEW_QUESTION_SLUG],
        responses={200: serializers.BankQuestionSerializer, 400: QUOTE_NOT_FOUND},
        examples=[BANK_EXAMPLE, answers("The question as stored", examples.NEW_QUESTION_STORED)],
    ),
    patch=extend_schema(
        summary="Change some fields of a question (teachers)",
        parameters=[NEW_QUESTION_SLUG],
        examples=[
            OpenApiExample("Publish it", value={"status": "published"}, request_only=True),
            answers("The question, published", {**examples.NEW_QUESTION_STORED, "status": "published"}),
        ],
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
        if kwargs.get("partial") and "disagreement" not in request.data and "disagreements" in request.data:
            wanted.pop("disagreement", None)  # entries in the older form name their point themselves
        wanted["id"] = existing.slug
        serializer = self.get_serializer(data=wanted)
        serializer.is_valid(raise_exception=True)
        question = authoring.save_question_entry(data=serializer.validated_data, existing=existing, author=request.user)
        return ApiResponse(self.get_serializer(question).data)


# Courses and integration keys -------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(summary="List the caller's courses", examples=[answers("A course", examples.COURSE)])
)
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


@extend_schema_view(
    get=extend_schema(
        summary="List a course's students (teachers, integrations)",
        parameters=[COURSE_SLUG],
        examples=[answers("A student", examples.STUDENT)],
    )
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
    get=extend_schema(
        summary="List a course's integration keys (teachers)",
        parameters=[COURSE_SLUG],
        examples=[answers("A results-writing key", examples.INTEGRATION_KEY)],
    ),
    post=extend_schema(
        summary="Create an integration key (teachers); the key is in the answer, once",
        parameters=[COURSE_SLUG],
        request=serializers.IntegrationKeySerializer,
        responses={201: serializers.NewIntegrationKeySerializer},
        examples=[
            OpenApiExample(
                "Results-writing key", value={"name": "Canvas", "scope": "write_results"}, request_only=True
            ),
            answers("The new key, shown this once", examples.NEW_INTEGRATION_KEY, status_code=201),
        ],
    ),
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


INTEGRATION_KEY_PATH = [
    COURSE_SLUG,
    path_parameter("prefix", "The key's prefix, the part before the dot.", ("The Canvas key", "5fO6aBmt")),
]


@extend_schema_view(
    get=extend_schema(
        summary="Read an integration key (teachers)",
        description="One integration key of a course: its name, scope, dates and whether it is revoked.",
        parameters=INTEGRATION_KEY_PATH,
        examples=[answers("A results-writing key", examples.INTEGRATION_KEY)],
    ),
    delete=extend_schema(
        summary="Revoke an integration key for good (teachers)",
        description="Revoke the key: calls with it fail from then on. Answers 204 with no body.",
        parameters=INTEGRATION_KEY_PATH,
        responses={204: None, 404: error_response(404, ("No such key in the course", examples.NO_SUCH_KEY_ERROR))},
    ),
)
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
    """The attempt's questions from its frozen slots, with the saved answers and, with_review, the keys it may
    show (the key is loaded only when some may be shown)."""
    per_question = attempt.quiz.review_mode == models.Quiz.ReviewMode.PER_QUESTION
    load_keys = with_review and (per_question or secrecy.review_allowed(attempt=attempt, now=now))
    slots = attempts.attempt_slots(attempt, with_key=load_keys)
    sources = presentation.review_sources() if load_keys else None
    embargoed = secrecy.embargoed_question_ids(now=now) if load_keys else set()
    rows = []
    for slot in slots:
        response = attempts.slot_response(slot)
        reveal = load_keys and secrecy.key_visible(
            attempt=attempt, question_id=slot.question_id, response=response, now=now, embargoed=embargoed
        )
        content = attempts.slot_content(slot, with_key=reveal)
        row = {
            "number": slot.position,
            "points": slot.points,
            "question": presentation.question_for_student(content, option_order=slot.option_order),
            "version": slot.version.number,
            "answer": None if response is None else response.answer,
            "answered_at": None if response is None else response.answered_at,
            "checked_at": None if response is None else response.checked_at,
        }
        if with_review:
            credit = None
            if reveal and response is not None:
                credit = response.credit
                if credit is None:
                    credit = grading.grade_response(question=content, answer=response.answer)
            row["credit"] = credit
            row["points_earned"] = response.points if reveal and response is not None else None
            row["review"] = presentation.answer_key_for_review(content, sources=sources) if reveal else None
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
        summary="Start or resume an attempt at a quiz",
        parameters=[QUIZ_SLUG],
        responses={
            201: serializers.AttemptSerializer,
            200: serializers.AttemptSerializer,
            403: error_response(403, ("A student starting for someone else", examples.START_FOR_ANOTHER_ERROR)),
        },
        examples=[
            OpenApiExample("An integration acting for a student", value={"student": "student"}, request_only=True),
            answers("A new attempt", examples.ATTEMPT_STARTED, status_code=201),
            answers("The open attempt, resumed", examples.ATTEMPT_STARTED, status_code=200),
        ],
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


@extend_schema_view(
    get=extend_schema(
        summary="List the attempts the caller may see",
        parameters=[
            query_filter(filters.AttemptFilter, "quiz", ("A first look", "first-look")),
            query_filter(filters.AttemptFilter, "student", ("The demo student", "student")),
        ],
        examples=[
            answers("A submitted attempt", examples.ATTEMPT_SUBMITTED),
            answers("An open attempt", examples.ATTEMPT_STARTED),
        ],
    )
)
class AttemptList(generics.ListAPIView):
    """Attempts the caller may see (their own; teachers and integrations: their students'); newest first."""

    serializer_class = serializers.AttemptSerializer
    filterset_class = filters.AttemptFilter
    queryset = models.Attempt.objects.none()

    def get_queryset(self):
        return visible_attempts(self.request.user).order_by("-started_at", "-id")


@extend_schema_view(
    get=extend_schema(
        summary="Read an attempt with its questions and saved answers",
        responses={200: serializers.AttemptDetailSerializer, 404: NOT_FOUND},
        examples=[answers("An open attempt: one answer saved, one question unanswered", examples.ATTEMPT_DETAIL)],
    )
)
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
        summary="Save the answer to a question of an open attempt",
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The attempt's id."),
            path_parameter(
                "question",
                "The question's id.",
                ("A single-choice question", examples.EXAMPLE_SINGLE_CHOICE["id"]),
            ),
        ],
        responses={
            200: serializers.SavedAnswerSerializer,
            400: error_response(
                400,
                ("No answer sent", examples.MISSING_ANSWER_ERROR),
                ("An option the question lacks", examples.INVALID_ANSWER_ERROR),
            ),
            409: error_response(409, ("The attempt is submitted", examples.ATTEMPT_CLOSED_ERROR)),
        },
        examples=[
            OpenApiExample("Single choice", value={"answer": "a"}, request_only=True),
            OpenApiExample("Short answer", value={"answer": "An example answer"}, request_only=True),
            OpenApiExample("Cloze", value={"answer": {"1": "example", "2": "answer"}}, request_only=True),
            OpenApiExample("Ordering", value={"answer": examples.EXAMPLE_ORDERING_ANSWER}, request_only=True),
            answers("The saved answer", examples.SAVED_ANSWER),
        ],
    )
    def put(self, request, pk, question):
        attempt = self.get_attempt(for_answering=True)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        if not models.Question.objects.filter(slug=question).exists():
            raise Http404("No such question.")
        saved = attempts.save_answer(
            attempt=attempt, question_slug=question, answer=body.validated_data["answer"], now=timezone.now()
        )
        return ApiResponse(serializers.SavedAnswerSerializer(saved).data)


class CheckAnswer(AttemptMixin, generics.GenericAPIView):
    """Review "after each question": lock the saved answer to one question and show its key. Saving never
    locks an answer; only this call does. 400 when nothing is saved yet or the quiz reviews later."""

    serializer_class = serializers.ResultQuestionSerializer

    @extend_schema(
        summary="Check one question of an open attempt (review after each question)",
        request=None,
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="The attempt's id."),
            path_parameter("question", "The question's id.", ("The example question", examples.EXAMPLE_QUESTION_ID)),
        ],
        responses={
            200: serializers.ResultQuestionSerializer,
            400: error_response(400, ("Nothing saved yet", examples.NOTHING_TO_CHECK_ERROR)),
            409: error_response(409, ("The attempt is submitted", examples.ATTEMPT_CLOSED_ERROR)),
        },
        examples=[answers("The checked question with its key", examples.CHECKED_QUESTION)],
    )
    def post(self, request, pk, question):
        attempt = self.get_attempt(for_answering=True)
        if not models.AttemptSlot.objects.filter(attempt=attempt, question__slug=question).exists():
            raise Http404("No such question in this attempt.")
        now = timezone.now()
        attempts.check_question(attempt=attempt, question_slug=question, now=now)
        row = next(row for row in attempt_rows(attempt, now=now, with_review=True) if row["question"]["id"] == question)
        return ApiResponse(self.get_serializer(row).data)


class RegradeQuiz(generics.GenericAPIView):
    """Regrade a quiz's submitted attempts to the latest version of chosen questions (teachers). A dry run
    (the default) lists each attempt whose score would change; applying it records who and when on each
    attempt and keeps the old marks. Grades never change otherwise."""

    serializer_class = serializers.RegradeRequestSerializer
    permission_classes = [CanEditQuestionBank]
    queryset = models.Quiz.objects.all()

    @extend_schema(
        summary="Regrade a quiz's attempts to the latest version of chosen questions (teachers)",
        parameters=[path_parameter("slug", "The quiz's slug.", ("The example quiz", "example-quiz"))],
        responses={200: serializers.RegradeSerializer},
        examples=[
            OpenApiExample(
                "A dry run", value={"questions": [examples.EXAMPLE_QUESTION_ID], "dry_run": True}, request_only=True
            ),
            answers("One attempt would pass", examples.REGRADE_PREVIEW),
        ],
    )
    def post(self, request, slug):
        quiz = get_object_or_404(scope.visible_quizzes(user=request.user), slug=slug)
        if not scope.may_edit_quiz(user=request.user, quiz=quiz):
            raise exceptions.PermissionDenied("You may regrade only quizzes you own or that belong to your courses.")
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        slugs = body.validated_data["questions"]
        question_ids = dict(models.Question.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        unknown = sorted(set(slugs) - set(question_ids))
        if unknown:
            raise exceptions.ValidationError({"questions": [f"No such question: {', '.join(unknown)}."]})
        changes = attempts.regrade_quiz(
            quiz=quiz, question_ids=question_ids.values(), by=request.user, now=timezone.now(),
            dry_run=body.validated_data["dry_run"],
        )  # fmt: skip
        document = {
            "quiz": quiz.slug,
            "dry_run": body.validated_data["dry_run"],
            "questions": slugs,
            "attempts": [change for change in changes if change.score_changes],
        }
        return ApiResponse(serializers.RegradeSerializer(document).data)


class SubmitAttempt(AttemptMixin, generics.GenericAPIView):
    """Submit and score the attempt; submitting again changes nothing and answers the same."""

    serializer_class = serializers.AttemptSerializer

    @extend_schema(
        summary="Submit and score an attempt",
        request=None,
        responses={
            200: serializers.AttemptSerializer,
            403: error_response(403, ("A read-only integration key", examples.READ_ONLY_KEY_ERROR)),
        },
        examples=[answers("Scored: 11 of 13 points", examples.ATTEMPT_SUBMITTED)],
    )
    def post(self, request, pk):
        attempt = self.get_attempt(for_answering=True)
        submitted = attempts.submit_attempt(attempt=attempt, now=timezone.now())
        submitted.student = attempt.student
        return ApiResponse(self.get_serializer(submitted).data)


@extend_schema_view(
    get=extend_schema(
        summary="Read an attempt's score and review",
        responses={200: serializers.AttemptResultSerializer, 404: NOT_FOUND},
        examples=[answers("A submitted attempt: one right answer, one wrong", examples.ATTEMPT_RESULT)],
    )
)
class AttemptResult(AttemptMixin, generics.GenericAPIView):
    """The score and, as the quiz's review setting allows, each question's key, explanation, citations (with
    the source's perspective and passage) and the sources' disagreements."""

    serializer_class = serializers.AttemptResultSerializer

    def get(self, request, pk):
        attempt = self.get_attempt()
        now = timezone.now()
        attempt.review_allowed = secrecy.review_allowed(attempt=attempt, now=now)
        attempt.question_rows = attempt_rows(attempt, now=now, with_review=True)
        return ApiResponse(self.get_serializer(attempt).data)


@extend_schema_view(
    get=extend_schema(
        summary="List the submitted attempts at a quiz (teachers, integrations)",
        parameters=[
            path_parameter("slug", "The quiz's slug.", ("A first look", "first-look")),
            query_filter(filters.QuizResultFilter, "student", ("The demo student", "student")),
        ],
        examples=[answers("A submitted attempt", examples.ATTEMPT_SUBMITTED)],
    )
)
class QuizResultList(generics.ListAPIView):
    """Submitted attempts at a quiz by the students the caller may see (teachers: their students)."""

    serializer_class = serializers.AttemptSerializer
    filterset_class = filters.QuizResultFilter
    queryset = models.Attempt.objects.none()

    def get_queryset(self):
        quiz = get_object_or_404(scope.visible_quizzes(user=self.request.user), slug=self.kwargs["slug"])
        return (
            visible_attempts(self.request.user)
            .filter(quiz=quiz, submitted_at__isnull=False)
            .order_by("student__username", "number")
        )


def progress_of(student) -> dict:
    report = student_progress(student=student, now=timezone.now())
    return {
        "student": student.username,
        "quizzes": report.quizzes,
        "topics": report.topics,
        "sources": report.sources,
        "history": report.history,
    }


@extend_schema_view(
    get=extend_schema(
        summary="Read the caller's progress",
        examples=[answers("After one attempt (lists shortened)", examples.PROGRESS)],
    )
)
class MyProgress(generics.GenericAPIView):
    """The caller's progress: per quiz, per topic, per source, and the history of submitted attempts."""

    permission_classes = [IsPerson]
    serializer_class = serializers.ProgressSerializer

    def get(self, request):
        return ApiResponse(self.get_serializer(progress_of(request.user)).data)


@extend_schema_view(
    get=extend_schema(
        summary="Read a student's progress (teachers, integrations)",
        parameters=[path_parameter("username", "The student's username.", ("The demo student", "student"))],
        examples=[answers("After one attempt (lists shortened)", examples.PROGRESS)],
    )
)
class StudentProgress(generics.GenericAPIView):
    """A student's progress, for their teachers and their course's integrations (and themselves)."""

    serializer_class = serializers.ProgressSerializer
    queryset = User.objects.none()

    def get(self, request, username):
        student = get_object_or_404(selectors.students_visible_to(request.user), username=username)
        return ApiResponse(self.get_serializer(progress_of(student)).data)
