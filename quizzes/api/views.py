"""The REST API (v1): each view scopes its queryset to the caller, calls one service and serializes the result."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, status
from rest_framework.response import Response as ApiResponse

from quizzes import models, selectors
from quizzes.api import filters, serializers
from quizzes.api.permissions import CanEditQuestionBank, IsPerson
from quizzes.models.courses import is_integration
from quizzes.services import authoring, bank, courses

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
        return models.Course.objects.filter(pk__in=ids).annotate(student_count=Count("students", distinct=True))


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
