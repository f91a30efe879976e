"""Contested points as data: the model and its migration, the bank format, the admin, the page "Where the sources
disagree", the reader's marks and the API, with the key-secrecy rule on each."""

from datetime import timedelta

import pytest
import yaml
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from quizzes.models import (
    BankLoadRecord,
    DisagreementPoint,
    PositionQuote,
    Question,
    QuestionVersion,
    Quiz,
    QuizQuestion,
    Source,
)
from quizzes.services import attempts
from quizzes.services.bank import export_question
from quizzes.services.versions import record_version
from tests.conftest import run_command, run_failing_command
from tests.factories import DisagreementPointFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

REVOLUPEDIA_QUOTE = "After Stalin's assassination"
CWI_QUOTE = "There have been repeated rumours that Stalin was actually murdered by his own followers"
WIKIPEDIA_QUOTE = "to his death on 5 March 1953"


def death_point(slug="how-stalin-died-test") -> DisagreementPoint:
    """A point on the shipped sources: two take a side, three are silent."""
    return DisagreementPointFactory(
        slug=slug,
        question="How did Stalin die (test)?",
        stakes="One source says assassination, another reports rumours.",
        positions=[
            (Source.objects.get(slug="revolupedia"), "Calls it an assassination.", [REVOLUPEDIA_QUOTE]),
            (Source.objects.get(slug="cwi"), "Reports rumours of murder.", [CWI_QUOTE]),
        ],
    )


def question_on(point, *, slug="q-on-point") -> Question:
    question = QuestionFactory(slug=slug, framing=Question.Framing.DISAGREEMENT)
    question.disagreement = point
    question.save()
    record_version(question=question, now=timezone.now())
    return question


# The model and the migration --------------------------------------------------------------------------------


def migrate_to(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_each_questions_entries_into_a_shared_point_without_losing_a_quote():
    old = migrate_to([("quizzes", "0012_merge_hardening")])
    Source, Passage, Question_, Entry, Version = (
        old.get_model("quizzes", name)
        for name in ("Source", "Passage", "Question", "DisagreementEntry", "QuestionVersion")
    )
    text = "Trotsky was murdered in Mexico.\nStalin died in 1953.\nSome say he was poisoned."
    a = Source.objects.create(slug="a", title="A", publisher="P", kind="encyclopedia", perspective_label="L",
                              perspective="D", text=text, text_sha256="x", file_name="a.txt")  # fmt: skip
    b = Source.objects.create(slug="b", title="B", publisher="P", kind="opinion", perspective_label="L",
                              perspective="D", text=text, text_sha256="y", file_name="b.txt")  # fmt: skip
    passages = {}
    for source in (a, b):
        start = 0
        for number, line in enumerate(text.split("\n"), start=1):
            passages[source.slug, number] = Passage.objects.create(
                source=source, number=number, anchor=f"p-{number}", start=start, end=start + len(line), text=line
            )
            start += len(line) + 1
    first = Question_.objects.create(slug="first", type="true_false", prompt="?", explanation="E", framing="attributed",
                                     disagreement_point="How did Stalin die (migration)?")  # fmt: skip
    second = Question_.objects.create(
        slug="second", type="true_false", prompt="?", explanation="E", framing="disagreement",
        disagreement_point="how did  Stalin die (MIGRATION)?",
    )  # fmt: skip
    rows = [
        (first, a, "Stalin died in 1953", "Died in 1953.", 2),
        (first, b, "he was poisoned", "Poisoned.", 3),
        (second, a, "Stalin died in 1953", "Died in 1953.", 2),  # the same entry again: one quote
        (second, a, "Some say he was poisoned", "Reports a poisoning.", 3),  # the same source against itself
        (second, b, "Stalin died", "Died.", 2),
    ]
    for position, (question, source, quote, claim, passage) in enumerate(rows, start=1):
        Entry.objects.create(question=question, source=source, quote=quote, claim=claim, position=position,
                             passage=passages[source.slug, passage])  # fmt: skip
    shipped_label = Question_.objects.create(
        slug="third", type="true_false", prompt="?", explanation="E", framing="disagreement",
        disagreement_point="How did Stalin die?",
    )  # fmt: skip
    for source, passage in ((a, 2), (b, 3)):
        Entry.objects.create(question=shipped_label, source=source, quote=text.split("\n")[passage - 1], claim="C",
                             passage=passages[source.slug, passage])  # fmt: skip
    frozen_key = {"explanation": "E", "disagreement_point": "How did Stalin die?", "disagreements": [{"quote": "x"}]}
    Version.objects.create(question=first, number=1, type="true_false", shown={}, key=frozen_key, content_hash="h",
                           created_at=timezone.now())  # fmt: skip

    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())

    first, second = Question.objects.get(slug="first"), Question.objects.get(slug="second")
    assert first.disagreement == second.disagreement
    point = first.disagreement
    assert point.question == "How did Stalin die (migration)?"
    held = [
        (position.source.slug, position.claim, [(q.quote, q.passage.anchor) for q in position.quotes.all()])
        for position in point.positions.all()
    ]
    assert held == [
        ("a", "Died in 1953.", [("Stalin died in 1953", "p-2")]),
        ("b", "Poisoned.", [("he was poisoned", "p-3")]),
        ("a", "Reports a poisoning.", [("Some say he was poisoned", "p-3")]),
        ("b", "Died.", [("Stalin died", "p-2")]),
    ]
    assert QuestionVersion.objects.get(question=first).key == frozen_key
    # A label the shipped bank used gets the shipped point's id, so that load_bank does not add a second point.
    assert Question.objects.get(slug="third").disagreement.slug == "how-stalin-died"


def test_a_position_quote_takes_its_source_from_the_position_and_is_verified(loaded_sources):
    point = death_point()
    quote = PositionQuote.objects.get(quote=CWI_QUOTE)
    assert quote.source.slug == "cwi" and CWI_QUOTE in quote.passage.text
    assert point.positions.count() == 2


# The bank format ----------------------------------------------------------------------------------------------


POINT = {
    "id": "how-stalin-died-bank-test",
    "question": "How did Stalin die, according to the sources?",
    "stakes": "Revolupedia says assassination; the CWI article reports rumours; Wikipedia gives a date.",
    "topics": ["death-of-stalin"],
    "positions": [
        {"source": "revolupedia", "claim": "Assassinated.", "quotes": [{"quote": REVOLUPEDIA_QUOTE}]},
        {"source": "cwi", "claim": "Rumours of murder.", "quotes": [{"quote": CWI_QUOTE}]},
        {"source": "wikipedia", "claim": "A date, no cause.", "quotes": [{"quote": WIKIPEDIA_QUOTE}]},
    ],
}


def linked_question(**overrides) -> dict:
    return {
        "id": "bank-test-question",
        "type": "true_false",
        "status": "published",
        "framing": "disagreement",
        "topics": ["death-of-stalin"],
        "prompt": "True or false: the Revolupedia article and the CWI article agree on how Stalin died.",
        "answer": False,
        "explanation": "Revolupedia asserts an assassination; the CWI article only reports rumours.",
        "citations": [{"source": "revolupedia", "quote": REVOLUPEDIA_QUOTE}, {"source": "cwi", "quote": CWI_QUOTE}],
        "disagreement": POINT["id"],
        **overrides,
    }


def write(bank_copy, name, items):
    (bank_copy / name).parent.mkdir(exist_ok=True)
    (bank_copy / name).write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")


def test_load_bank_reads_points_and_links_questions_to_them(loaded_bank, bank_copy):
    write(bank_copy, "points/test.yaml", [POINT])
    write(bank_copy, "questions/test.yaml", [linked_question()])

    out, _ = run_command("load_bank", str(bank_copy))

    assert "points: 1 created" in out
    question = Question.objects.get(slug="bank-test-question")
    point = question.disagreement
    assert [(p.source.slug, p.claim) for p in point.positions.all()] == [
        ("revolupedia", "Assassinated."), ("cwi", "Rumours of murder."), ("wikipedia", "A date, no cause."),
    ]  # fmt: skip
    assert all(quote.passage for quote in PositionQuote.objects.filter(source_position__point=point))
    key = question.current_version.key
    assert key["disagreement"] == POINT["id"] and key["disagreement_point"] == POINT["question"]
    assert [entry["quote"] for entry in key["disagreements"]] == [REVOLUPEDIA_QUOTE, CWI_QUOTE, WIKIPEDIA_QUOTE]
    assert export_question(question)["disagreement"] == POINT["id"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["positions"][0]["quotes"][0].update(quote="After Stalin's murder"), "The quote is not in"),
        (lambda p: p.update(positions=p["positions"][:1]), "a point needs at least two positions"),
        (lambda p: p["positions"][1].update(quotes=[]), "at least one quote is required"),
        (lambda p: p.update(topics=["no-such-topic"]), "unknown topic 'no-such-topic'"),
        (lambda p: p.pop("stakes"), "stakes is required"),
    ],
)
def test_a_broken_point_is_refused_with_every_problem_and_nothing_is_loaded(loaded_bank, bank_copy, change, message):
    point = yaml.safe_load(yaml.safe_dump(POINT))
    change(point)
    write(bank_copy, "points/test.yaml", [point])

    _, _, err = run_failing_command("load_bank", str(bank_copy))

    assert message in err
    assert not DisagreementPoint.objects.filter(slug=POINT["id"]).exists()


def test_a_question_naming_an_unknown_point_or_framed_as_fact_is_refused(loaded_bank, bank_copy):
    write(bank_copy, "points/test.yaml", [POINT])
    write(bank_copy, "questions/test.yaml", [linked_question(disagreement="no-such-point"),
                                             linked_question(id="second-test", framing="fact")])  # fmt: skip

    _, _, err = run_failing_command("load_bank", str(bank_copy))

    assert "unknown disagreement point 'no-such-point'" in err
    assert "second-test: framing is 'fact' but the sources disagree on this point" in err


def test_editing_a_point_in_the_files_re_versions_the_questions_on_it(loaded_bank, bank_copy):
    write(bank_copy, "points/test.yaml", [POINT])
    write(bank_copy, "questions/test.yaml", [linked_question()])
    run_command("load_bank", str(bank_copy))
    question = Question.objects.get(slug="bank-test-question")
    first_version = question.current_version
    edited = yaml.safe_load(yaml.safe_dump(POINT))
    edited["positions"][1]["claim"] = "Reports rumours that his followers murdered him, without endorsing them."
    write(bank_copy, "points/test.yaml", [edited])

    out, _ = run_command("load_bank", str(bank_copy))

    assert "points: 0 created, 1 updated" in out
    question.refresh_from_db()
    assert question.current_version.key["disagreements"][1]["claim"].startswith("Reports rumours that his")
    assert question.current_version.pk == first_version.pk  # no attempt used it: updated in place


def test_load_bank_never_overwrites_a_point_a_teacher_edited(loaded_bank, bank_copy):
    write(bank_copy, "points/test.yaml", [POINT])
    run_command("load_bank", str(bank_copy))
    point = DisagreementPoint.objects.get(slug=POINT["id"])
    point.stakes = "A teacher's own wording."
    point.save()
    edited = {**POINT, "stakes": "The files' new wording."}
    write(bank_copy, "points/test.yaml", [edited])

    out, err = run_command("load_bank", str(bank_copy))

    assert "1 kept as edited" in out
    assert f"points/test.yaml: {POINT['id']}: edited in the admin since the last load" in err
    assert DisagreementPoint.objects.get(slug=POINT["id"]).stakes == "A teacher's own wording."
    assert BankLoadRecord.objects.filter(kind="point", item=POINT["id"]).exists()
    run_command("load_bank", "--force", str(bank_copy))
    assert DisagreementPoint.objects.get(slug=POINT["id"]).stakes == "The files' new wording."


def test_the_export_carries_the_points_and_loads_back(loaded_bank, tmp_path, bank_copy):
    write(bank_copy, "points/test.yaml", [POINT])
    write(bank_copy, "questions/test.yaml", [linked_question()])
    run_command("load_bank", str(bank_copy))
    path = tmp_path / "bank.json"
    run_command("export_bank", "-o", str(path))
    document = yaml.safe_load(path.read_text())
    exported = next(point for point in document["points"] if point["id"] == POINT["id"])
    assert exported["positions"][1]["quotes"][0]["quote"] == CWI_QUOTE
    assert exported["positions"][1]["quotes"][0]["passage"].startswith("p-")

    out, _ = run_command("load_bank", str(path))

    assert "points: 0 created, 0 updated" in out


# The older per-question form (API v1 and the exchange formats) ------------------------------------------------


def test_entries_of_the_older_form_are_merged_into_the_point_of_the_same_name(loaded_bank, teacher_client):
    point = death_point()
    body = {
        "id": "legacy-form-question", "type": "true_false", "framing": "disagreement", "topics": ["death-of-stalin"],
        "prompt": "True or false: the Wikipedia article names an assassination.", "answer": False,
        "explanation": "It gives the date only.", "citations": [{"source": "wikipedia", "quote": WIKIPEDIA_QUOTE}],
        "disagreement_point": "  how did stalin die (test)? ",
        "disagreements": [
            {"source": "revolupedia", "quote": REVOLUPEDIA_QUOTE, "claim": "Calls it an assassination."},
            {"source": "wikipedia", "quote": WIKIPEDIA_QUOTE, "claim": "Gives a date and no cause."},
        ],
    }  # fmt: skip

    created = teacher_client.post("/api/v1/bank/questions/", body, format="json")

    assert created.status_code == 201, created.json()
    assert created.json()["disagreement"] == point.slug
    assert Question.objects.get(slug="legacy-form-question").disagreement == point
    assert [(p.source.slug, p.claim) for p in point.positions.all()] == [
        ("revolupedia", "Calls it an assassination."), ("cwi", "Reports rumours of murder."),
        ("wikipedia", "Gives a date and no cause."),
    ]  # fmt: skip
    mirrored = created.json()["disagreements"]
    assert [entry["source"] for entry in mirrored] == ["revolupedia", "cwi", "wikipedia"]
    assert created.json()["disagreement_point"] == point.question


@pytest.fixture
def teacher_client(api_client, bank_teacher):
    api_client.force_authenticate(bank_teacher)
    return api_client


# The admin ----------------------------------------------------------------------------------------------------


def test_a_teacher_quotes_a_position_in_the_admin_and_a_misquote_is_refused(teacher_in_admin, loaded_sources):
    point = death_point()
    question = question_on(point)
    position = point.positions.get(source__slug="cwi")
    url = f"/admin/quizzes/sourceposition/{position.pk}/change/"
    quote = position.quotes.get()
    data = {
        "point": str(point.pk), "source": str(position.source_id), "claim": position.claim,
        "quotes-TOTAL_FORMS": "2", "quotes-INITIAL_FORMS": "1", "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
        "quotes-0-id": str(quote.pk), "quotes-0-source_position": str(position.pk), "quotes-0-quote": quote.quote,
        "quotes-0-place": "1",
        "quotes-1-source_position": str(position.pk), "quotes-1-quote": "Stalin was poisoned by his doctors",
        "quotes-1-place": "2",
    }  # fmt: skip

    refused = teacher_in_admin.post(url, data)

    assert refused.status_code == 200 and "The quote is not in" in refused.content.decode()
    assert position.quotes.count() == 1

    data["quotes-1-quote"] = "who considered him insane and out of control"
    assert teacher_in_admin.post(url, data).status_code == 302
    assert [q.quote for q in position.quotes.all()][1] == "who considered him insane and out of control"
    question.refresh_from_db()
    assert "who considered him insane" in str(question.current_version.key["disagreements"])


def test_the_point_admin_lists_the_silent_sources_and_needs_two_positions(teacher_in_admin, loaded_sources):
    point = death_point()
    page = teacher_in_admin.get(f"/admin/quizzes/disagreementpoint/{point.pk}/change/").content.decode()
    silent = page[page.index("Silent sources") :]
    silent = silent[: silent.index("</div>", silent.index('class="readonly"'))]
    assert "Stalinism (wikipedia)" in silent and "Anti-Stalinism (revolupedia)" not in silent
    added = teacher_in_admin.post(
        "/admin/quizzes/disagreementpoint/add/",
        {
            "question": "A point with one side?", "slug": "one-side", "stakes": "Only one source speaks.",
            "positions-TOTAL_FORMS": "1", "positions-INITIAL_FORMS": "0", "positions-MIN_NUM_FORMS": "0",
            "positions-MAX_NUM_FORMS": "1000", "positions-0-source": str(Source.objects.get(slug="cwi").pk),
            "positions-0-claim": "A claim.", "positions-0-place": "1",
        },
    )  # fmt: skip
    assert added.status_code == 200 and "at least two positions" in added.content.decode()
    assert not DisagreementPoint.objects.filter(slug="one-side").exists()


# The page, the reader and the API -----------------------------------------------------------------------------


def test_the_page_lists_every_point_by_topic_with_a_matrix_of_who_says_what(client, loaded_bank):
    point = death_point()
    point.topics.set([])
    page = client.get("/disagreements/").content.decode()
    for shipped in DisagreementPoint.objects.all():
        assert f'href="/disagreements/{shipped.slug}/"' in page
    row = page[page.index(f'id="row-{point.slug}"') :]
    row = row[: row.index("</tr>")]
    assert row.count("<td") == Source.objects.count()
    assert row.count("silent-label") == 3
    assert "Calls it an assassination." in row and REVOLUPEDIA_QUOTE.replace("'", "&#x27;") in row
    assert f'href="/sources/cwi/#{PositionQuote.objects.get(quote=CWI_QUOTE).passage.anchor}"' in row


def test_a_point_page_shows_positions_silent_sources_and_links_to_passages(client, loaded_sources):
    point = death_point()
    page = client.get(f"/disagreements/{point.slug}/").content.decode()
    assert point.stakes in page and "Reports rumours of murder." in page
    silent = page[page.index("Silent on this point") :]
    assert all(f'href="/sources/{slug}/"' in silent for slug in ("imt", "starr", "wikipedia"))
    passage = PositionQuote.objects.get(quote=CWI_QUOTE).passage
    link = f'(in the passage <a href="/sources/cwi/#{passage.anchor}">“{passage.opening()}”</a>)'
    assert link.replace("'", "&#x27;") in page
    assert f">{passage.anchor}<" not in page
    assert client.get("/disagreements/no-such-point/").status_code == 404


@pytest.fixture
def exam(loaded_sources):
    """A published exam that reviews after it closes, open now, holding a question on the point."""
    point = death_point()
    question = question_on(point)
    quiz = Quiz.objects.create(slug="exam", title="Exam", status=Quiz.Status.PUBLISHED,
                               review_mode=Quiz.ReviewMode.AFTER_CLOSE,
                               closes_at=timezone.now() + timedelta(days=1))  # fmt: skip
    QuizQuestion.objects.create(quiz=quiz, question=question, position=1)
    return point, question, quiz


def test_an_open_exam_withholds_the_point_on_the_page_the_reader_and_the_api(client, api_client, exam, student):
    point, _, quiz = exam
    client.force_login(student)
    api_client.force_authenticate(student)
    detail = client.get(f"/disagreements/{point.slug}/").content.decode()
    listing = client.get("/disagreements/").content.decode()
    reader = client.get("/sources/cwi/").content.decode()
    api = api_client.get(f"/api/v1/disagreements/{point.slug}/").json()
    assert "Reports rumours of murder." not in detail + listing and point.stakes not in detail + listing
    assert "hidden until you have finished" in detail.lower()
    assert f"/disagreements/{point.slug}/" not in reader
    assert api["withheld"] is True and api["positions"] == [] and api["stakes"] == ""

    quiz.closes_at = timezone.now() - timedelta(minutes=1)
    quiz.save()
    assert "Reports rumours of murder." in client.get(f"/disagreements/{point.slug}/").content.decode()
    assert f"/disagreements/{point.slug}/" in client.get("/sources/cwi/").content.decode()
    assert api_client.get(f"/api/v1/disagreements/{point.slug}/").json()["withheld"] is False


def test_a_student_taking_a_quiz_on_the_point_sees_it_only_after_submitting_and_then_the_question_link(
    client, loaded_sources, student
):
    point = death_point()
    question = question_on(point)
    quiz = Quiz.objects.create(slug="practice-on-point", title="On the point", status=Quiz.Status.PUBLISHED)
    QuizQuestion.objects.create(quiz=quiz, question=question, position=1)
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=timezone.now())
    client.force_login(student)
    other = UserFactory(username="another-student")

    taking = client.get(f"/disagreements/{point.slug}/").content.decode()
    assert "Reports rumours of murder." not in taking
    client.force_login(other)
    assert "Reports rumours of murder." in client.get(f"/disagreements/{point.slug}/").content.decode()

    attempts.save_answer(attempt=attempt, question_slug=question.slug, answer="b", now=timezone.now())
    attempts.submit_attempt(attempt=attempt, now=timezone.now())
    assert f"/attempts/{attempt.pk}/result/" not in client.get(f"/disagreements/{point.slug}/").content.decode()
    client.force_login(student)
    reviewed = client.get(f"/disagreements/{point.slug}/").content.decode()
    assert "Reports rumours of murder." in reviewed
    assert f'href="/attempts/{attempt.pk}/result/#question-1"' in reviewed


def test_the_reader_marks_passages_that_take_a_side_with_a_link_to_the_point(client, loaded_sources):
    point = death_point()
    passage = PositionQuote.objects.get(quote=CWI_QUOTE).passage
    page = client.get("/sources/cwi/").content.decode()
    block = page[page.index(f'id="{passage.anchor}"') :]
    block = block[: block.index('<div class="passage')]
    assert f'<a href="/disagreements/{point.slug}/">{point.question}</a>' in block


def test_the_api_lists_points_filtered_by_topic_and_source(api_client, loaded_sources):
    from quizzes.models import Topic

    point = death_point()
    point.topics.set([Topic.objects.create(slug="t-death", name="Death")])
    DisagreementPointFactory(slug="elsewhere")

    by_topic = api_client.get("/api/v1/disagreements/", {"topic": "t-death"}).json()
    by_source = api_client.get("/api/v1/disagreements/", {"source": "cwi"}).json()
    detail = api_client.get(f"/api/v1/disagreements/{point.slug}/").json()

    assert [p["slug"] for p in by_topic["results"]] == [point.slug]
    assert point.slug in [p["slug"] for p in by_source["results"]]
    assert "elsewhere" not in [p["slug"] for p in by_source["results"]]
    assert detail["topics"] == ["t-death"]
    assert [(p["source"], p["claim"]) for p in detail["positions"]] == [
        ("revolupedia", "Calls it an assassination."), ("cwi", "Reports rumours of murder."),
    ]  # fmt: skip
    assert detail["positions"][1]["quotes"][0]["quote"] == CWI_QUOTE
    assert {"imt", "starr", "wikipedia"} <= set(detail["silent_sources"])
    assert not {"revolupedia", "cwi"} & set(detail["silent_sources"])
    assert api_client.get("/api/v1/disagreements/no-such-point/").status_code == 404


def test_the_schema_documents_both_operations(api_client, db):
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "get" in schema["paths"]["/api/v1/disagreements/"]
    assert "get" in schema["paths"]["/api/v1/disagreements/{slug}/"]


@pytest.mark.parametrize("extra_points", [1, 12])
def test_the_pages_stay_within_six_queries_whatever_the_number_of_points(
    client, loaded_sources, student, extra_points, django_assert_max_num_queries
):
    point = death_point()
    question = question_on(point)
    quiz = Quiz.objects.create(slug="on-point", title="On the point", status=Quiz.Status.PUBLISHED)
    QuizQuestion.objects.create(quiz=quiz, question=question, position=1)
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=timezone.now())
    attempts.submit_attempt(attempt=attempt, now=timezone.now())
    for _ in range(extra_points):
        DisagreementPointFactory()
    client.force_login(student)
    for url in ("/disagreements/", f"/disagreements/{point.slug}/", "/api/v1/disagreements/", "/sources/cwi/"):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
