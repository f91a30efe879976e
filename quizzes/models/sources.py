from django.db import models
from django.utils.html import format_html

# How far a passage's opening runs before it is cut at a word: enough to recognise the paragraph by.
PASSAGE_OPENING_MAX_CHARS = 70


class Source(models.Model):
    """One of the documents the question bank is derived from, with its full text."""

    class Kind(models.TextChoices):
        ENCYCLOPEDIA = "encyclopedia", "Encyclopedia article"
        PARTISAN_WIKI = "partisan_wiki", "Partisan wiki page"
        PARTISAN_PUBLICATION = "partisan_publication", "Partisan publication"
        OPINION = "opinion", "Opinion piece"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=300, help_text="Publisher or site.")
    site = models.CharField(
        max_length=100,
        blank=True,
        help_text="The short publisher or site name the document shows, e.g. 'Wikipedia'; blank: the publisher.",
    )
    author = models.CharField(max_length=300, blank=True, help_text="Blank when the document names none.")
    date_label = models.CharField(
        max_length=100, blank=True, help_text="The date as the document gives it, e.g. 'March 2003'."
    )
    published_on = models.DateField(null=True, blank=True, help_text="Best known date, for sorting.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    perspective_label = models.CharField(max_length=100, help_text="A short neutral label of the standpoint.")
    perspective = models.TextField(help_text="A fair paragraph describing the standpoint.")
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64, editable=False)
    file_name = models.CharField(max_length=200, help_text="The file under fixtures/sources/ it was loaded from.")
    position = models.PositiveSmallIntegerField(default=0)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self):
        return self.display_name

    # Everywhere a source is named to a person it reads as publisher and title: two sources share the title
    # "Stalinism", and the publisher says whose standpoint a quote comes from.
    @property
    def display_name(self) -> str:
        """Publisher and title as plain text: 'Wikipedia — Stalinism'."""
        return f"{self.site or self.publisher} — {self.title}"

    @property
    def display_name_html(self) -> str:
        """display_name for a page, the title marked as the title of a work: 'Wikipedia — <cite>Stalinism</cite>'."""
        return format_html("{} — <cite>{}</cite>", self.site or self.publisher, self.title)


class PassageQuerySet(models.QuerySet):
    def citable(self):
        """The passages a quote may rest on: the document's own text, not its website furniture."""
        return self.filter(is_furniture=False)


class Passage(models.Model):
    """A citable paragraph of a source: anchor p-N is its number in reading order, start/end its range."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    number = models.PositiveIntegerField()
    anchor = models.SlugField(max_length=20)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    is_furniture = models.BooleanField(
        default=False,
        help_text="Website furniture (a donation appeal, navigation, a comment form), not the document's own "
        "text: shown folded and never citable. Marked by the source's metadata file.",
    )

    objects = PassageQuerySet.as_manager()

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="passage_number_unique_in_source"),
            models.UniqueConstraint(fields=["source", "anchor"], name="passage_anchor_unique_in_source"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="passage_range_not_empty"),
        ]

    def __str__(self):
        # The admin's passage picker lists passages by this label: the text's opening lets the teacher choose one.
        return f"{self.source.slug} #{self.anchor}: {self.opening()}"

    def opening(self) -> str:
        """The passage's opening words, which name it wherever it is linked (see opening_words)."""
        return opening_words(self.text)


def opening_words(text: str) -> str:
    """The opening of a passage's text: the whole text if short, else cut at a word with an ellipsis."""
    if len(text) <= PASSAGE_OPENING_MAX_CHARS:
        return text
    cut = text[: PASSAGE_OPENING_MAX_CHARS - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.–—-") + "…"


def with_subtopics(root, parent_of: dict) -> set:
    """The root topic and every topic below it, given each topic's parent (by id or by slug, as parent_of is)."""
    wanted, grew = {root}, True
    while grew:
        before = len(wanted)
        wanted |= {child for child, parent in parent_of.items() if parent in wanted}
        grew = len(wanted) > before
    return wanted


class Topic(models.Model):
    """A theme of the taxonomy that questions are filed under and progress is reported by."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name
