"""Forms of the flashcard pages."""

from django import forms

from quizzes.models import CardReview


class ReviewForm(forms.Form):
    """One rating of a card; review_id is issued with the page, so sending the form twice records one review."""

    card = forms.IntegerField(min_value=1)
    rating = forms.TypedChoiceField(choices=CardReview.Rating.choices, coerce=int)
    review_id = forms.UUIDField()
    deck = forms.CharField(max_length=200, initial="all")
    duration_ms = forms.IntegerField(min_value=0, max_value=24 * 3600 * 1000, required=False)
