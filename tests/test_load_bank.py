import pytest
import yaml

from quizzes.models import Choice, Citation, MatchingPair, OrderingItem, Question, Quiz, Topic
from tests.conftest import run_command, run_failing_command

pytestmark = pytest.mark.django_db


def write_questions(bank_dir, name: str, questions: list[dict]) -> None:
    (bank_dir / "questions" / name).write_text(yaml.safe_dump(questions, allow_unicode=True, sort_keys=False))


def valid_question(**overrides) -> dict:
    question = {
        "id": "extra-question",
        "type": "true_false",
        "status": "published",
        "framing": "attributed",
        "topics": ["trotsky"],
        "prompt": "True or false: the Wikipedia article says Trotsky was assassinated in Mexico.",
        "answer": True,
        "explanation": "It does.",
        "citations": [{"source": "wikipedia", "quote": "In August 1940, Trotsky was assassinated in Mexico"}],
    }
    question.update(overrides)
    return question


def bank_snapshot():
    return (
        sorted(Question.objects.values_list("slug", "prompt", "updated_at")),
        Citation.objects.count(),
        Choice.objects.count(),
        sorted(Quiz.objects.values_list("slug", "updated_at")),
    )


def test_the_shipped_bank_loads_every_question_type(loaded_bank):
    assert set(Question.objects.values_list("type", flat=True)) == set(Question.Type.values)
    assert Question.objects.count() >= 12
    assert Topic.objects.filter(slug="death-of-stalin").exists()
    assert Quiz.objects.get(slug="first-look").quiz_questions.count() == 13


def test_answer_keys_are_stored_for_the_grader(loaded_bank):
    single = Question.objects.get(slug="stalin-death-revolupedia-account")
    assert list(single.choices.filter(is_correct=True).values_list("key", flat=True)) == ["d"]
    true_false = Question.objects.get(slug="stalin-death-cwi-rumours")
    assert list(true_false.choices.values_list("key", "is_correct")) == [("true", False), ("false", True)]
    cloze = Question.objects.get(slug="trotsky-date-of-attack")
    assert set(cloze.accepted_answers.values_list("blank", "text")) == {
        (1, "20"),
        (1, "20th"),
        (1, "twenty"),
        (1, "twentieth"),
        (2, "1940"),
        (2, "nineteen forty"),
    }
    ordering = Question.objects.get(slug="chronology-stalin-era-milestones")
    assert ordering.ordering_items.first().text == "Stalin becomes General Secretary of the Central Committee"
    matching = Question.objects.get(slug="perspectives-match-source-to-stance")
    assert matching.matching_pairs.count() == 5


def test_a_question_links_to_its_contested_point_whose_quotes_are_loaded_with_their_passages(loaded_bank):
    point = Question.objects.get(slug="stalin-death-revolupedia-account").disagreement
    assert point.question == "How did Stalin die?"
    positions = list(point.positions.select_related("source").prefetch_related("quotes__passage"))
    assert {"revolupedia", "cwi", "wikipedia"} <= {position.source.slug for position in positions}
    quotes = [quote for position in positions for quote in position.quotes.all()]
    assert quotes and all(quote.passage and quote.passage.source_id == quote.source_id for quote in quotes)


def test_ordering_and_matching_keys_do_not_depend_on_the_correct_position(loaded_bank, bank_copy):
    def keys():
        items = OrderingItem.objects.filter(question__slug="chronology-stalin-era-milestones")
        pairs = MatchingPair.objects.filter(question__slug="perspectives-match-source-to-stance")
        return {item.text: item.key for item in items}, {(p.left, p.right): (p.left_key, p.right_key) for p in pairs}

    before = keys()
    for name, question_id in (("chronology.yaml", "chronology-stalin-era-milestones"),
                              ("perspectives.yaml", "perspectives-match-source-to-stance")):  # fmt: skip
        questions = yaml.safe_load((bank_copy / "questions" / name).read_text())
        question = next(q for q in questions if q["id"] == question_id)
        question["answer"].reverse()
        write_questions(bank_copy, name, questions)
    run_command("load_bank", str(bank_copy))

    assert OrderingItem.objects.get(key=before[0]['Khrushchev delivers his "Secret Speech"']).position == 1
    assert keys() == before
    assert all(left_key != right_key for left_key, right_key in before[1].values())


def test_load_bank_is_idempotent(loaded_bank):
    before = bank_snapshot()
    out, _ = run_command("load_bank")
    assert "questions: 0 created, 0 updated" in out
    assert f"quizzes: 0 created, 0 updated, {Quiz.objects.count()} unchanged" in out
    assert bank_snapshot() == before


def test_an_edited_question_is_updated_by_id(loaded_bank, bank_copy):
    path = bank_copy / "questions" / "trotsky.yaml"
    path.write_text(path.read_text().replace("Give the assassin's name.", "Give his name."))
    out, _ = run_command("load_bank", str(bank_copy))
    assert "questions: 0 created, 1 updated" in out
    assert Question.objects.get(slug="trotsky-assassin-name").prompt.endswith("Give his name.")


def test_every_error_is_listed_and_nothing_changes(loaded_bank, bank_copy):
    before = bank_snapshot()
    path = bank_copy / "questions" / "trotsky.yaml"
    path.write_text(path.read_text().replace("Give the assassin's name.", "Give his name."))
    write_questions(
        bank_copy,
        "broken.yaml",
        [
            valid_question(
                id="bad-quote", citations=[{"source": "wikipedia", "quote": "Trotsky was killed in Mexico"}]
            ),
            valid_question(id="bad-type", type="essay"),
            valid_question(id="unknown-source", citations=[{"source": "pravda", "quote": "x"}]),
            valid_question(id="trotsky-assassin-name"),
            valid_question(id="no-citation", citations=[]),
            valid_question(id="bad-topic", topics=["nowhere"]),
        ],
    )
    error, _, err = run_failing_command("load_bank", str(bank_copy))

    assert "6 problem(s)" in str(error)
    assert 'bad-quote: citation 1: The quote is not in "Wikipedia — Stalinism" (wikipedia)' in err
    assert "closest text found in it is" in err
    assert "questions/broken.yaml: bad-type: type 'essay' is not one of" in err
    assert "unknown-source: citation 1: unknown source 'pravda'" in err
    assert "questions/trotsky.yaml: trotsky-assassin-name: id is used twice (also in questions/broken.yaml)" in err
    assert "no-citation: citations is required" in err
    assert "bad-topic: unknown topic 'nowhere'" in err
    assert bank_snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"type": "single_choice", "answer": "z", "choices": [{"key": "a", "text": "A"}, {"key": "b", "text": "B"}]},
         "answer must be the key of one of the choices"),
        ({"type": "multiple_choice", "answer": [], "choices": [{"key": "a", "text": "A"}, {"key": "b", "text": "B"}]},
         "answer must be a non-empty list of choice keys"),
        ({"type": "true_false", "answer": "yes"}, "answer must be true or false"),
        ({"type": "short_answer", "answer": []}, "answer must be a non-empty list of accepted answers"),
        ({"type": "cloze", "prompt": "Trotsky died in [[1]] in [[3]].", "answer": {1: ["Mexico"], 3: ["1940"]}},
         "cloze blanks must be numbered 1, 2, 3"),
        ({"type": "cloze", "prompt": "No blanks here.", "answer": {1: ["x"]}}, "must mark its blanks"),
        ({"type": "ordering", "answer": ["only one"]}, "at least two items"),
        ({"type": "matching", "answer": [{"left": "a", "right": "x"}, {"left": "a", "right": "y"}]},
         "the left items must be distinct"),
        ({"choices": [{"key": "a", "text": "A"}, {"key": "b", "text": "B"}]}, "choices are only for"),
    ],
)  # fmt: skip
def test_answer_keys_of_the_wrong_shape_are_refused(loaded_bank, bank_copy, overrides, message):
    write_questions(bank_copy, "broken.yaml", [valid_question(**overrides)])
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert message in err
    assert not Question.objects.filter(slug="extra-question").exists()


def test_a_disagreement_cannot_be_framed_as_fact(loaded_bank, bank_copy):
    disagreement = [
        {"source": "revolupedia", "quote": "After Stalin's assassination", "claim": "He was assassinated."},
        {"source": "wikipedia", "quote": "to his death on 5 March 1953", "claim": "He died on 5 March 1953."},
    ]
    write_questions(
        bank_copy,
        "broken.yaml",
        [valid_question(framing="fact", disagreement_point="How did Stalin die?", disagreements=disagreement)],
    )
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert "framing is 'fact' but the sources disagree on this point" in err


def test_an_attributed_question_must_say_whose_claim_it_asks_about(loaded_bank, bank_copy):
    write_questions(
        bank_copy, "broken.yaml", [valid_question(prompt="True or false: Trotsky was assassinated in Mexico.")]
    )
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert "framing is 'attributed' but the prompt does not say whose claim it is" in err
    assert not Question.objects.filter(slug="extra-question").exists()


def test_a_disagreement_needs_two_positions_and_a_point(loaded_bank, bank_copy):
    one_side = [{"source": "revolupedia", "quote": "After Stalin's assassination", "claim": "He was assassinated."}]
    write_questions(bank_copy, "broken.yaml", [valid_question(disagreements=one_side)])
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert "a disagreement needs at least two positions" in err
    assert "disagreement_point is required" in err


def test_a_source_may_disagree_with_itself(loaded_bank, bank_copy):
    against_itself = [
        {"source": "wikipedia", "quote": "It was a development of Leninism", "claim": "States continuity as fact."},
        {"source": "wikipedia", "quote": "The historiography of Stalin is diverse", "claim": "Says historians differ."},
    ]
    write_questions(
        bank_copy,
        "extra.yaml",
        [valid_question(framing="disagreement", disagreement_point="Continuity?", disagreements=against_itself)],
    )
    out, _ = run_command("load_bank", str(bank_copy))
    assert "questions: 1 created" in out
    positions = Question.objects.get(slug="extra-question").disagreement.positions.all()
    assert [position.source.slug for position in positions] == ["wikipedia", "wikipedia"]


def test_a_published_quiz_cannot_include_a_draft_question(loaded_bank, bank_copy):
    write_questions(bank_copy, "extra.yaml", [valid_question(status="draft")])
    quizzes = yaml.safe_load((bank_copy / "quizzes" / "first-look.yaml").read_text())
    quizzes[0]["questions"].append("extra-question")
    quizzes[0]["questions"].append("missing-question")
    (bank_copy / "quizzes" / "first-look.yaml").write_text(yaml.safe_dump(quizzes, allow_unicode=True))
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert "first-look: published quiz includes question 'extra-question', which is not published" in err
    assert "first-look: unknown question 'missing-question'" in err


def test_invalid_yaml_is_reported_with_its_file(empty_db, bank_copy):
    (bank_copy / "questions" / "broken.yaml").write_text("- id: [unclosed\n")
    _, _, err = run_failing_command("load_bank", str(bank_copy))
    assert "questions/broken.yaml: -: not valid YAML" in err
    assert not Question.objects.exists()


def test_a_missing_path_is_a_clear_error(loaded_sources, tmp_path):
    error, _, _ = run_failing_command("load_bank", str(tmp_path / "nowhere"))
    assert "does not exist" in str(error)


def test_the_bank_needs_the_sources_loaded_first(empty_db):
    _, _, err = run_failing_command("load_bank")
    assert "unknown source 'wikipedia'" in err
