"""Where the sources disagree: every contested point by topic, a matrix of points by sources, and one point."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from quizzes.services import disagreements


def disagreement_list(request):
    contested = disagreements.disagreement_map(viewer=request.user, now=timezone.now())
    return render(request, "quizzes/disagreement_list.html", {"map": contested})


def disagreement_detail(request, slug):
    contested = disagreements.disagreement_map(viewer=request.user, now=timezone.now(), slug=slug)
    if not contested.points:
        raise Http404("No such contested point.")
    return render(
        request, "quizzes/disagreement_detail.html", {"point": contested.points[0], "sources": contested.sources}
    )
