from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from quizzes.errors import SourceFileError
from quizzes.services.sources import load_sources


class Command(BaseCommand):
    help = "Load the source documents (NAME.txt with its NAME.yaml metadata) idempotently."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.SOURCES_DIR), help="Folder of the source files.")

    def handle(self, *args, **options):
        try:
            reports = load_sources(directory=Path(options["dir"]))
        except SourceFileError as error:
            raise CommandError(str(error)) from error
        broken_total = 0
        for report in reports:
            line = f"{report.slug}: {report.outcome} ({report.passages} passages, {report.furniture} website furniture"
            if report.outcome == "text changed":
                line += f", {report.reanchored} quotes re-anchored, {len(report.broken)} broken"
            elif report.broken:
                line += f", {len(report.broken)} quotes now resting on furniture"
            self.stdout.write(line + ")")
            for broken in report.broken:
                broken_total += 1
                self.stderr.write(
                    f"  BROKEN {broken.kind} of {broken.holder}: {broken.problem}\n    quote: {broken.quote!r}"
                )
        if broken_total:
            raise CommandError(
                f"{broken_total} quote(s) no longer match their source's own text; fix them in the bank and reload."
            )
