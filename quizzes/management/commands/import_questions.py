from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.errors import BankError
from quizzes.services.formats import FORMATS
from quizzes.services.formats.common import MAX_FILE_BYTES, FormatError
from quizzes.services.question_formats import import_questions_file, read_questions_file


class Command(BaseCommand):
    help = (
        "Import questions from Moodle XML, QTI 1.2 (zip or XML), GIFT or CSV as drafts. Every problem is listed; "
        "the valid questions are created together, or none; it fails when none could be imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import (.xml, .zip, .gift, .txt or .csv).")
        parser.add_argument("--format", choices=list(FORMATS), help="The file's format (default: from its name).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be created; change nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"{path.name}: refused: larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            if options["dry_run"]:
                result = read_questions_file(content=content, file_name=path.name, format_name=options["format"])
            else:
                result = import_questions_file(
                    content=content, file_name=path.name, author=None, format_name=options["format"]
                )
        except FormatError as error:
            raise CommandError(str(error)) from error
        except BankError as error:
            for problem in error.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"Nothing was imported: {len(error.problems)} problem(s), listed above.") from error
        for problem in result.problems:
            self.stderr.write(f"  {problem}")
        for entry in result.questions:
            self.stdout.write(f"  {entry['id']}: {entry['type']}, {result.points[entry['id']]} point(s)")
        if options["dry_run"]:
            if not result.questions:
                raise CommandError("No question in the file could be imported (problems listed above).")
            self.stdout.write(
                f"Dry run: {len(result.questions)} question(s) would be created as drafts; "
                f"{len(result.problems)} problem(s)."
            )
            return
        self.stdout.write(
            f"Created {len(result.created)} draft question(s) from {path.name} ({result.format_name}); "
            f"{len(result.problems)} problem(s)."
        )
