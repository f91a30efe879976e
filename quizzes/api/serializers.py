"""What the API shows and accepts. Serializers never query: views hand them prefetched objects."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from quizzes import models, selectors
from quizzes.services import bank, presentation

MAX_ANSWER_TEXT = 300


class SourceSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(
        read_only=True, help_text="How to name the source to a reader: site or publisher, and title."
    )
    passage_count = serializers.IntegerField(read_only=True)
    citing_question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = models.Source
        fields = [
            "slug", "title", "publisher", "site", "display_name", "author", "date_label", "published_on", "kind",
            "perspective_label", "perspective", "passage_count", "citing_question_count",
        ]  # fmt: skip


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "text"]


class PassageSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = models.Passage
        fields = ["id", "source", "anchor", "number", "text", "opening", "is_furniture"]

    opening = serializers.CharField(
        read_only=True, help_text="The passage's opening words: the text of a link to it (the anchor is its href)."
    )


class TopicSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    question_count = serializers.IntegerField(read_only=True, help_text="Published questions filed under it.")

    class Meta:
        model = models.Topic
        fields = ["slug", "name", "description", "parent", "question_count"]


class QuizPoolSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    questions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = models.QuizPool
        fields = ["position", "topic", "questions", "draw_count", "points"]


class QuizSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(
        read_only=True, help_text="How many questions an attempt shows: the fixed ones and what the pools draw."
    )
    pools = QuizPoolSerializer(
        many=True, read_only=True, help_text="Places filled by questions drawn at random when an attempt starts."
    )

    class Meta:
        model = models.Quiz
        fields = [
            "slug", "title", "description", "is_practice", "layout", "review_mode", "max_attempts",
            "time_limit_minutes", "pass_mark", "opens_at", "closes_at", "question_count", "pools",
        ]  # fmt: skip


class KeyedTextSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()


class ClozeSegmentSerializer(serializers.Serializer):
    text = serializers.CharField(required=False)
    blank = serializers.CharField(required=False)


class StudentQuestionSerializer(serializers.Serializer):
    """A question as a student sees it before review (quizzes.services.presentation): never the key.

    Which option fields appear depends on the type: `options` (choice questions and true/false), `segments`
    and `blanks` (cloze), `items` (ordering, shuffled), `left` and `right` (matching, right side shuffled).
    """

    id = serializers.SlugField()
    type = serializers.ChoiceField(choices=models.Question.Type.choices)
    prompt = serializers.CharField()
    options = KeyedTextSerializer(many=True, required=False)
    segments = ClozeSegmentSerializer(many=True, required=False)
    blanks = serializers.ListField(child=serializers.CharField(), required=False)
    items = KeyedTextSerializer(many=True, required=False)
    left = KeyedTextSerializer(many=True, required=False)
    right = KeyedTextSerializer(many=True, required=False)


class QuizQuestionSerializer(serializers.Serializer):
    """A question of a quiz as a student sees it before answering (options in a neutral order)."""

    position = serializers.IntegerField()
    points = serializers.IntegerField()
    difficulty = serializers.IntegerField(source="question.difficulty")
    topics = serializers.SerializerMethodField()
    question = serializers.SerializerMethodField()

    def get_topics(self, link) -> list[str]:
        return [topic.slug for topic in link.question.topics.all()]

    @extend_schema_field(StudentQuestionSerializer)
    def get_question(self, link):
        content = presentation.shown_content(link.question)
        order = presentation.keyed_option_order(content, salt="quiz-questions")
        return presentation.question_for_student(content, option_order=order)


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
    disagreement = serializers.SlugField(
        max_length=100, required=False, allow_blank=True,
        help_text="The id of the contested point the question asks about (GET /api/v1/disagreements/); its key "
        "then shows every source's position. Beside it, disagreement_point and disagreements are read-only: they "
        "mirror the point.",
    )  # fmt: skip
    disagreement_point = serializers.CharField(
        max_length=300, allow_blank=True, default="",
        help_text="The contested point's question. Without `disagreement`, a point asked in these words is linked "
        "(one is made if none is), and the entries it lacks are added to it.",
    )  # fmt: skip
    disagreements = DisagreementInputSerializer(
        many=True, default=list, help_text="Each source's position, quoted: the point's positions, one per quote."
    )

    def to_representation(self, instance):
        return bank.export_question_with_entries(instance)

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
        # The model's name has a None default, which would make it optional here; a key must say what it is for.
        extra_kwargs = {"name": {"required": True, "allow_null": False}}


class NewIntegrationKeySerializer(IntegrationKeySerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once: only its hash is stored.")

    class Meta(IntegrationKeySerializer.Meta):
        fields = [*IntegrationKeySerializer.Meta.fields, "key"]


# Attempts, results and progress -----------------------------------------------------------------------------


class StartAttemptSerializer(serializers.Serializer):
    student = serializers.CharField(
        required=False,
        help_text="Integrations: the username of the course's student to act for. People start their own.",
    )


class AttemptSerializer(serializers.ModelSerializer):
    quiz = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    student = serializers.SlugRelatedField(slug_field="username", read_only=True)
    status = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()

    class Meta:
        model = models.Attempt
        fields = [
            "id", "quiz", "student", "number", "status", "started_at", "deadline", "submitted_at", "score",
            "max_score", "percent", "passed",
        ]  # fmt: skip

    def get_status(self, attempt) -> str:
        return "submitted" if attempt.is_submitted else "open"

    def get_percent(self, attempt) -> float | None:
        return selectors.attempt_percent(attempt) if attempt.is_submitted else None


class AttemptQuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    points = serializers.IntegerField()
    question = StudentQuestionSerializer()
    version = serializers.IntegerField(help_text="The version of the question this attempt shows and grades by.")
    answer = serializers.JSONField(allow_null=True, help_text="The saved answer, null when unanswered.")
    answered_at = serializers.DateTimeField(allow_null=True)
    checked_at = serializers.DateTimeField(
        allow_null=True, help_text='Review "after each question": when the answer was checked (then locked).'
    )


class AttemptDetailSerializer(AttemptSerializer):
    questions = AttemptQuestionSerializer(many=True, source="question_rows")

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "questions"]


class SaveAnswerSerializer(serializers.Serializer):
    answer = serializers.JSONField(
        help_text=(
            "single_choice and true_false: an option key; multiple_choice: a list of option keys; short_answer: "
            'text; cloze: {"1": text, ...}; ordering: the item keys in order; matching: {left key: right key}.'
        )
    )


class SavedAnswerSerializer(serializers.Serializer):
    question = serializers.SlugField(source="question.slug")
    answer = serializers.JSONField()
    answered_at = serializers.DateTimeField()


class ReviewQuoteSerializer(serializers.Serializer):
    source = serializers.SlugField()
    source_title = serializers.CharField()
    source_name = serializers.CharField(
        help_text="How to name the source to a reader: publisher and title, e.g. 'Wikipedia — Stalinism' (two "
        "sources share a title)."
    )
    perspective_label = serializers.CharField()
    passage = serializers.CharField(allow_null=True, help_text="The anchor (p-N) of the passage quoted.")
    passage_opening = serializers.CharField(
        allow_null=True, help_text="The passage's opening words: the text of a link to it (the anchor is its href)."
    )
    quote = serializers.CharField()


class ReviewDisagreementSerializer(ReviewQuoteSerializer):
    claim = serializers.CharField()


class ReviewSerializer(serializers.Serializer):
    answer = serializers.ListField(child=serializers.CharField(), help_text="The key in words.")
    explanation = serializers.CharField()
    citations = ReviewQuoteSerializer(many=True)
    disagreement_point = serializers.CharField(allow_blank=True)
    disagreements = ReviewDisagreementSerializer(many=True)


class ResultQuestionSerializer(AttemptQuestionSerializer):
    credit = serializers.FloatField(allow_null=True, help_text="0 to 1; null until graded.")
    points_earned = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    review = ReviewSerializer(
        allow_null=True, help_text="Key, explanation, citations and disagreements; null until the quiz allows it."
    )


class AttemptResultSerializer(AttemptSerializer):
    review_allowed = serializers.BooleanField(help_text="Whether the keys are shown (the quiz's review setting).")
    questions = ResultQuestionSerializer(many=True, source="question_rows")

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "review_allowed", "questions"]


class QuizProgressSerializer(serializers.Serializer):
    quiz = serializers.SlugField(source="quiz.slug")
    title = serializers.CharField(source="quiz.title")
    attempts_used = serializers.IntegerField()
    attempts_left = serializers.IntegerField(allow_null=True, help_text="Null when unlimited.")
    best_percent = serializers.FloatField(allow_null=True)
    last_submitted_at = serializers.DateTimeField(allow_null=True)


class MasterySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    questions_total = serializers.IntegerField()
    questions_answered = serializers.IntegerField()
    coverage = serializers.FloatField()
    percent = serializers.FloatField(allow_null=True)
    level = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    attempt_id = serializers.IntegerField()
    quiz_title = serializers.CharField()
    number = serializers.IntegerField()
    submitted_at = serializers.DateTimeField()
    percent = serializers.FloatField()
    passed = serializers.BooleanField()


class ProgressSerializer(serializers.Serializer):
    student = serializers.CharField()
    quizzes = QuizProgressSerializer(many=True)
    topics = MasterySerializer(many=True)
    sources = MasterySerializer(many=True)
    history = HistoryEntrySerializer(many=True)


class RegradeRequestSerializer(serializers.Serializer):
    questions = serializers.ListField(
        child=serializers.SlugField(), allow_empty=False, help_text="The questions to regrade to their latest version."
    )
    dry_run = serializers.BooleanField(default=True, help_text="List what would change without changing anything.")


class RegradeSlotSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    question = serializers.SlugField()
    old_version = serializers.IntegerField()
    new_version = serializers.IntegerField()
    old_credit = serializers.FloatField(allow_null=True)
    new_credit = serializers.FloatField(allow_null=True)
    old_points = serializers.CharField(allow_null=True)
    new_points = serializers.CharField(allow_null=True)


class RegradeAttemptSerializer(serializers.Serializer):
    attempt = serializers.IntegerField(source="attempt.pk")
    student = serializers.CharField(source="attempt.student.username")
    old_score = serializers.DecimalField(max_digits=7, decimal_places=2)
    new_score = serializers.DecimalField(max_digits=7, decimal_places=2)
    old_passed = serializers.BooleanField()
    new_passed = serializers.BooleanField()
    questions = RegradeSlotSerializer(many=True, source="slots")


class RegradeSerializer(serializers.Serializer):
    quiz = serializers.SlugField()
    dry_run = serializers.BooleanField()
    questions = serializers.ListField(child=serializers.SlugField())
    attempts = RegradeAttemptSerializer(many=True, help_text="Attempts whose score changes (old -> new).")
