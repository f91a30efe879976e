import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.services.bank import export_bank


class Command(BaseCommand):
    help = "Write the database's question bank as one JSON document (load_bank reads it back)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="File to write, or - for standard output.")

    def handle(self, *args, **options):
        document = json.dumps(export_bank(), ensure_ascii=False, indent=2) + "\n"
        if options["output"] == "-":
            self.stdout.write(document, ending="")
            return
        path = Path(options["output"])
        try:
            path.write_text(document, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from error
        bank = json.loads(document)
        self.stdout.write(
            f"Wrote {len(bank['questions'])} questions, {len(bank['quizzes'])} quizzes, "
            f"{len(bank['topics'])} topics and {len(bank['sources'])} sources to {path}"
        )
