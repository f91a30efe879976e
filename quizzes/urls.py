from django.urls import path

from quizzes import card_views, teacher_views, views

app_name = "quizzes"

urlpatterns = [
    path("", views.home, name="home"),
    path("quizzes/<slug:slug>/", views.quiz_detail, name="quiz"),
    path("quizzes/<slug:slug>/start/", views.start, name="start"),
    path("attempts/<int:attempt_id>/", views.take, name="take"),
    path("attempts/<int:attempt_id>/answers/", views.save_answers, name="save_answers"),
    path("attempts/<int:attempt_id>/submit/", views.confirm_submit, name="confirm_submit"),
    path("attempts/<int:attempt_id>/result/", views.result, name="result"),
    path("sources/", views.source_list, name="sources"),
    path("sources/<slug:slug>/", views.source_detail, name="source"),
    path("progress/", views.progress, name="progress"),
    path("teaching/", teacher_views.dashboard, name="teacher_dashboard"),
    path("teaching/quizzes/<slug:slug>/", teacher_views.quiz_dashboard, name="teacher_quiz"),
    path("teaching/students/<str:username>/", teacher_views.student_dashboard, name="teacher_student"),
    path("flashcards/", card_views.deck_list, name="flashcards"),
    path("flashcards/study/", card_views.study, name="study"),
    path("flashcards/review/", card_views.review, name="card_review"),
    path("flashcards/stats/", card_views.stats, name="card_stats"),
    path("flashcards/export.apkg", card_views.export, name="card_export"),
]
