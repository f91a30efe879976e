from django.shortcuts import render

from quizzes import selectors


def home(request):
    return render(
        request,
        "quizzes/home.html",
        {"sources": selectors.sources_with_counts(), "quizzes": selectors.published_quizzes()},
    )
