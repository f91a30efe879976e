from django.contrib import admin
from django.db.models import Count
from django.urls import reverse

from quizzes.models import Passage, Source, Topic


class PassageInline(admin.TabularInline):
    """The source's paragraphs with their anchors and how many questions cite each (texts come from files)."""

    model = Passage
    fields = ["anchor", "is_furniture", "text", "citing_questions"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citing_count=Count("citations__question", distinct=True))

    @admin.display(description="questions citing it")
    def citing_questions(self, passage):
        return passage.citing_count

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that come from files (load_sources): listed and read, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Source)
class SourceAdmin(ReadOnlyAdmin):
    """Sources are loaded from fixtures/sources/ by load_sources; here they are read, never edited."""

    list_display = ["display_name", "slug", "kind", "perspective_label", "passage_count", "citing_question_count"]
    search_fields = ["title", "slug", "publisher", "site"]
    inlines = [PassageInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                passage_count=Count("passages", distinct=True),
                citing_question_count=Count("citations__question", distinct=True),
            )
        )

    @admin.display(description="source", ordering="title")
    def display_name(self, source):
        return source.display_name_html

    @admin.display(description="passages", ordering="passage_count")
    def passage_count(self, source):
        return source.passage_count

    @admin.display(description="questions citing it", ordering="citing_question_count")
    def citing_question_count(self, source):
        return source.citing_question_count

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Source._meta.fields if field.name != "id"]


@admin.register(Passage)
class PassageAdmin(ReadOnlyAdmin):
    """Read-only; it serves the passage picker of citations (search by source and text), which never offers
    website furniture."""

    list_display = ["source", "anchor", "is_furniture", "text"]
    list_filter = ["source", "is_furniture"]
    search_fields = ["source__slug", "source__title", "source__site", "anchor", "text"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path == reverse("admin:autocomplete"):
            queryset = queryset.citable()
        return queryset, may_have_duplicates


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "question_count"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions", distinct=True))

    @admin.display(description="questions", ordering="question_count")
    def question_count(self, topic):
        return topic.question_count
