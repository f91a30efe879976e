from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from lti_tool.models import LtiContext, LtiDeployment, LtiResourceLink, LtiUser

from quizzes.models import (
    Attempt,
    CardCitation,
    CardState,
    Choice,
    Citation,
    Course,
    DisagreementPoint,
    Flashcard,
    IntegrationKey,
    LtiPlacement,
    PositionQuote,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    Source,
    SourcePosition,
    Topic,
)
from quizzes.services.attempts import freeze_slots
from quizzes.services.sources import replace_passages, text_digest
from quizzes.services.versions import record_version

SAMPLE_TEXT = (
    "Stalinism\n\n"
    "Stalin’s regime used “show trials” against the Old Bolsheviks.\n"
    "The famine of 1932 – 1933 is disputed among historians.\n\n"
    "Trotsky was murdered in Mexico in 1940."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Source document {n}")
    publisher = "A publisher"
    kind = Source.Kind.ENCYCLOPEDIA
    perspective_label = "Encyclopedia"
    perspective = "Summarises historians."
    text = SAMPLE_TEXT
    text_sha256 = factory.LazyAttribute(lambda source: text_digest(source.text))
    file_name = factory.LazyAttribute(lambda source: f"{source.slug}.txt")

    @factory.post_generation
    def passages(source, create, extracted, **kwargs):
        if create:
            replace_passages(source=source)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question with two choices (b correct) and one citation of a fresh source."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"question-{n}")
    type = Question.Type.SINGLE_CHOICE
    prompt = "According to the source, where was Trotsky murdered?"
    explanation = "The source says he was murdered in Mexico."
    framing = Question.Framing.ATTRIBUTED
    status = Question.Status.PUBLISHED

    @factory.post_generation
    def answer_key(question, create, extracted, **kwargs):
        if create and question.type == Question.Type.SINGLE_CHOICE:
            Choice.objects.create(question=question, key="a", text="Norway", position=1)
            Choice.objects.create(question=question, key="b", text="Mexico", is_correct=True, position=2)

    @factory.post_generation
    def citation(question, create, extracted, **kwargs):
        if create:
            Citation.objects.create(question=question, source=SourceFactory(), quote="murdered in Mexico in 1940")

    @factory.post_generation
    def version(question, create, extracted, **kwargs):
        """Version 1, as every save through the admin, the API or the bank makes it."""
        if create:
            record_version(question=question, now=timezone.now())


class DisagreementPointFactory(factory.django.DjangoModelFactory):
    """A contested point; positions=[(source, claim, [quotes]), ...], by default two sources of the sample text."""

    class Meta:
        model = DisagreementPoint
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"point-{n}")
    question = factory.Sequence(lambda n: f"Contested point {n}?")
    stakes = "Two sources part ways on it."

    @factory.post_generation
    def positions(point, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [
                (SourceFactory(), "Says he was murdered in Mexico.", ["murdered in Mexico"]),
                (SourceFactory(), "Says the famine is disputed.", ["is disputed among historians"]),
            ]
        for number, (source, claim, quotes) in enumerate(extracted, start=1):
            position = SourcePosition.objects.create(point=point, source=source, claim=claim, position=number)
            for place, quote in enumerate(quotes, start=1):
                PositionQuote.objects.create(source_position=position, quote=quote, position=place)


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.Sequence(lambda n: f"Quiz {n}")
    status = Quiz.Status.PUBLISHED

    @factory.post_generation
    def n_questions(quiz, create, extracted, **kwargs):
        if create:
            for position in range(1, (extracted or 1) + 1):
                QuizQuestion.objects.create(quiz=quiz, question=QuestionFactory(), position=position)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt
        skip_postgeneration_save = True

    quiz = factory.SubFactory(QuizFactory)
    student = factory.SubFactory(UserFactory)
    number = 1
    started_at = factory.LazyFunction(timezone.now)
    shuffle_seed = 12345

    @factory.post_generation
    def slots(attempt, create, extracted, **kwargs):
        """Frozen as start_attempt freezes them, so the attempt shows and grades as a real one."""
        if create:
            freeze_slots(attempt=attempt, now=attempt.started_at)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    attempt = factory.SubFactory(AttemptFactory)
    question = factory.LazyAttribute(lambda response: response.attempt.quiz.questions.first())
    slot = factory.LazyAttribute(lambda response: response.attempt.slots.get(question=response.question))
    answer = "b"
    answered_at = factory.LazyFunction(timezone.now)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"course-{n}")
    title = factory.Sequence(lambda n: f"Course {n}")

    @factory.post_generation
    def teachers(course, create, extracted, **kwargs):
        if create and extracted:
            course.teachers.add(*extracted)

    @factory.post_generation
    def students(course, create, extracted, **kwargs):
        if create and extracted:
            course.students.add(*extracted)


def integration_key(*, course, scope=IntegrationKey.Scope.WRITE_RESULTS, name="LMS") -> str:
    """Create an integration key for the course and return the key itself (as a client sends it)."""
    return IntegrationKey.objects.create_key(course=course, name=name, scope=scope)[1]


class FlashcardFactory(factory.django.DjangoModelFactory):
    """A teacher's own card with one citation of a fresh source; cited=False for none."""

    class Meta:
        model = Flashcard
        skip_postgeneration_save = True

    front = factory.Sequence(lambda n: f"Where was Trotsky murdered? ({n})")
    back = "In Mexico, in 1940."

    @factory.post_generation
    def cited(flashcard, create, extracted, **kwargs):
        if create and extracted is not False:
            CardCitation.objects.create(flashcard=flashcard, source=SourceFactory(), quote="murdered in Mexico in 1940")


class CardStateFactory(factory.django.DjangoModelFactory):
    """A card in review, due a day ago, first reviewed a month ago."""

    class Meta:
        model = CardState

    student = factory.SubFactory(UserFactory)
    flashcard = factory.SubFactory(FlashcardFactory)
    state = CardState.State.REVIEW
    stability = 10.0
    difficulty = 5.0
    due = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    last_review = factory.LazyFunction(lambda: timezone.now() - timedelta(days=11))
    first_reviewed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    reps = 3


class LtiRegistrationFactory(factory.django.DjangoModelFactory):
    """A platform registered with the tool (django-lti's model)."""

    class Meta:
        model = "lti_tool.LtiRegistration"

    name = factory.Sequence(lambda n: f"LMS {n}")
    issuer = factory.Sequence(lambda n: f"https://lms-{n}.example.org")
    client_id = factory.Sequence(lambda n: f"client-{n}")
    auth_url = factory.LazyAttribute(lambda registration: f"{registration.issuer}/auth")
    token_url = factory.LazyAttribute(lambda registration: f"{registration.issuer}/token")
    keyset_url = factory.LazyAttribute(lambda registration: f"{registration.issuer}/jwks")


class GradeTargetFactory(factory.django.DjangoModelFactory):
    """A learner's launch of a placed quiz: their scores at it go to the placement's line item."""

    class Meta:
        model = "quizzes.GradeTarget"

    class Params:
        student = factory.SubFactory(UserFactory)
        quiz = factory.SubFactory(QuizFactory)
        lineitem_url = "http://127.0.0.1:8639/lineitems/1"

    placement = factory.LazyAttribute(lambda target: _placement(target))
    lti_user = factory.LazyAttribute(lambda target: _lti_user(target))


def _placement(target):
    registration = LtiRegistrationFactory()
    deployment = LtiDeployment.objects.create(registration=registration, deployment_id="1", is_active=True)
    context = LtiContext.objects.create(deployment=deployment, id_on_platform="course-1", title="LMS course")
    link = LtiResourceLink.objects.create(context=context, id_on_platform=f"link-{target.quiz.slug}")
    return LtiPlacement.objects.create(
        resource_link=link,
        quiz=target.quiz,
        lineitem_url=target.lineitem_url,
        review_base_url="https://quiz.example.org/",
    )


def _lti_user(target):
    return LtiUser.objects.create(
        registration=target.placement.resource_link.context.deployment.registration,
        sub=f"sub-{target.student.username}",
        auth_user=target.student,
    )


def quiz_of_every_type(*, review_mode=Quiz.ReviewMode.AFTER_SUBMISSION, **fields) -> Quiz:
    """A published quiz, one question per page, with the first shipped question of each type (needs the loaded
    bank), in the order of Question.Type."""
    quiz = QuizFactory.build(layout=Quiz.Layout.ONE_PER_PAGE, review_mode=review_mode, **fields)
    quiz.save()
    for position, question_type in enumerate(Question.Type.values, start=1):
        question = Question.objects.filter(type=question_type, status=Question.Status.PUBLISHED).order_by("slug")[0]
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz


def quiz_with(questions, **fields) -> Quiz:
    """A published quiz holding the given questions in order, one point each."""
    quiz = QuizFactory(n_questions=0, **fields)
    quiz.quiz_questions.all().delete()
    for position, question in enumerate(questions, start=1):
        QuizQuestion.objects.create(quiz=quiz, question=question, position=position)
    return quiz
