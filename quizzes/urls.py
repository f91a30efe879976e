from django.urls import path

from quizzes.pages import attempts, disagreements, exports, flashcards, progress, sources, teaching

app_name = "quizzes"

urlpatterns = [
    path("", attempts.home, name="home"),
    path("quizzes/<slug:slug>/", attempts.quiz_detail, name="quiz"),
    path("quizzes/<slug:slug>/start/", attempts.start, name="start"),
    path("attempts/<int:attempt_id>/", attempts.take, name="take"),
    path("attempts/<int:attempt_id>/answers/", attempts.save_answers, name="save_answers"),
    path("attempts/<int:attempt_id>/submit/", attempts.confirm_submit, name="confirm_submit"),
    path("attempts/<int:attempt_id>/result/", attempts.result, name="result"),
    path("sources/", sources.source_list, name="sources"),
    path("sources/<slug:slug>/", sources.source_detail, name="source"),
    path("disagreements/", disagreements.disagreement_list, name="disagreements"),
    path("disagreements/<slug:slug>/", disagreements.disagreement_detail, name="disagreement"),
    path("progress/", progress.progress, name="progress"),
    path("teaching/", teaching.dashboard, name="teacher_dashboard"),
    path("teaching/quizzes/<slug:slug>/", teaching.quiz_dashboard, name="teacher_quiz"),
    path("teaching/quizzes/<slug:slug>/results.csv", exports.quiz_results_csv, name="teacher_quiz_results_csv"),
    path("teaching/quizzes/<slug:slug>/questions.csv", exports.quiz_items_csv, name="teacher_quiz_items_csv"),
    path("teaching/quizzes/<slug:slug>/students.csv", exports.quiz_students_csv, name="teacher_quiz_students_csv"),
    path("teaching/students/<str:username>/", teaching.student_dashboard, name="teacher_student"),
    path("teaching/attempts/<int:attempt_id>/", teaching.attempt_review, name="teacher_attempt"),
    path("flashcards/", flashcards.deck_list, name="flashcards"),
    path("flashcards/study/", flashcards.study, name="study"),
    path("flashcards/review/", flashcards.review, name="card_review"),
    path("flashcards/stats/", flashcards.stats, name="card_stats"),
    path("flashcards/export.apkg", flashcards.export, name="card_export"),
]
