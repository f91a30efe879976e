from django.db import models


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
        return self.title


class Passage(models.Model):
    """A citable paragraph of a source: anchor p-N is its number in reading order, start/end its range."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    number = models.PositiveIntegerField()
    anchor = models.SlugField(max_length=20)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="passage_number_unique_in_source"),
            models.UniqueConstraint(fields=["source", "anchor"], name="passage_anchor_unique_in_source"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="passage_range_not_empty"),
        ]

    def __str__(self):
        # The admin's passage picker lists passages by this label: the text's opening lets the teacher choose one.
        opening = self.text if len(self.text) <= 70 else self.text[:69].rstrip() + "…"
        return f"{self.source.slug} #{self.anchor}: {opening}"


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
