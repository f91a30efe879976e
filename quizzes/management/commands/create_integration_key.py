from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Course, IntegrationKey
from quizzes.services.courses import create_integration_key


class Command(BaseCommand):
    help = "Create an LMS integration key for a course and print it (it is stored only as a hash)."

    def add_arguments(self, parser):
        parser.add_argument("course", help="The course's slug.")
        parser.add_argument("name", help="What the key is for, e.g. Canvas.")
        parser.add_argument(
            "--scope", choices=IntegrationKey.Scope.values, default=IntegrationKey.Scope.READ, help="Default: read."
        )

    def handle(self, *args, course, name, scope, **options):
        found = Course.objects.filter(slug=course).first()
        if found is None:
            raise CommandError(f"no course {course!r}; create it with: manage.py enrol {course} --title ...")
        _, key = create_integration_key(course=found, name=name, scope=scope)
        self.stdout.write(key)
