"""The results page at a glance: a summary grid, each question's state, chosen options marked right or wrong, the
cloze prompt with the student's and the key's words in place, the sources folded, nothing of the key before
review allows it."""

import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from quizzes.models import Question, Quiz
from quizzes.services import attempts
from quizzes.services.attempts import attempt_slots
from quizzes.services.grading import correct_answer
from tests.factories import quiz_of_every_type

pytestmark = pytest.mark.django_db


def wrong_cloze(question):
    return {blank: "nowhere" for blank in correct_answer(question)}


def sit(quiz, student, *, answer_for):
    """Submit an attempt in which answer_for(question) gives each answer (None: left unanswered)."""
    now = timezone.now()
    attempt = attempts.start_attempt(quiz=quiz, student=student, now=now)
    for link in attempt_slots(attempt, with_key=False):
        answer = answer_for(link.question)
        if answer is not None:
            attempts.save_answer(attempt=attempt, question_slug=link.question.slug, answer=answer, now=now)
    return attempts.submit_attempt(attempt=attempt, now=now)


def answers_by_type(question):
    """Right for single choice and ordering, wrong for true/false and cloze, unanswered short answer, partly right
    multiple choice (one of its right options), right matching."""
    key = correct_answer(question)
    if question.type == Question.Type.TRUE_FALSE:
        return "true" if key == "false" else "false"
    if question.type == Question.Type.CLOZE:
        return wrong_cloze(question)
    if question.type == Question.Type.SHORT_ANSWER:
        return None
    if question.type == Question.Type.MULTIPLE_CHOICE:
        assert len(key) > 1
        return key[:1]
    return key


def one_right_one_wrong(question):
    """For multiple choice: one right option and one wrong; the key for the others."""
    if question.type != Question.Type.MULTIPLE_CHOICE:
        return correct_answer(question)
    wrong = next(choice.key for choice in question.choices.all() if not choice.is_correct)
    return [correct_answer(question)[0], wrong]


def test_results_open_with_a_grid_of_every_question_state_linking_to_each(client, student, loaded_bank):
    quiz = quiz_of_every_type()
    attempt = sit(quiz, student, answer_for=answers_by_type)
    client.force_login(student)

    page = client.get(f"/attempts/{attempt.pk}/result/").content.decode()

    grid = page[page.index('class="result-grid"') : page.index('class="result-list"')]
    cells = re.findall(r'<a class="state-cell state-(\w+)" href="#result-(\d+)"', grid)
    states = dict((int(number), state) for state, number in cells)
    assert states == {1: "correct", 2: "partial", 3: "wrong", 4: "unanswered", 5: "wrong", 6: "correct", 7: "correct"}
    assert "Partly correct" in grid and "Not answered" in grid and "Incorrect" in grid
    assert all(f'id="result-{number}"' in page for number in states)
    assert "3 correct · 1 partly correct · 2 incorrect · 1 not answered" in page


def test_chosen_options_are_marked_right_or_wrong_and_the_missed_ones_shown(client, student, loaded_bank):
    quiz = quiz_of_every_type()
    attempt = sit(quiz, student, answer_for=one_right_one_wrong)
    question = quiz.questions.get(type=Question.Type.MULTIPLE_CHOICE)
    client.force_login(student)

    page = client.get(f"/attempts/{attempt.pk}/result/").content.decode()

    item = page[page.index('id="result-2"') : page.index('id="result-3"')]
    texts = {choice.key: escape(choice.text) for choice in question.choices.all()}
    right_chosen, wrong_chosen = one_right_one_wrong(question)
    assert f'✔</span> {texts[right_chosen]} <span class="mark-word">your choice, right' in item
    assert f'✘</span> {texts[wrong_chosen]} <span class="mark-word">your choice, wrong' in item
    missed = [c.key for c in question.choices.all() if c.is_correct and c.key != right_chosen]
    assert missed and all(f'{texts[key]} <span class="mark-word">right, not chosen' in item for key in missed)


def test_the_cloze_prompt_shows_the_students_and_the_keys_words_in_place(client, student, loaded_bank):
    quiz = quiz_of_every_type()
    attempt = sit(quiz, student, answer_for=answers_by_type)
    question = quiz.questions.get(type=Question.Type.CLOZE)
    client.force_login(student)

    page = client.get(f"/attempts/{attempt.pk}/result/").content.decode()

    item = page[page.index('id="result-5"') : page.index('id="result-6"')]
    assert "[[" not in item
    first_key = correct_answer(question)["1"]
    assert re.search(
        r'<span class="blank-mark is-wrong"><span class="visually-hidden">Blank 1: you wrote </span>'
        rf'<span class="given">nowhere</span>.*?<span class="key">{re.escape(first_key)}</span>',
        item,
    )
    text_before_blank = question.prompt.split("[[1]]")[0][-20:]
    assert escape(text_before_blank) in item


def test_explanations_and_citations_fold_and_the_key_stays_out_until_review(client, student, loaded_bank):
    tomorrow = timezone.now() + timezone.timedelta(days=1)
    quiz = quiz_of_every_type(review_mode=Quiz.ReviewMode.AFTER_CLOSE, closes_at=tomorrow)
    attempt = sit(quiz, student, answer_for=correct_answer)
    client.force_login(student)
    url = f"/attempts/{attempt.pk}/result/"

    hidden = client.get(url).content.decode()
    assert "state-correct" not in hidden and "blank-mark" not in hidden and 'details class="why"' not in hidden
    assert hidden.count('class="state-cell state-hidden"') == 7

    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() - timezone.timedelta(minutes=1))
    shown = client.get(url).content.decode()
    assert shown.count('<details class="why">') == 7  # folded: no "open"
    assert shown.count('class="state-cell state-correct"') == 7
