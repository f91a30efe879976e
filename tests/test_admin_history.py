"""Change history of questions: who changed what, when, visible in the admin."""

import pytest
from django.db.models import Count
from django.utils.html import escape

from quizzes.models import Citation, OrderingItem, Question

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_recorded_with_its_author_and_the_changed_fields(client, bank_teacher):
    question = (
        Question.objects.filter(type=Question.Type.TRUE_FALSE, disagreement__isnull=True)
        .annotate(n_citations=Count("citations"))
        .filter(n_citations=1)
        .first()
    )
    citation = question.citations.get()
    data = {
        "prompt": "An edited statement.",
        "true_false_answer": "true" if question.choices.get(key="true").is_correct else "false",
        "explanation": question.explanation,
        "difficulty": str(question.difficulty),
        "framing": question.framing,
        "status": question.status,
        "disagreement": "",
        "topics": [str(pk) for pk in question.topics.values_list("pk", flat=True)],
        "citations-TOTAL_FORMS": "1", "citations-INITIAL_FORMS": "1",
        "citations-0-id": str(citation.pk), "citations-0-question": str(question.pk),
        "citations-0-source": str(citation.source_id), "citations-0-quote": citation.quote,
    }  # fmt: skip
    client.force_login(bank_teacher)
    before = question.history.count()

    response = client.post(f"/admin/quizzes/question/{question.pk}/change/", data)

    assert response.status_code == 302
    latest = question.history.first()
    assert question.history.count() == before + 1
    assert latest.history_user == bank_teacher and latest.prompt == "An edited statement."
    assert [change.field for change in latest.diff_against(latest.prev_record).changes] == ["prompt"]
    page = client.get(f"/admin/quizzes/question/{question.pk}/history/").content.decode()
    assert "An edited statement." in page and bank_teacher.username in page
    assert 'id="part-history"' in page


def test_changing_the_key_is_recorded_in_the_question_history(client, bank_teacher):
    question = Question.objects.filter(type=Question.Type.ORDERING).first()
    client.force_login(bank_teacher)
    items = list(question.ordering_items.all())
    data = {
        "prompt": question.prompt, "explanation": question.explanation, "difficulty": str(question.difficulty),
        "framing": question.framing, "status": question.status,
        "disagreement": question.disagreement_id or "",
        "topics": [str(pk) for pk in question.topics.values_list("pk", flat=True)],
    }  # fmt: skip
    # The first two items swap places; the rest stay.
    places = [2, 1, *range(3, len(items) + 1)]
    data.update(inline_rows("ordering_items", [
        {"id": item.pk, "question": question.pk, "text": item.text, "place": place}
        for item, place in zip(items, places, strict=True)
    ]))  # fmt: skip
    data.update(inline_rows("citations", [
        {"id": c.pk, "question": question.pk, "source": c.source_id, "quote": c.quote, "passage": c.passage_id or "",
         "place": c.position}
        for c in question.citations.all()
    ]))  # fmt: skip

    response = client.post(f"/admin/quizzes/question/{question.pk}/change/", data)

    assert response.status_code == 302
    assert [item.text for item in question.ordering_items.all()][:2] == [items[1].text, items[0].text]
    by_teacher = OrderingItem.history.filter(question_id=question.pk, history_user=bank_teacher)
    assert {(record.text, record.position) for record in by_teacher} >= {(items[1].text, 1), (items[0].text, 2)}
    assert not Citation.history.filter(question_id=question.pk, history_user=bank_teacher).exists()  # unchanged
    page = client.get(f"/admin/quizzes/question/{question.pk}/history/").content.decode()
    assert f"1. {escape(items[1].text)}" in page


def inline_rows(prefix: str, rows: list[dict]) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(len(rows))}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": str(value) for name, value in row.items()})
    return data
