"""Query filters of the lists (django-filter): by topic, source, type and status where they apply."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

from quizzes import models


class FilterBackend(DjangoFilterBackend):
    """django-filter, built only when the request names one of the view's filters: building and validating the
    filter form costs a list request more than its serializer does, and most requests filter nothing."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not filterset_class.base_filters.keys() & request.query_params.keys():
            return queryset
        return super().filter_queryset(request, queryset, view)


class PassageFilter(django_filters.FilterSet):
    source = django_filters.CharFilter(field_name="source__slug", help_text="A source's slug.")

    class Meta:
        model = models.Passage
        fields = ["source"]


class TopicFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__slug", help_text="The parent topic's slug.")

    class Meta:
        model = models.Topic
        fields = ["parent"]


class QuizFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter(
        field_name="quiz_questions__question__topics__slug", distinct=True, help_text="Quizzes asking on a topic."
    )
    source = django_filters.CharFilter(
        field_name="quiz_questions__question__citations__source__slug",
        distinct=True,
        help_text="Quizzes with questions citing a source.",
    )
    type = django_filters.ChoiceFilter(
        field_name="quiz_questions__question__type",
        choices=models.Question.Type.choices,
        distinct=True,
        help_text="Quizzes with a question of this type.",
    )

    class Meta:
        model = models.Quiz
        fields = ["topic", "source", "type"]


class BankQuestionFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter(field_name="topics__slug", distinct=True)
    source = django_filters.CharFilter(field_name="citations__source__slug", distinct=True)
    type = django_filters.ChoiceFilter(choices=models.Question.Type.choices)
    status = django_filters.ChoiceFilter(choices=models.Question.Status.choices)

    class Meta:
        model = models.Question
        fields = ["topic", "source", "type", "status"]


class AttemptFilter(django_filters.FilterSet):
    quiz = django_filters.CharFilter(field_name="quiz__slug", help_text="A quiz's slug.")
    student = django_filters.CharFilter(field_name="student__username", help_text="A student's username.")
    status = django_filters.ChoiceFilter(
        choices=[("open", "Open"), ("submitted", "Submitted")], method="filter_status", help_text="open or submitted"
    )

    class Meta:
        model = models.Attempt
        fields = ["quiz", "student", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=value == "open")


class QuizResultFilter(django_filters.FilterSet):
    student = django_filters.CharFilter(field_name="student__username", help_text="A student's username.")

    class Meta:
        model = models.Attempt
        fields = ["student"]
