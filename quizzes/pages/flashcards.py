"""Flashcard pages: decks, the study page (front, reveal, rate), statistics and the Anki export.

Every page reads and writes only the signed-in student's card states and reviews.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from quizzes.errors import QuizError, UnknownDeck
from quizzes.models import CardReview
from quizzes.pages.flashcard_forms import ReviewForm
from quizzes.services import cards, scheduling
from quizzes.services.anki_export import export_deck
from quizzes.services.card_charts import forecast_chart, retention_chart, reviews_chart


def _deck(request, key=None):
    try:
        return cards.deck_from_key(key or request.GET.get("deck") or "all")
    except UnknownDeck as error:
        raise Http404(str(error)) from None


def _study_url(deck) -> str:
    return f"{reverse('quizzes:study')}?deck={deck.key}"


@login_required
def deck_list(request):
    summaries = cards.deck_summaries(student=request.user, now=timezone.now())
    return render(request, "quizzes/flashcards/decks.html", {"summaries": summaries})


@login_required
@never_cache  # Back after a rating reloads the page and its fresh review id, rather than resending the old one
def study(request):
    deck = _deck(request)
    now = timezone.now()
    queue = cards.due_queue(student=request.user, deck=deck, now=now, limit=1)
    context = {"deck": deck, "queue": queue}
    if not queue.is_empty:
        state = queue.due[0] if queue.due else None
        flashcard = cards.with_card_content([queue.flashcards[0]])[0]
        intervals = scheduling.next_intervals(state=state, now=now)
        review_id = uuid.uuid4()
        context.update(
            flashcard=flashcard,
            state=state,
            front=cards.card_front(flashcard, view_key=review_id.hex),
            back={"number": 1, "key_only": True, "review": cards.card_back(flashcard)},
            ratings=[
                {"value": value, "label": label, "interval": scheduling.describe_interval(intervals[value])}
                for value, label in CardReview.Rating.choices
            ],
            review_id=review_id,
        )
    return render(request, "quizzes/flashcards/study.html", context)


@login_required
@require_POST
def review(request):
    # The study page's script asks for JSON and loads the next card itself; without JavaScript, a redirect.
    wants_json = request.headers.get("Accept") == "application/json"
    form = ReviewForm(request.POST)
    if not form.is_valid():
        problem = "The rating was not recorded: " + "; ".join(
            f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()
        )
        if wants_json:
            return JsonResponse({"error": problem}, status=400)
        messages.error(request, problem)
        return redirect(_study_url(_deck(request, request.POST.get("deck"))))
    deck = _deck(request, form.cleaned_data["deck"])
    flashcard = get_object_or_404(cards.studied_cards(student=request.user), pk=form.cleaned_data["card"])
    try:
        scheduling.review_card(
            student=request.user,
            flashcard=flashcard,
            rating=form.cleaned_data["rating"],
            review_id=form.cleaned_data["review_id"],
            now=timezone.now(),
            duration_ms=form.cleaned_data["duration_ms"],
        )
    except QuizError as error:
        if wants_json:
            return JsonResponse({"error": str(error)}, status=409)
        messages.error(request, str(error))
    if wants_json:
        return JsonResponse({"next": _study_url(deck)})
    return redirect(_study_url(deck))


@login_required
def stats(request):
    card_stats = cards.card_stats(student=request.user, now=timezone.now())
    return render(
        request,
        "quizzes/flashcards/stats.html",
        {
            "stats": card_stats,
            "reviews_svg": reviews_chart(card_stats.days),
            "retention_svg": retention_chart(card_stats.days),
            "forecast_svg": forecast_chart(card_stats.forecast),
            "desired_retention": round(settings.FLASHCARDS["DESIRED_RETENTION"] * 100),
        },
    )


@login_required
def export(request):
    deck = _deck(request)
    package = export_deck(deck=deck, student=request.user, now=timezone.now())
    response = HttpResponse(package, content_type="application/apkg")
    response["Content-Disposition"] = f'attachment; filename="quizsite-{deck.key.replace(":", "-")}.apkg"'
    return response
