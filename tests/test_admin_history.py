"""Change history of questions: who changed what, when, visible in the admin."""

import pytest
from django.db.models import Count

from quizzes.models import Question

pytestmark = pytest.mark.django_db


def test_an_admin_edit_is_recorded_with_its_author_and_the_changed_fields(client, bank_teacher):
    question = (
        Question.objects.filter(type=Question.Type.TRUE_FALSE, disagreements__isnull=True)
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
        "disagreement_point": "",
        "topics": [str(pk) for pk in question.topics.values_list("pk", flat=True)],
        "citations-TOTAL_FORMS": "1", "citations-INITIAL_FORMS": "1",
        "citations-0-id": str(citation.pk), "citations-0-question": str(question.pk),
        "citations-0-source": str(citation.source_id), "citations-0-quote": citation.quote,
        "disagreements-TOTAL_FORMS": "0", "disagreements-INITIAL_FORMS": "0",
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
    assert 'id="quote-history"' in page
