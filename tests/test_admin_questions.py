"""Authoring questions in the admin as a non-superuser teacher: one form per type, quotes checked verbatim."""

import pytest
from django.db.models import Count

from quizzes.models import DisagreementPoint, Passage, Question, Source
from quizzes.services import authoring
from quizzes.services.bank import export_question
from quizzes.text import closest_text

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/quizzes/question/add/"
INLINE_PREFIXES = ("choices", "accepted_answers", "ordering_items", "matching_pairs", "citations")


def a_quote() -> tuple[Source, Passage, str]:
    """A real passage of a shipped source and its first words, verbatim."""
    passage = Passage.objects.select_related("source").filter(text__regex=r"^\S+( \S+){12}").order_by("id")[3]
    return passage.source, passage, " ".join(passage.text.split()[:10])


def inline(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def question_post(*, slug: str, prompt: str, quote_rows: list[dict], answer_key: dict, **fields) -> dict:
    data = {
        "slug": slug,
        "prompt": prompt,
        "explanation": "The cited passage says so.",
        "difficulty": "2",
        "framing": fields.pop("framing", Question.Framing.ATTRIBUTED),
        "status": fields.pop("status", Question.Status.DRAFT),
        "disagreement": fields.pop("disagreement", ""),
        **fields,
    }
    for prefix in INLINE_PREFIXES:
        data.update(inline(prefix, []))
    data.update(inline("citations", quote_rows))
    data.update(answer_key)
    return data


def answer_keys() -> dict:
    """Per type: the admin form fields of its answer key, and the key as the bank exports it."""
    return {
        "single_choice": (
            "According to the encyclopedia article, which is right?",
            inline("choices", [
                {"key": "a", "text": "Wrong", "place": "1"},
                {"key": "b", "text": "Right", "place": "2", "is_correct": "on"},
            ]),
            "b",
        ),
        "multiple_choice": (
            "According to the encyclopedia article, which are right?",
            inline("choices", [
                {"key": "a", "text": "Right one", "is_correct": "on"},
                {"key": "b", "text": "Wrong one"},
                {"key": "c", "text": "Right two", "is_correct": "on"},
            ]),
            ["a", "c"],
        ),
        "true_false": ("The source says so.", {"true_false_answer": "false"}, False),
        "short_answer": (
            "According to the encyclopedia article, who?",
            inline("accepted_answers", [{"text": "Stalin"}, {"text": "Joseph Stalin"}]),
            ["Stalin", "Joseph Stalin"],
        ),
        "cloze": (
            "According to the encyclopedia article, he ruled from [[1]] to [[2]].",
            inline("accepted_answers", [
                {"blank": "1", "text": "1924"}, {"blank": "2", "text": "1953"}, {"blank": "1", "text": "1922"},
            ]),
            {"1": ["1924", "1922"], "2": ["1953"]},
        ),
        "ordering": (
            "According to the encyclopedia article, put these in order.",
            inline("ordering_items", [
                {"text": "Second", "place": "2"}, {"text": "First", "place": "1"}, {"text": "Third", "place": "3"},
            ]),
            ["First", "Second", "Third"],
        ),
        "matching": (
            "Match each source to what it says.",
            inline("matching_pairs", [{"left": "Trotsky", "right": "Mexico"}, {"left": "Lenin", "right": "Gorki"}]),
            [{"left": "Trotsky", "right": "Mexico"}, {"left": "Lenin", "right": "Gorki"}],
        ),
    }  # fmt: skip


@pytest.mark.parametrize("question_type", Question.Type.values)
def test_teacher_creates_each_question_type_with_a_citation(teacher_in_admin, bank_teacher, question_type):
    source, passage, quote = a_quote()
    prompt, answer_form, expected_answer = answer_keys()[question_type]
    data = question_post(
        slug=f"admin-made-{question_type.replace('_', '-')}", prompt=prompt, answer_key=answer_form,
        quote_rows=[{"source": str(source.pk), "quote": quote}],
    )  # fmt: skip

    response = teacher_in_admin.post(f"{ADD_URL}?type={question_type}", data)

    assert response.status_code == 302, response.context and response.context["errors"]
    question = Question.objects.get(slug=data["slug"])
    assert question.type == question_type and question.author == bank_teacher
    exported = export_question(authoring.questions_for_export().get(pk=question.pk))
    assert exported["answer"] == expected_answer
    assert exported["citations"] == [{"source": source.slug, "passage": passage.anchor, "quote": quote}]
    # What the admin saved passes every check the bank files go through.
    assert authoring.stored_question_problems(question=question, context=authoring.bank_context()) == []


def test_the_add_page_asks_for_the_type_first_and_then_shows_its_form(teacher_in_admin):
    chooser = teacher_in_admin.get(ADD_URL)
    assert chooser.status_code == 200
    assert f"{ADD_URL}?type=matching" in chooser.content.decode()
    matching_form = teacher_in_admin.get(f"{ADD_URL}?type=matching").content.decode()
    assert "matching_pairs-TOTAL_FORMS" in matching_form and "choices-TOTAL_FORMS" not in matching_form
    assert "citations-TOTAL_FORMS" in matching_form and 'name="disagreement"' in matching_form


def test_a_quote_not_in_the_source_is_refused_with_the_closest_text(teacher_in_admin):
    source, _, quote = a_quote()
    altered = quote.replace(quote.split()[2], "zzzz", 1)
    prompt, answer_form, _ = answer_keys()["single_choice"]
    citation = {"source": str(source.pk), "quote": altered}
    data = question_post(slug="bad-quote", prompt=prompt, answer_key=answer_form, quote_rows=[citation])

    response = teacher_in_admin.post(f"{ADD_URL}?type=single_choice", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The quote is not in" in page and source.slug in page
    hint = closest_text(text=source.text, quote=altered)
    assert quote.split()[2] in hint  # the hint shows the source's own words where the quote went wrong
    assert f"The closest text found in it is: &quot;{hint}&quot;" in page
    assert not Question.objects.filter(slug="bad-quote").exists()


def test_a_bad_quote_on_an_existing_question_keeps_the_saved_citation(teacher_in_admin):
    question = (
        Question.objects.filter(type=Question.Type.TRUE_FALSE, disagreement__isnull=True)
        .annotate(n_citations=Count("citations"))
        .filter(n_citations=1)
        .first()
    )
    citation = question.citations.get()
    data = question_post(
        slug=question.slug, prompt="Changed prompt", answer_key={"true_false_answer": "true"},
        quote_rows=[{"id": str(citation.pk), "question": str(question.pk), "source": str(citation.source_id),
                     "quote": citation.quote + " and more words that are not there"}],
    )  # fmt: skip
    data.update({"citations-INITIAL_FORMS": "1"})

    response = teacher_in_admin.post(f"/admin/quizzes/question/{question.pk}/change/", data)

    assert response.status_code == 200 and "The quote is not in" in response.content.decode()
    question.refresh_from_db()
    assert question.prompt != "Changed prompt"
    assert question.citations.get().quote == citation.quote


TWO_CORRECT = [{"key": "a", "text": "A", "is_correct": "on"}, {"key": "b", "text": "B", "is_correct": "on"}]
SAME_RIGHT = [{"left": "A", "right": "X"}, {"left": "B", "right": "X"}]


@pytest.mark.parametrize(
    ("question_type", "answer_form", "message"),
    [
        ("single_choice", inline("choices", TWO_CORRECT), "Mark exactly one choice as correct"),
        ("cloze", inline("accepted_answers", [{"blank": "1", "text": "1924"}]), "Give accepted answers for blank(s) 2"),
        ("ordering", inline("ordering_items", [{"text": "Only"}]), "Give at least two items"),
        ("matching", inline("matching_pairs", SAME_RIGHT), "The right items must be distinct"),
    ],
)
def test_an_answer_key_that_does_not_fit_the_type_is_refused(teacher_in_admin, question_type, answer_form, message):
    source, _, quote = a_quote()
    prompt = "According to the source, he ruled from [[1]] to [[2]]." if question_type == "cloze" else "Which source?"
    data = question_post(
        slug="misfit", prompt=prompt, answer_key=answer_form, quote_rows=[{"source": str(source.pk), "quote": quote}]
    )
    response = teacher_in_admin.post(f"{ADD_URL}?type={question_type}", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Question.objects.filter(slug="misfit").exists()


def test_a_question_needs_a_citation(teacher_in_admin):
    prompt, answer_form, _ = answer_keys()["true_false"]
    data = question_post(slug="uncited", prompt=prompt, answer_key=answer_form, quote_rows=[])
    response = teacher_in_admin.post(f"{ADD_URL}?type=true_false", data)
    assert "Cite at least one passage" in response.content.decode()
    assert not Question.objects.filter(slug="uncited").exists()


def test_a_question_on_a_contested_point_links_to_it_and_refuses_a_fact_framing(teacher_in_admin):
    source, _, quote = a_quote()
    point = DisagreementPoint.objects.get(question="How did Stalin die?")
    prompt, answer_form, _ = answer_keys()["true_false"]
    data = question_post(
        slug="disputed", prompt=prompt, answer_key=answer_form, framing=Question.Framing.FACT,
        disagreement=str(point.pk), quote_rows=[{"source": str(source.pk), "quote": quote}],
    )  # fmt: skip

    refused = teacher_in_admin.post(f"{ADD_URL}?type=true_false", data)
    assert "The framing is &#x27;fact&#x27; but the sources disagree" in refused.content.decode()
    assert not Question.objects.filter(slug="disputed").exists()

    data["framing"] = Question.Framing.DISAGREEMENT
    assert teacher_in_admin.post(f"{ADD_URL}?type=true_false", data).status_code == 302
    saved = Question.objects.get(slug="disputed")
    assert saved.disagreement == point
    shown = {entry["source"] for entry in saved.current_version.key["disagreements"]}
    assert shown == set(point.positions.values_list("source__slug", flat=True))


def test_the_passage_picker_searches_by_source_and_text(teacher_in_admin):
    source, passage, quote = a_quote()
    word = quote.split()[-1]
    response = teacher_in_admin.get(
        "/admin/autocomplete/",
        {"app_label": "quizzes", "model_name": "citation", "field_name": "passage", "term": f"{source.slug} {word}"},
    )
    found = {int(result["id"]) for result in response.json()["results"]}
    assert passage.pk in found
    assert Passage.objects.filter(pk__in=found).exclude(source=source).count() == 0


def test_a_question_of_a_published_quiz_cannot_be_set_back_to_draft(teacher_in_admin):
    question = (
        Question.objects.filter(type=Question.Type.TRUE_FALSE, disagreement__isnull=True, quizzes__status="published")
        .annotate(n_citations=Count("citations"))
        .filter(n_citations=1)
        .first()
    )
    citation = question.citations.get()
    data = question_post(
        slug=question.slug, prompt=question.prompt, status=Question.Status.DRAFT,
        answer_key={"true_false_answer": "true" if question.choices.get(key="true").is_correct else "false"},
        quote_rows=[{"id": str(citation.pk), "question": str(question.pk), "source": str(citation.source_id),
                     "quote": citation.quote}],
    )  # fmt: skip
    data.update({"citations-INITIAL_FORMS": "1", "topics": [str(t.pk) for t in question.topics.all()]})

    response = teacher_in_admin.post(f"/admin/quizzes/question/{question.pk}/change/", data)

    assert response.status_code == 200 and "The question is in the published quiz" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.PUBLISHED
    data["status"] = Question.Status.PUBLISHED
    assert teacher_in_admin.post(f"/admin/quizzes/question/{question.pk}/change/", data).status_code == 302


def test_passage_picker_lists_each_passage_with_its_opening_text(teacher_in_admin):
    source, passage, quote = a_quote()
    response = teacher_in_admin.get(
        "/admin/autocomplete/",
        {"app_label": "quizzes", "model_name": "citation", "field_name": "passage", "term": quote},
    )
    assert response.status_code == 200
    labels = {row["id"]: row["text"] for row in response.json()["results"]}
    assert labels[str(passage.pk)].startswith(f"{source.slug} #{passage.anchor}: {passage.text[:30]}")


def test_sources_sharing_a_title_are_told_apart_in_the_form_and_the_filter(teacher_in_admin):
    titled_stalinism = list(Source.objects.filter(title="Stalinism").order_by("slug"))
    assert len(titled_stalinism) == 2  # the IMT page and the Wikipedia article
    form_page = teacher_in_admin.get(ADD_URL, {"type": "single_choice"}).content.decode()
    changelist = teacher_in_admin.get("/admin/quizzes/question/").content.decode()
    for label in ["In Defence of Marxism (IMT) — Stalinism (imt)", "Wikipedia — Stalinism (wikipedia)"]:
        assert f">{label}</option>" in form_page
        assert label in changelist


def test_the_admin_gives_the_question_list_the_pages_width(teacher_in_admin):
    page = teacher_in_admin.get("/admin/quizzes/question/").content.decode()
    assert 'id="nav-sidebar"' not in page
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in page
    stylesheet = b"".join(teacher_in_admin.get("/static/css/admin.css").streaming_content).decode()
    assert "td.field-short_prompt { min-width: 18rem; }" in stylesheet
