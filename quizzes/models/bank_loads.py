from django.db import models


class BankLoadRecord(models.Model):
    """What load_bank last wrote for one bank item: a hash of its content as loaded.

    An item whose content in the database still has this hash has not been edited since (admin, API, import),
    so the files may update it; any other item is a teacher's work, kept unless `load_bank --force`.
    """

    class Kind(models.TextChoices):
        TOPIC = "topic", "Topic"
        QUESTION = "question", "Question"
        QUIZ = "quiz", "Quiz"
        POINT = "point", "Disagreement point"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    item = models.SlugField(max_length=100, help_text="The topic's slug, or the question's, quiz's or point's id.")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the item's content as load_bank wrote it.")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "item"], name="bank_load_record_once_per_item")]

    def __str__(self):
        return f"{self.kind} {self.item}"
