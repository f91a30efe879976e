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
from quizzes.services import attempts
from quizzes.services.presentation import question_card, question_for_student, review_sources


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
    pages = attempts.page_overview(attempt)
    one_per_page = attempt.quiz.layout == Quiz.Layout.ONE_PER_PAGE or per_question_review(attempt)
    page = _page_number(request.GET.get("q"), len(pages)) if one_per_page else None
    # Only the shown slots are read, and their keys only when a checked answer may show them.
    on_page = attempts.attempt_slots(attempt, with_key=False, positions=None if page is None else [page])
    checked = [slot for slot in on_page if _checked(slot)]
    keyed = (
        {
            slot.pk: slot
            for slot in attempts.attempt_slots(attempt, with_key=True, positions=[s.position for s in checked])
        }
        if checked
        else {}
    )
    sources = review_sources() if keyed else None
    errors = request.session.pop(f"attempt-{attempt.pk}-errors", {})
    cards = []
    for slot in on_page:
        shown_slot = keyed.get(slot.pk, slot)
        response = attempts.slot_response(shown_slot)
        reveal = slot.pk in keyed and attempts.question_review_allowed(attempt=attempt, response=response, now=now)
        card = question_card(
            content=attempts.slot_content(shown_slot, with_key=reveal), option_order=slot.option_order,
            number=slot.position, points=slot.points, response=response, reveal_key=reveal, sources=sources,
        )  # fmt: skip
        card["error"] = errors.get(slot.question.slug, "")
        cards.append(card)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "cards": cards,
        "page": page,
        "pages": pages,
        "total": len(pages),
        "answered_count": sum(entry["answered"] for entry in pages),
        "per_question_review": per_question_review(attempt),
        "seconds_left": int((attempt.deadline - now).total_seconds()) if attempt.deadline else None,
    }
    return render(request, "quizzes/take.html", context)


def per_question_review(attempt: Attempt) -> bool:
    # With review after each question, one question per page: a shown key must not answer another question.
    return attempt.quiz.review_mode == Quiz.ReviewMode.PER_QUESTION


def _checked(slot) -> bool:
    response = attempts.slot_response(slot)
    return response is not None and response.checked_at is not None


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
    wants_json = request.headers.get("Accept") == "application/json"
    slots = attempts.slots_by_slug(attempt, request.POST.getlist("question"))
    errors, answers = {}, []
    for slug, slot in slots.items():
        shown = question_for_student(attempts.slot_content(slot, with_key=False), option_order=slot.option_order)
        parsed = parse_answer(shown, request.POST)
        if parsed.error:
            errors[slug] = parsed.error
        elif parsed.answer is not None:
            answers.append((slug, parsed.answer))
    check = request.POST.get("check")
    try:
        outcome = attempts.save_answers(attempt=attempt, answers=answers, now=now, slots=slots)
        if check and check in slots and check not in errors and check not in outcome.refused:
            attempts.check_question(attempt=attempt, question_slug=check, now=now)
    except AttemptClosed as error:
        if wants_json:
            return JsonResponse({"errors": {"attempt": str(error)}}, status=409)
        messages.error(request, str(error))
        return redirect("quizzes:result", attempt.pk)
    except QuizError as error:
        errors[check] = str(error)
    else:
        errors.update({slug: str(error) for slug, error in outcome.refused.items()})
    if wants_json:
        return JsonResponse({"errors": errors}, status=400 if errors else 200)
    target = request.POST.get("go_to") or request.POST.get("page") or "1"
    if errors:
        request.session[f"attempt-{attempt.pk}-errors"] = errors
        messages.error(request, "Some answers could not be saved; see the messages by the questions.")
        target = min(slots[slug].position for slug in errors if slug in slots)
    elif request.POST.get("action") == "submit":
        return redirect(reverse("quizzes:confirm_submit", args=[attempt.pk]))
    return redirect(f"{reverse('quizzes:take', args=[attempt.pk])}?q={target}")


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
            "total": attempt.slots.count(),
            "answered_count": attempt.responses.count(),
        },
    )


@login_required
def result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    if attempt.submitted_at is None:
        return redirect("quizzes:take", attempt.pk)
    reveal = attempts.review_allowed(attempt=attempt, now=now)
    sources = review_sources() if reveal else None
    cards = [
        question_card(
            content=attempts.slot_content(slot, with_key=reveal),
            option_order=slot.option_order,
            number=slot.position,
            points=slot.points,
            response=attempts.slot_response(slot),
            reveal_key=reveal,
            sources=sources,
        )  # fmt: skip
        for slot in attempts.attempt_slots(attempt, with_key=reveal)
    ]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "cards": cards,
        "reveal": reveal,
        "percent": attempts.attempt_percent(attempt),
    }
    return render(request, "quizzes/result.html", context)
