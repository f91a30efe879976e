"""The contested points over the API: who says what on each, who is silent, and the questions the caller may
review on it (the key-secrecy rule withholds a point that would answer a question they may not review yet)."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers

from quizzes import models
from quizzes.api import examples
from quizzes.api.views import PUBLIC, answers, path_parameter
from quizzes.services import disagreements


class PositionQuoteSerializer(serializers.Serializer):
    quote = serializers.CharField(help_text="Verbatim from the source.")
    passage = serializers.CharField(allow_null=True, help_text="The anchor of the passage that holds it (p-N).")
    passage_opening = serializers.CharField(help_text="The passage's first words, as a link to it reads.")


class PositionSerializer(serializers.Serializer):
    source = serializers.SlugField(source="source.slug", help_text="The source's slug.")
    source_title = serializers.CharField(source="source.title")
    source_publisher = serializers.CharField(source="source.publisher")
    source_name = serializers.CharField(source="source.display_name", help_text="Publisher and title.")
    claim = serializers.CharField(help_text="What the source claims on the point, in our words.")
    quotes = PositionQuoteSerializer(many=True)


class ReviewableQuestionSerializer(serializers.Serializer):
    id = serializers.SlugField(source="slug", help_text="The question's id in the bank.")
    prompt = serializers.CharField()
    attempt = serializers.IntegerField(source="attempt_id", help_text="The caller's attempt whose review shows it.")
    number = serializers.IntegerField(help_text="Its place in that attempt.")


class DisagreementPointSerializer(serializers.Serializer):
    """A contested point: who says what (a source contradicting itself holds two positions) and who is silent."""

    slug = serializers.SlugField()
    question = serializers.CharField(help_text="The point, as a neutral question.")
    stakes = serializers.CharField(help_text="What is at stake; empty while the point is withheld.")
    topics = serializers.SerializerMethodField()
    withheld = serializers.BooleanField(
        help_text="True while the point would answer a question the caller may not review yet (an exam holding "
        "it is open, or the caller is taking a quiz that asks it): positions and silent sources are then empty."
    )
    positions = PositionSerializer(many=True)
    silent_sources = serializers.SerializerMethodField()
    questions = ReviewableQuestionSerializer(
        source="reviewable", many=True, help_text="The questions on the point whose key the caller may review now."
    )

    def get_topics(self, point) -> list[str]:
        return [topic.slug for topic in point.topics]

    def get_silent_sources(self, point) -> list[str]:
        return [source.slug for source in point.silent]


TOPIC_FILTER = OpenApiParameter(
    "topic", str, description="Only the points filed under this topic (its slug).",
    examples=[OpenApiExample("Stalin's death", value="death-of-stalin")],
)  # fmt: skip
SOURCE_FILTER = OpenApiParameter(
    "source", str, description="Only the points on which this source takes a side (its slug).",
    examples=[OpenApiExample("The CWI article", value="cwi")],
)  # fmt: skip


@extend_schema_view(
    get=extend_schema(
        summary="List the points where the sources disagree",
        parameters=[TOPIC_FILTER, SOURCE_FILTER],
        examples=[answers("A made-up point", examples.DISAGREEMENT_POINT)],
    )
)
class DisagreementList(generics.ListAPIView):
    """Every contested point with each source's position, quoted, and the sources silent on it; filter with
    ?topic=<slug> and ?source=<slug>."""

    permission_classes = PUBLIC
    serializer_class = DisagreementPointSerializer
    queryset = models.DisagreementPoint.objects.none()  # for the schema; get_queryset gives the map's points

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the view without a request
            return self.queryset
        return disagreements.disagreement_map(
            viewer=self.request.user, now=timezone.now(), topic=self.request.query_params.get("topic") or None,
            source=self.request.query_params.get("source") or None,
        ).points  # fmt: skip


@extend_schema_view(
    get=extend_schema(
        summary="Read a point where the sources disagree",
        parameters=[path_parameter("slug", "The point's slug.", ("How Stalin died", "how-stalin-died"))],
        examples=[answers("A made-up point", examples.DISAGREEMENT_POINT)],
    )
)
class DisagreementDetail(generics.RetrieveAPIView):
    """One contested point: who says what, who is silent, and the questions on it the caller may review."""

    permission_classes = PUBLIC
    serializer_class = DisagreementPointSerializer
    queryset = models.DisagreementPoint.objects.none()  # for the schema; get_object reads the map

    def get_object(self):
        found = disagreements.disagreement_map(viewer=self.request.user, now=timezone.now(), slug=self.kwargs["slug"])
        if not found.points:
            raise Http404("No such contested point.")
        return found.points[0]
