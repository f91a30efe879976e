from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from quizzes.api import cards, disagreements, formats, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="swagger-ui"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("sources/", views.SourceList.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDetail.as_view(), name="source-detail"),
    path("passages/", views.PassageList.as_view(), name="passage-list"),
    path("passages/<int:pk>/", views.PassageDetail.as_view(), name="passage-detail"),
    path("topics/", views.TopicList.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic-detail"),
    path("disagreements/", disagreements.DisagreementList.as_view(), name="disagreement-list"),
    path("disagreements/<slug:slug>/", disagreements.DisagreementDetail.as_view(), name="disagreement-detail"),
    path("quizzes/", views.QuizList.as_view(), name="quiz-list"),
    path("quizzes/<slug:slug>/", views.QuizDetail.as_view(), name="quiz-detail"),
    path("quizzes/<slug:slug>/questions/", views.QuizQuestionList.as_view(), name="quiz-question-list"),
    path("quizzes/<slug:slug>/attempts/", views.StartAttempt.as_view(), name="attempt-start"),
    path("quizzes/<slug:slug>/results/", views.QuizResultList.as_view(), name="quiz-result-list"),
    path("quizzes/<slug:slug>/regrade/", views.RegradeQuiz.as_view(), name="quiz-regrade"),
    path("attempts/", views.AttemptList.as_view(), name="attempt-list"),
    path("attempts/<int:pk>/", views.AttemptDetail.as_view(), name="attempt-detail"),
    path("attempts/<int:pk>/answers/<slug:question>/", views.SaveAnswer.as_view(), name="attempt-answer"),
    path("attempts/<int:pk>/answers/<slug:question>/check/", views.CheckAnswer.as_view(), name="attempt-check"),
    path("attempts/<int:pk>/submit/", views.SubmitAttempt.as_view(), name="attempt-submit"),
    path("attempts/<int:pk>/result/", views.AttemptResult.as_view(), name="attempt-result"),
    path("progress/", views.MyProgress.as_view(), name="my-progress"),
    path("students/<str:username>/progress/", views.StudentProgress.as_view(), name="student-progress"),
    path("bank/questions/", views.BankQuestionList.as_view(), name="bank-question-list"),
    path("bank/export/", formats.BankExport.as_view(), name="bank-export"),
    path("bank/import/", formats.BankImport.as_view(), name="bank-import"),
    path("bank/questions/<slug:slug>/", views.BankQuestionDetail.as_view(), name="bank-question-detail"),
    path("courses/", views.CourseList.as_view(), name="course-list"),
    path("courses/<slug:slug>/students/", views.CourseStudentList.as_view(), name="course-student-list"),
    path("courses/<slug:slug>/integration-keys/", views.IntegrationKeyList.as_view(), name="integration-key-list"),
    path(
        "courses/<slug:slug>/integration-keys/<str:prefix>/",
        views.IntegrationKeyDetail.as_view(),
        name="integration-key-detail",
    ),
    path("flashcards/decks/", cards.DeckList.as_view(), name="flashcard-deck-list"),
    path("flashcards/queue/", cards.DueQueue.as_view(), name="flashcard-queue"),
    path("flashcards/reviews/", cards.ReviewList.as_view(), name="flashcard-review-list"),
    path("flashcards/stats/", cards.CardStats.as_view(), name="flashcard-stats"),
    path("flashcards/cards/", cards.AuthoredCardList.as_view(), name="flashcard-card-list"),
]
