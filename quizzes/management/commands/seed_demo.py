from django.core.management.base import BaseCommand

from quizzes.services.accounts import seed_demo_accounts


class Command(BaseCommand):
    help = "Create the demo accounts teacher/teacher-pass and student/student-pass (demo only) idempotently."

    def handle(self, *args, **options):
        for username, outcome in seed_demo_accounts():
            self.stdout.write(f"{username}: {outcome}")
