"""What the API shows and accepts. Serializers never query: views hand them prefetched objects."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quizzes import models
from quizzes.services import bank

MAX_ANSWER_TEXT = 300


class SourceSerializer(serializers.ModelSerializer):
    passage_count = serializers.IntegerField(read_only=True)
    citing_question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.Source
        fields = [
            "slug", "title", "publisher", "author", "date_label", "published_on", "kind", "perspective_label",
            "perspective", "passage_count", "citing_question_count",
        ]  # fmt: skip


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class PassageSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = models.Passage
        fields = ["id", "source", "anchor", "number", "text"]


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    question_count = serializers.IntegerField(read_only=True, help_text="Published questions filed under it.")

    class Meta:
        model = models.Topic
        fields = ["slug", "name", "description", "parent", "question_count"]


class QuizSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.Quiz
        fields = [
            "slug", "title", "description", "layout", "review_mode", "max_attempts", "time_limit_minutes",
            "pass_mark", "opens_at", "closes_at", "question_count",
        ]  # fmt: skip


class KeyedTextSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()


class StudentOptionsSerializer(serializers.Serializer):
    """What a student answers with; which fields appear depends on the question type. Never the key."""

    choices = KeyedTextSerializer(many=True, required=False, help_text="Choice questions and true/false.")
    blanks = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="Cloze blanks.")
    items = KeyedTextSerializer(many=True, required=False, help_text="Ordering: the items, in no useful order.")
    left = KeyedTextSerializer(many=True, required=False, help_text="Matching: the left side.")
    right = KeyedTextSerializer(many=True, required=False, help_text="Matching: the right side, shuffled.")


def student_options(question: models.Question) -> dict:
    """The options of a question as a student may see them, from prefetched rows (no key, no correct order)."""
    question_type = question.type
    if question_type in bank.CHOICE_TYPES or question_type == models.Question.Type.TRUE_FALSE:
        return {"choices": [{"key": choice.key, "text": choice.text} for choice in question.choices.all()]}
    if question_type == models.Question.Type.CLOZE:
        return {"blanks": sorted({int(n) for n in bank.CLOZE_BLANK_PATTERN.findall(question.prompt)})}
    if question_type == models.Question.Type.ORDERING:
        # Sorted by their opaque keys, which say nothing about the correct order.
        items = sorted(question.ordering_items.all(), key=lambda item: item.key)
        return {"items": [{"key": item.key, "text": item.text} for item in items]}
    if question_type == models.Question.Type.MATCHING:
        pairs = list(question.matching_pairs.all())
        rights = sorted(pairs, key=lambda pair: pair.right_key)
        return {
            "left": [{"key": pair.left_key, "text": pair.left} for pair in pairs],
            "right": [{"key": pair.right_key, "text": pair.right} for pair in rights],
        }
    return {}


class QuizQuestionSerializer(serializers.Serializer):
    """A question of a quiz as a student sees it before answering."""

    position = serializers.IntegerField()
    points = serializers.IntegerField()
    question = serializers.SlugField(source="question.slug")
    type = serializers.ChoiceField(source="question.type", choices=models.Question.Type.choices)
    prompt = serializers.CharField(source="question.prompt")
    difficulty = serializers.IntegerField(source="question.difficulty")
    topics = serializers.SerializerMethodField()
    options = serializers.SerializerMethodField()

    def get_topics(self, link) -> list[str]:
        return [topic.slug for topic in link.question.topics.all()]

    @extend_schema_field(StudentOptionsSerializer)
    def get_options(self, link):
        return student_options(link.question)


# The question bank ------------------------------------------------------------------------------------------


class ChoiceInputSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=20)
    text = serializers.CharField(max_length=500)


class QuoteInputSerializer(serializers.Serializer):
    source = serializers.SlugField(help_text="The source's slug, e.g. wikipedia.")
    passage = serializers.CharField(
        max_length=20, required=False, allow_null=True, help_text="Its passage anchor (p-N); checked when given."
    )
    quote = serializers.CharField(trim_whitespace=False, help_text="Verbatim from the source.")


class DisagreementInputSerializer(QuoteInputSerializer):
    claim = serializers.CharField(max_length=300, help_text="One neutral line: what this source claims.")


class BankQuestionSerializer(serializers.Serializer):
    """A question with its answer key, citations and disagreements, in the bank's format (teachers only).

    Input is checked exactly as `load_bank` and the admin check it: every quote must be verbatim in its source.
    """

    id = serializers.SlugField(max_length=100)
    type = serializers.ChoiceField(choices=models.Question.Type.choices)
    status = serializers.ChoiceField(choices=models.Question.Status.choices, default=models.Question.Status.DRAFT)
    framing = serializers.ChoiceField(choices=models.Question.Framing.choices)
    difficulty = serializers.ChoiceField(
        choices=models.Question.Difficulty.choices, default=models.Question.Difficulty.MEDIUM
    )
    topics = serializers.ListField(child=serializers.SlugField(), default=list)
    prompt = serializers.CharField()
    choices = ChoiceInputSerializer(many=True, required=False, help_text="Only for choice questions.")
    answer = serializers.JSONField(help_text="The key; its shape depends on the type (see the README).")
    explanation = serializers.CharField()
    citations = QuoteInputSerializer(many=True)
    disagreement_point = serializers.CharField(max_length=300, allow_blank=True, default="")
    disagreements = DisagreementInputSerializer(many=True, default=list)

    def to_representation(self, instance):
        return bank.export_question(instance)

    def validate_answer(self, answer):
        if any(len(text) > MAX_ANSWER_TEXT for text in strings_in(answer)):
            raise serializers.ValidationError(f"each text of the answer must be at most {MAX_ANSWER_TEXT} characters")
        return answer

    def validate(self, attrs):
        return plain(attrs)


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)


def plain(value):
    """Validated data as plain dicts and lists, the shape the bank's checks read."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


# Courses and integration keys -------------------------------------------------------------------------------


class CourseSerializer(serializers.ModelSerializer):
    student_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.Course
        fields = ["slug", "title", "student_count"]


class StudentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class IntegrationKeySerializer(serializers.ModelSerializer):
    class Meta:
        model = models.IntegrationKey
        fields = ["prefix", "name", "scope", "created", "expiry_date", "revoked"]
        read_only_fields = ["prefix", "created", "revoked"]


class NewIntegrationKeySerializer(IntegrationKeySerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once: only its hash is stored.")

    class Meta(IntegrationKeySerializer.Meta):
        fields = [*IntegrationKeySerializer.Meta.fields, "key"]
