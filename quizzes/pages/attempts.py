"""Quizzes and attempts: the home page, a quiz, taking it, saving answers, submitting and the results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes import selectors
from quizzes.errors import AttemptClosed, QuizError
from quizzes.models import Attempt, Quiz
from quizzes.pages.answer_forms import parse_answer
from quizzes.services import attempts, secrecy
from quizzes.services.presentation import question_card, question_for_student


def home(request):
    if request.user.is_authenticated:
        return render(request, "quizzes/dashboard.html", {"quizzes": selectors.quizzes_for_student(request.user)})
    return render(
        request,
        "quizzes/home.html",
        {"sources": selectors.sources_with_counts(), "quizzes": selectors.published_quizzes()},
    )


@login_required
def quiz_detail(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug, status=Quiz.Status.PUBLISHED)
    return render(request, "quizzes/quiz_detail.html", selectors.quiz_overview(quiz=quiz, student=request.user))


@login_required
@require_POST
def start(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug, status=Quiz.Status.PUBLISHED)
    try:
        attempt = attempts.start_attempt(quiz=quiz, student=request.user, now=timezone.now())
    except QuizError as error:
        messages.error(request, str(error))
        return redirect("quizzes:quiz", slug)
    return redirect("quizzes:take", attempt.pk)


def _own_attempt(request, attempt_id) -> Attempt:
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id, student=request.user)


@login_required
def take(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    if attempts.is_overdue(attempt=attempt, now=now):
        attempts.submit_attempt(attempt=attempt, now=now)
        messages.warning(request, "Time is up: your attempt was submitted with the answers you had saved.")
        return redirect("quizzes:result", attempt.pk)
    if attempt.submitted_at is not None:
        return redirect("quizzes:result", attempt.pk)
    links = attempts.attempt_questions(attempt, with_review=attempt.quiz.review_mode == Quiz.ReviewMode.PER_QUESTION)
    responses = {response.question_id: response for response in attempt.responses.all()}
    one_per_page = attempt.quiz.shows_one_per_page
    page = _page_number(request.GET.get("q"), len(links)) if one_per_page else None
    on_page = [(number, link) for number, link in enumerate(links, start=1) if page in (None, number)]
    errors = request.session.pop(f"attempt-{attempt.pk}-errors", {})
    embargoed = secrecy.embargoed_question_ids(now=now)
    cards = []
    for number, link in on_page:
        response = responses.get(link.question_id)
        reveal = response is not None and secrecy.key_visible(
            attempt=attempt, question_id=link.question_id, answered=True, now=now, embargoed=embargoed
        )
        card = question_card(link=link, number=number, attempt=attempt, response=response, reveal_key=reveal)
        card["error"] = errors.get(link.question.slug, "")
        cards.append(card)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "cards": cards,
        "page": page,
        "pages": [
            {"number": number, "answered": link.question_id in responses} for number, link in enumerate(links, 1)
        ],
        "total": len(links),
        "answered_count": len(responses),
        "seconds_left": int((attempt.deadline - now).total_seconds()) if attempt.deadline else None,
    }
    return render(request, "quizzes/take.html", context)


def _page_number(raw, total: int) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(total, 1))


@login_required
@require_POST
def save_answers(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    links = attempts.attempt_questions(attempt)
    wants_json = request.headers.get("Accept") == "application/json"
    wanted = set(request.POST.getlist("question"))
    errors, answers = {}, []
    for link in links:
        if link.question.slug not in wanted:
            continue
        parsed = parse_answer(question_for_student(link.question, attempt=attempt), request.POST)
        if parsed.error:
            errors[link.question.slug] = parsed.error
        elif parsed.answer is not None:
            answers.append((link.question, parsed.answer))
    try:
        outcome = attempts.save_answers(attempt=attempt, answers=answers, now=now)
    except AttemptClosed as error:
        if wants_json:
            return JsonResponse({"errors": {"attempt": str(error)}}, status=409)
        messages.error(request, str(error))
        return redirect("quizzes:result", attempt.pk)
    errors.update({slug: str(error) for slug, error in outcome.refused.items()})
    if wants_json:
        return JsonResponse({"errors": errors}, status=400 if errors else 200)
    target = request.POST.get("go_to") or request.POST.get("page") or "1"
    if errors:
        request.session[f"attempt-{attempt.pk}-errors"] = errors
        messages.error(request, "Some answers could not be saved; see the messages by the questions.")
        target = next(number for number, link in enumerate(links, start=1) if link.question.slug in errors)
    elif request.POST.get("action") == "submit":
        return redirect(reverse("quizzes:confirm_submit", args=[attempt.pk]))
    return redirect(f"{reverse('quizzes:take', args=[attempt.pk])}?q={_page_number(target, len(links))}")


@login_required
def confirm_submit(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if request.method == "POST":
        attempts.submit_attempt(attempt=attempt, now=timezone.now())
        return redirect("quizzes:result", attempt.pk)
    if attempt.submitted_at is not None:
        return redirect("quizzes:result", attempt.pk)
    return render(
        request,
        "quizzes/confirm_submit.html",
        {
            "attempt": attempt,
            "total": attempt.quiz.quiz_questions.count(),
            "answered_count": attempt.responses.count(),
        },
    )


@login_required
def result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    if attempt.submitted_at is None:
        return redirect("quizzes:take", attempt.pk)
    reveal = secrecy.review_allowed(attempt=attempt, now=now)
    links = attempts.attempt_questions(attempt, with_review=reveal)
    responses = {response.question_id: response for response in attempt.responses.all()}
    embargoed = secrecy.embargoed_question_ids(now=now) if reveal else set()
    cards = [
        question_card(
            link=link,
            number=number,
            attempt=attempt,
            response=responses.get(link.question_id),
            reveal_key=reveal and link.question_id not in embargoed,
        )
        for number, link in enumerate(links, start=1)
    ]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "cards": cards,
        "reveal": reveal,
        "percent": attempts.attempt_percent(attempt),
    }
    return render(request, "quizzes/result.html", context)
