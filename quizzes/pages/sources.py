"""The source reader: the list of sources and one source with its passages."""

from django.shortcuts import get_object_or_404, render

from quizzes import selectors


def source_list(request):
    return render(request, "quizzes/source_list.html", {"sources": selectors.sources_with_counts()})


def source_detail(request, slug):
    source = get_object_or_404(selectors.sources_with_counts(), slug=slug)
    return render(
        request,
        "quizzes/source_detail.html",
        {"source": source, "passages": selectors.passages_with_visible_citations(source=source, user=request.user)},
    )
