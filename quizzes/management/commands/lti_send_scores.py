from django.core.management.base import BaseCommand

from quizzes.lti import tasks


class Command(BaseCommand):
    help = "Send the LMS scores whose next try is due (what the worker's beat does every minute)."

    def handle(self, *args, **options):
        count = tasks.send_due_scores()
        self.stdout.write(f"{count} score(s) due were sent or rescheduled.")
