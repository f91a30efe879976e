"""Flashcards: teachers author their own cited cards; a question's card shows the question and is not edited."""

from django.contrib import admin

from quizzes.models import CardCitation, Flashcard, Passage


class CardCitationInline(admin.TabularInline):
    model = CardCitation
    fields = ["source", "passage", "quote", "position"]
    raw_id_fields = ["passage"]
    extra = 1

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "passage":
            kwargs["queryset"] = Passage.objects.citable()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
