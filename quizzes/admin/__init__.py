"""The admin: teachers author, check, preview and publish questions and quizzes; administrators manage the rest.

Importing the modules registers their ModelAdmins.
"""

from quizzes.admin import cards, questions, quizzes, results, sources

__all__ = ["cards", "questions", "quizzes", "results", "sources"]
