from django.core.management.base import BaseCommand

from quizzes.lti.services import registrations


class Command(BaseCommand):
    help = "Print an LTI Dynamic Registration URL (valid for a week) to paste into an LMS."

    def add_arguments(self, parser):
        parser.add_argument("--tool-url", default="http://127.0.0.1:8000/", help="This site's address")

    def handle(self, *args, **options):
        invitation = registrations.dynamic_registration_invitation()
        self.stdout.write(f"{options['tool_url'].rstrip('/')}/lti/register/{invitation}/")
