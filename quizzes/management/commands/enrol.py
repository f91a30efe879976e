from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from quizzes.services.courses import enrol


class Command(BaseCommand):
    help = "Create a course if needed and add teachers and students to it (by username). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("course", help="The course's slug, e.g. history-101.")
        parser.add_argument("--title", default="", help="The course's title (kept as is when omitted).")
        parser.add_argument("--teacher", action="append", default=[], help="A teacher's username (repeatable).")
        parser.add_argument("--student", action="append", default=[], help="A student's username (repeatable).")

    def handle(self, *args, course, title, teacher, student, **options):
        users = get_user_model().objects.in_bulk([*teacher, *student], field_name="username")
        unknown = sorted({*teacher, *student} - set(users))
        if unknown:
            raise CommandError(f"unknown user(s): {', '.join(unknown)}")
        enrolled = enrol(
            course_slug=course,
            title=title,
            teachers=[users[name] for name in teacher],
            students=[users[name] for name in student],
        )
        self.stdout.write(
            f"{enrolled.slug}: {enrolled.teachers.count()} teacher(s), {enrolled.students.count()} student(s)"
        )
