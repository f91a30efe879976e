from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from quizzes.models import (
    AcceptedAnswer,
    Attempt,
    Choice,
    Citation,
    Course,
    DisagreementEntry,
    IntegrationKey,
    MatchingPair,
    OrderingItem,
    Passage,
    Question,
    Quiz,
    QuizQuestion,
    Response,
    Source,
    Topic,
)


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["anchor", "start", "end", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "kind", "perspective_label", "file_name"]
    readonly_fields = ["text", "text_sha256", "file_name", "loaded_at"]
    search_fields = ["title", "slug", "publisher"]
    inlines = [PassageInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    prepopulated_fields = {"slug": ["name"]}


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


class AcceptedAnswerInline(admin.TabularInline):
    model = AcceptedAnswer
    extra = 0


class OrderingItemInline(admin.TabularInline):
    model = OrderingItem
    extra = 0


class MatchingPairInline(admin.TabularInline):
    model = MatchingPair
    extra = 0


class CitationInline(admin.StackedInline):
    model = Citation
    fields = ["source", "passage", "quote", "position"]
    autocomplete_fields = ["passage"]
    extra = 0


class DisagreementEntryInline(admin.StackedInline):
    model = DisagreementEntry
    fields = ["source", "passage", "quote", "claim", "position"]
    autocomplete_fields = ["passage"]
    extra = 0


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["source", "anchor", "text"]
    list_filter = ["source"]
    search_fields = ["text", "source__slug", "anchor"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["slug", "type", "status", "framing", "difficulty", "updated_at"]
    list_filter = ["type", "status", "framing", "topics"]
    search_fields = ["slug", "prompt", "citations__quote"]
    filter_horizontal = ["topics"]
    inlines = [
        ChoiceInline, AcceptedAnswerInline, OrderingItemInline, MatchingPairInline, CitationInline,
        DisagreementEntryInline,
    ]  # fmt: skip


class QuizQuestionInline(admin.TabularInline):
    model = QuizQuestion
    autocomplete_fields = ["question"]
    extra = 0


@admin.register(Quiz)
class QuizAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "review_mode", "max_attempts", "time_limit_minutes"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    inlines = [QuizQuestionInline]


class ResponseInline(admin.TabularInline):
    model = Response
    extra = 0
    readonly_fields = ["question", "answer", "answered_at", "credit", "points"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["quiz", "student", "number", "started_at", "submitted_at", "score", "max_score", "passed"]
    list_filter = ["quiz"]
    inlines = [ResponseInline]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["teachers", "students"]


@admin.register(IntegrationKey)
class IntegrationKeyAdmin(APIKeyModelAdmin):
    """Keys are shown once, in a message, when created; revoking is for good."""

    list_display = [*APIKeyModelAdmin.list_display, "course", "scope"]
    list_filter = [*APIKeyModelAdmin.list_filter, "scope"]
    raw_id_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not obj.pk:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# The library's own key model is unused: integration keys carry a course and a scope.
admin.site.unregister(APIKey)


# Flashcards: teachers author their own cited cards here; a question's card shows the question and is not edited.
from quizzes.models import CardCitation, Flashcard  # noqa: E402


class CardCitationInline(admin.TabularInline):
    model = CardCitation
    fields = ["source", "passage", "quote", "position"]
    raw_id_fields = ["passage"]
    extra = 1


@admin.register(Flashcard)
class FlashcardAdmin(admin.ModelAdmin):
    """Each citation's quote is checked verbatim against its source on save, as for questions."""

    list_display = ["__str__", "question", "is_published", "author", "created_at"]
    list_filter = ["is_published", ("question", admin.EmptyFieldListFilter)]
    search_fields = ["front", "back", "question__slug"]
    fields = ["front", "back", "topics", "is_published", "question"]
    readonly_fields = ["question"]
    filter_horizontal = ["topics"]
    inlines = [CardCitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "author")

    def save_model(self, request, obj, form, change):
        if not obj.pk:
            obj.author = request.user
        super().save_model(request, obj, form, change)
