from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.errors import BankError
from quizzes.services.bank import load_bank


class Command(BaseCommand):
    help = (
        "Load the question bank (a folder of YAML files, or one exported JSON document) idempotently by id. "
        "Nothing is loaded if anything is invalid; every problem is listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.BANK_DIR), help="Bank folder or document.")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            report = load_bank(path=path)
        except BankError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"The bank was not loaded: {len(error.problems)} problem(s), listed above.") from error
        self.stdout.write(f"topics: {report.topics.summary()}")
        self.stdout.write(f"questions: {report.questions.summary()}")
        self.stdout.write(f"quizzes: {report.quizzes.summary()}")
