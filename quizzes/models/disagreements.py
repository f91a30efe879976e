from django.db import models
from simple_history.models import HistoricalRecords

from .questions import VerifiedQuote
from .sources import Passage, Source, Topic


class DisagreementPoint(models.Model):
    """A question the sources answer differently ("How did Stalin die?"), with each source's position on it.

    A source with no position on a point is silent on it; a source that contradicts itself holds two positions.
    Questions about the point link to it (Question.disagreement) and show its positions in their key.
    """

    slug = models.SlugField(max_length=100, unique=True, help_text="Stable id used by the bank files and the API.")
    question = models.CharField(max_length=300, help_text="The point as a neutral question: 'How did Stalin die?'")
    stakes = models.TextField(help_text="A short neutral statement of what is at stake and who disagrees with whom.")
    topics = models.ManyToManyField(Topic, related_name="disagreement_points", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.question


class SourcePosition(models.Model):
    """What one source claims on a point, in our words, resting on its quotes (PositionQuote)."""

    point = models.ForeignKey(DisagreementPoint, on_delete=models.CASCADE, related_name="positions")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="positions")
    claim = models.CharField(max_length=300, help_text="One neutral line: what this source claims, in our words.")
    position = models.PositiveSmallIntegerField(default=0, help_text="Its place among the point's positions.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["point_id", "position", "id"]
        verbose_name = "source's position"
        verbose_name_plural = "sources' positions"

    def __str__(self):
        return f"{self.source.slug}: {self.claim}"


class PositionQuote(VerifiedQuote):
    """A verbatim quote a source's position rests on; its source is the position's."""

    source_position = models.ForeignKey(SourcePosition, on_delete=models.CASCADE, related_name="quotes")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="position_quotes")
    passage = models.ForeignKey(
        Passage, null=True, blank=True, on_delete=models.SET_NULL, related_name="position_quotes"
    )
    history = HistoricalRecords()

    class Meta(VerifiedQuote.Meta):
        ordering = ["source_position_id", "position", "id"]

    def __str__(self):
        return f"{self.source.slug}: “{self.quote}”"

    def save(self, *args, **kwargs):
        self.source_id = self.source_position.source_id
        super().save(*args, **kwargs)
