"""The admin: teachers author, check, preview and publish questions and quizzes; administrators manage the rest.

Importing the modules registers their ModelAdmins.
"""

from django.contrib import admin

from quizzes.admin import cards, disagreements, questions, quizzes, results, sources
from quizzes.lti import admin as lti

# The question list needs the page's width more than the app list needs a sidebar on every page.
admin.site.enable_nav_sidebar = False
admin.site.site_header = "quizsite administration"
admin.site.site_title = "quizsite admin"
admin.site.index_title = "Questions, quizzes and results"

__all__ = ["cards", "disagreements", "lti", "questions", "quizzes", "results", "sources"]
