"""Deep Linking: the published quizzes an instructor may place, and the resource links returned for them."""

from django.db.models import Count, Q, QuerySet
from lti_tool.models import LtiLaunch
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from quizzes.errors import LtiRefused
from quizzes.lti.services.launches import QUIZ_CUSTOM_PARAMETER
from quizzes.models import Quiz, Source, Topic


def placeable_quizzes(*, search: str = "", topic: str = "", source: str = "") -> QuerySet[Quiz]:
    """Return the published quizzes matching the title search, with a question on the topic or citing the source."""
    quizzes = Quiz.objects.filter(status=Quiz.Status.PUBLISHED)
    if search:
        quizzes = quizzes.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if topic:
        quizzes = quizzes.filter(questions__topics__slug=topic)
    if source:
        quizzes = quizzes.filter(questions__citations__source__slug=source)
    return quizzes.annotate(question_count=Count("quiz_questions", distinct=True)).order_by("title")


def search_choices() -> tuple[QuerySet[Topic], QuerySet[Source]]:
    """The topics and sources the picker offers to filter by."""
    return Topic.objects.order_by("name"), Source.objects.order_by("title")


def resource_links(*, slugs: list[str], launch_url: str) -> list[DeepLinkResource]:
    """Return one LTI resource link per chosen published quiz, each with a line item worth the quiz's points.

    Raises LtiRefused when nothing is chosen or a quiz is not published.
    """
    quizzes = {quiz.slug: quiz for quiz in Quiz.objects.filter(slug__in=slugs, status=Quiz.Status.PUBLISHED)}
    if not slugs or len(quizzes) != len(set(slugs)):
        raise LtiRefused("Choose one or more published quizzes.")
    resources = []
    for slug in slugs:
        quiz = quizzes[slug]
        line_item = LineItem().set_label(quiz.title).set_score_maximum(quiz_max_score(quiz=quiz))
        line_item.set_resource_id(quiz.slug).set_tag("quizsite")
        resources.append(
            DeepLinkResource()
            .set_url(launch_url)
            .set_title(quiz.title)
            .set_custom_params({QUIZ_CUSTOM_PARAMETER: quiz.slug})
            .set_lineitem(line_item)
        )
    return resources


def quiz_max_score(*, quiz: Quiz) -> float:
    """The quiz's maximum score: the sum of its questions' points."""
    return float(sum(link.points for link in quiz.quiz_questions.all()))


def deep_link_response_html(*, lti_launch: LtiLaunch, resources: list[DeepLinkResource]) -> str:
    """The self-submitting form that returns the resource links to the platform, signed with the tool's key."""
    return lti_launch.get_message_launch().get_deep_link().output_response_form(resources)
