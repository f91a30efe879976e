from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.errors import BankError
from quizzes.services.bank import load_bank
from quizzes.services.bank_sync import LoadMode


class Command(BaseCommand):
    help = (
        "Load the question bank (a folder of YAML files, or one exported JSON document) by id. Nothing is loaded "
        "if anything is invalid; every problem is listed. An item edited since the last load (admin, API, import) "
        "is kept and reported, unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(settings.BANK_DIR), help="Bank folder or document.")
        modes = parser.add_mutually_exclusive_group()
        modes.add_argument(
            "--force", action="store_true", help="Overwrite every item with what the files say, edits included."
        )
        modes.add_argument(
            "--only-new", action="store_true", help="Only add the items that are missing; leave every other one."
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        mode = LoadMode.FORCE if options["force"] else LoadMode.ONLY_NEW if options["only_new"] else LoadMode.SYNC
        try:
            report = load_bank(path=path, mode=mode)
        except BankError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"The bank was not loaded: {len(error.problems)} problem(s), listed above.") from error
        self.stdout.write(f"topics: {report.topics.summary()}")
        self.stdout.write(f"points: {report.points.summary()}")
        self.stdout.write(f"questions: {report.questions.summary()}")
        self.stdout.write(f"quizzes: {report.quizzes.summary()}")
        for conflict in report.conflicts:
            self.stderr.write(f"  {conflict}")
