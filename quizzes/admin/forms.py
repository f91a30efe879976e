"""Forms of the question and quiz admin: each inline checks the rules of the answer key it holds.

The inlines' formsets see the question being edited as `self.instance`, already carrying the values typed in the
main form (the admin validates the main form before the inlines), so rules that span both live here.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

from quizzes.models import Passage, Question, Quiz, QuizPool
from quizzes.services.attempts import pool_candidates
from quizzes.services.bank import CHOICE_KEY_PATTERN
from quizzes.text import CLOZE_BLANK_PATTERN


class PlacedForm(forms.ModelForm):
    """An inline row with a place in its list. The place is not the model's position field, so that swapping two
    rows' places is not refused by the (question, position) uniqueness check; save_formset renumbers the rows."""

    place = forms.IntegerField(min_value=1, required=False, help_text="Blank: after the others.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["place"].initial = self.instance.position


class ChoiceForm(PlacedForm):
    def clean_key(self):
        key = self.cleaned_data["key"]
        if not CHOICE_KEY_PATTERN.match(key):
            raise ValidationError("Use up to 20 lowercase letters or digits, e.g. a, b, c.")
        return key


def source_label(source) -> str:
    return f"{source.display_name} ({source.slug})"


class QuoteForm(PlacedForm):
    """A citation or disagreement entry: pick the source, or just the passage (its source is then implied)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].required = False
        # The slug beside the name: it is what the bank's files name a source by.
        self.fields["source"].label_from_instance = source_label
        self.fields["passage"].required = False
        # Website furniture is never offered (the picker's search leaves it out too) nor taken.
        self.fields["passage"].queryset = Passage.objects.citable()
        self.fields["passage"].help_text = "Search by source and text. Blank: found from the quote."

    def clean(self):
        cleaned = super().clean()
        source, passage = cleaned.get("source"), cleaned.get("passage")
        if passage is not None and source is None:
            cleaned["source"] = passage.source
        elif source is None and "source" not in self.errors:
            self.add_error("source", "Choose the source, or a passage of it.")
        elif passage is not None and passage.source_id != source.pk:
            self.add_error(
                "passage", f"Passage {passage.anchor} is from {passage.source.display_name}, not {source.display_name}."
            )
        return cleaned


def save_placed_rows(formset, *, parent_field: str) -> None:
    """Save an inline's rows in the order of their places (blank places last), numbered 1, 2, 3 ...

    Rows that neither changed nor moved are not written, so their history records only real changes.
    """
    if "place" not in formset.form.base_fields:
        formset.save()
        return
    formset.save(commit=False)
    for deleted in formset.deleted_objects:
        deleted.delete()
    kept = [
        (form.cleaned_data.get("place"), index, form)
        for index, form in enumerate(formset.forms)
        if form not in formset.deleted_forms and (form.instance.pk or form.has_changed())
    ]
    kept.sort(key=lambda item: (item[0] is None, item[0] or 0, item[1]))
    moved = any(form.instance.pk and form.instance.position != position for position, (*_, form) in enumerate(kept, 1))
    if moved:
        # Move the stored rows out of the way first: (parent, position) is unique while two rows swap places.
        formset.model.objects.filter(**{parent_field: formset.instance}).update(position=F("position") + 10000)
    for position, (_, _, form) in enumerate(kept, start=1):
        row = form.instance
        if moved or not row.pk or form.has_changed():
            setattr(row, parent_field, formset.instance)
            row.position = position
            row.save()


def kept_rows(formset) -> list[dict]:
    """The cleaned data of the rows that will be saved (filled in, not marked for deletion)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class AnswerKeyFormSet(forms.BaseInlineFormSet):
    """Checks the rows of one part of a question together; subclasses say what the question's type needs."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A tabular row's inputs are labelled only by the column headings, which screen readers do not tie to them.
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self.check_rows(kept_rows(self), self.instance)

    def check_rows(self, rows: list[dict], question: Question) -> None:
        raise NotImplementedError


class ChoiceFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, question):
        if len(rows) < 2:
            raise ValidationError("Give at least two choices.")
        correct = sum(1 for row in rows if row.get("is_correct"))
        if question.type == Question.Type.SINGLE_CHOICE and correct != 1:
            raise ValidationError(f"Mark exactly one choice as correct (now {correct}).")
        if question.type == Question.Type.MULTIPLE_CHOICE and correct < 1:
            raise ValidationError("Mark at least one choice as correct.")
        keys = [row["key"] for row in rows]
        if len(set(keys)) != len(keys):
            raise ValidationError("Each choice needs its own key.")


class ShortAnswerFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, question):
        if not rows:
            raise ValidationError("Give at least one accepted answer.")
        texts = [row["text"].strip() for row in rows]
        if len(set(texts)) != len(texts):
            raise ValidationError("An accepted answer is listed twice.")


class ClozeFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, question):
        blanks = [int(number) for number in CLOZE_BLANK_PATTERN.findall(question.prompt or "")]
        if not blanks:
            raise ValidationError("Mark the blanks in the prompt as [[1]], [[2]], ...")
        if sorted(blanks) != list(range(1, len(blanks) + 1)):
            raise ValidationError("Number the blanks in the prompt 1, 2, 3 ... once each.")
        answered = {row["blank"] for row in rows}
        missing = sorted(set(blanks) - answered)
        extra = sorted(answered - set(blanks))
        if missing:
            raise ValidationError(f"Give accepted answers for blank(s) {', '.join(map(str, missing))}.")
        if extra:
            raise ValidationError(f"The prompt has no blank {', '.join(map(str, extra))}.")
        pairs = [(row["blank"], row["text"].strip()) for row in rows]
        if len(set(pairs)) != len(pairs):
            raise ValidationError("An accepted answer is listed twice for the same blank.")


class OrderingFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, question):
        if len(rows) < 2:
            raise ValidationError("Give at least two items to put in order.")
        texts = [row["text"].strip() for row in rows]
        if len(set(texts)) != len(texts):
            raise ValidationError("The items must be distinct.")


class MatchingFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, question):
        if len(rows) < 2:
            raise ValidationError("Give at least two pairs.")
        for side in ("left", "right"):
            texts = [row[side].strip() for row in rows]
            if len(set(texts)) != len(texts):
                raise ValidationError(f"The {side} items must be distinct.")


class CitationFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, question):
        if not rows:
            raise ValidationError("Cite at least one passage that supports the answer key.")


class PositionForm(PlacedForm):
    """A source's position on a contested point; its quotes are edited on the position's own page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two sources share the title "Stalinism": the slug tells them apart.
        self.fields["source"].label_from_instance = source_label


class PositionFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, point):
        if len(rows) < 2:
            raise ValidationError(
                "A contested point needs at least two positions: two sources, or one source against itself."
            )


class PositionQuoteForm(PlacedForm):
    """A quote a position rests on: its source is the position's; the passage is found from the quote if blank."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["passage"].required = False
        self.fields["passage"].queryset = Passage.objects.citable()
        self.fields["passage"].help_text = "Search by source and text. Blank: found from the quote."

    def clean(self):
        cleaned = super().clean()
        position = self.instance.source_position
        self.instance.source_id = position.source_id
        passage = cleaned.get("passage")
        if passage is not None and passage.source_id != position.source_id:
            self.add_error("passage", f"Passage {passage.anchor} is from {passage.source.title}, not this source.")
        return cleaned


class PositionQuoteFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, position):
        if not rows:
            raise ValidationError("Quote the source: a position rests on at least one verbatim quote.")


def submitted_pool_count(data) -> int:
    """How many pool rows the quiz form's pools inline submits and keeps (it is validated on its own)."""
    total = int(data.get("pools-TOTAL_FORMS") or 0)
    return sum(
        1
        for index in range(total)
        if not data.get(f"pools-{index}-DELETE")
        and (data.get(f"pools-{index}-topic") or data.getlist(f"pools-{index}-questions"))
    )


class QuizQuestionFormSet(AnswerKeyFormSet):
    def check_rows(self, rows, quiz):
        if quiz.status != Quiz.Status.PUBLISHED:
            return
        if not rows and not submitted_pool_count(self.data):
            raise ValidationError("A published quiz needs at least one question or pool: add some, or keep it a draft.")
        drafts = [row["question"].slug for row in rows if not row["question"].is_published]
        if drafts:
            raise ValidationError(f"A published quiz can only hold published questions; drafts: {', '.join(drafts)}.")


class QuizPoolForm(forms.ModelForm):
    class Meta:
        model = QuizPool
        fields = ["position", "topic", "questions", "draw_count", "points"]

    def clean(self):
        cleaned = super().clean()
        topic, chosen = cleaned.get("topic"), cleaned.get("questions")
        if not topic and not chosen:
            raise ValidationError("Draw from a topic or from chosen questions.")
        if topic and chosen:
            raise ValidationError("Draw from a topic or from chosen questions, not both.")
        if chosen is not None and any(not question.is_published for question in chosen):
            raise ValidationError("A pool draws only published questions; some chosen ones are drafts.")
        pool = QuizPool(topic=topic, draw_count=cleaned.get("draw_count") or 1)
        available = pool_candidates(pool).count() if topic else len(chosen or [])
        if available < pool.draw_count:
            raise ValidationError(
                f"The pool draws {pool.draw_count} question(s) but has only {available} published to draw from."
            )
        return cleaned


class QuizForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "slug", "title", "description", "status", "is_practice", "layout", "shuffle_questions",
            "shuffle_choices", "review_mode", "max_attempts", "time_limit_minutes", "pass_mark", "opens_at",
            "closes_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's split date and time inputs share one <label>, which names only the first of them.
        for field in self.fields.values():
            for part, widget in zip(("date", "time"), getattr(field.widget, "widgets", []), strict=False):
                widget.attrs.setdefault("aria-label", f"{field.label}: {part}")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("review_mode") == Quiz.ReviewMode.AFTER_CLOSE and not cleaned.get("closes_at"):
            self.add_error("closes_at", "Reviewing after the quiz closes needs a closing date, or the key never shows.")
        if (
            cleaned.get("review_mode") == Quiz.ReviewMode.PER_QUESTION
            and cleaned.get("layout") == Quiz.Layout.ALL_ON_ONE_PAGE
        ):
            self.add_error(
                "layout", "Review after each question needs one question per page: a shown key would answer the others."
            )
        return cleaned


class TrueFalseField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[("true", "True"), ("false", "False")],
            coerce=lambda value: value == "true",
            widget=forms.RadioSelect,
            label="The statement is",
            **kwargs,
        )


class QuestionForm(forms.ModelForm):
    """The question's own fields; its type is fixed (chosen before adding, read-only after)."""

    question_type: str = ""
    true_false_answer = TrueFalseField(required=False)

    class Meta:
        model = Question
        fields = [
            "slug", "prompt", "explanation", "topics", "difficulty", "framing", "status", "disagreement",
            "keep_option_order",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.instance.type = self.question_type
        if self.instance.type != Question.Type.CLOZE and "prompt" in self.fields:
            self.fields["prompt"].help_text = ""  # the [[N]] blanks are for fill-in-the-blanks only
        if self.instance.type != Question.Type.TRUE_FALSE:
            del self.fields["true_false_answer"]
            return
        self.fields["true_false_answer"].required = True
        if self.instance.pk:
            correct = next((c.key for c in self.instance.choices.all() if c.is_correct), None)
            self.fields["true_false_answer"].initial = correct

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("disagreement") is not None and cleaned.get("framing") == Question.Framing.FACT:
            self.add_error(
                "framing",
                "The framing is 'fact' but the sources disagree on this point: ask it by attribution or about the "
                "disagreement.",
            )
        return cleaned

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Question.Status.DRAFT and self.instance.pk:
            published_quiz = self.instance.quizzes.filter(status=Quiz.Status.PUBLISHED).first()
            if published_quiz is not None:
                raise ValidationError(
                    f"The question is in the published quiz {published_quiz.title!r}: "
                    "take it out of the quiz, or unpublish the quiz, first."
                )
        return status


class RegradeForm(forms.Form):
    questions = forms.ModelMultipleChoiceField(
        queryset=Question.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Questions edited since some attempts were graded: regrade those attempts by the latest version.",
    )  # fmt: skip

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = Question.objects.filter(pk__in=[question.pk for question in questions])


class AddToQuizForm(forms.Form):
    quiz = forms.ModelChoiceField(queryset=Quiz.objects.order_by("title"))


class BankUploadForm(forms.Form):
    file = forms.FileField(help_text="A bank document in JSON or YAML, e.g. an export from this admin.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".json", ".yaml", ".yml")):
            raise ValidationError("Upload a .json, .yaml or .yml file.")
        return upload
