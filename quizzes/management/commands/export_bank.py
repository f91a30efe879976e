import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quizzes.models import Quiz, Topic
from quizzes.services.bank import export_bank
from quizzes.services.formats import FORMATS
from quizzes.services.question_formats import export_questions_file, selected_questions

# Where `make run` serves: the passage links in an export point there unless --site-url says otherwise.
LOCAL_SITE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Write the question bank as one JSON document (load_bank reads it back), or the whole bank, a quiz, a "
        "topic or chosen questions as Moodle XML, QTI 1.2 for Canvas, GIFT or CSV."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="File to write, or - for standard output.")
        parser.add_argument("--format", choices=["json", *FORMATS], default="json")
        parser.add_argument("--quiz", help="Only this quiz's questions, in its order and with its points.")
        parser.add_argument("--topic", help="Only the questions of this topic and its subtopics.")
        parser.add_argument("--question", action="append", help="Only this question id (repeat for more).")
        parser.add_argument("--site-url", default=LOCAL_SITE_URL, help="The site the passage links point to.")

    def handle(self, *args, **options):
        if options["format"] == "json":
            if options["quiz"] or options["topic"] or options["question"]:
                raise CommandError("--quiz, --topic and --question choose questions for the other formats")
            self.write_json(options["output"])
            return
        quiz = topic = None
        if options["quiz"]:
            quiz = Quiz.objects.filter(slug=options["quiz"]).first()
            if quiz is None:
                raise CommandError(f"No quiz {options['quiz']!r}")
        if options["topic"]:
            topic = Topic.objects.filter(slug=options["topic"]).first()
            if topic is None:
                raise CommandError(f"No topic {options['topic']!r}")
        questions, points = selected_questions(quiz=quiz, topic=topic, slugs=options["question"])
        if not questions:
            raise CommandError("No question matches; nothing was written")
        exported = export_questions_file(
            questions=questions, points=points, format_name=options["format"], site_url=options["site_url"],
            title=quiz.slug if quiz else topic.slug if topic else "quizsite-bank",
        )  # fmt: skip
        for left_out in exported.left_out:
            self.stderr.write(f"  left out {left_out}")
        if options["output"] == "-":
            if options["format"] == "qti12":
                raise CommandError("A QTI package is a zip file: name one with -o")
            self.stdout.write(exported.content.decode("utf-8"), ending="")
            return
        path = Path(options["output"])
        try:
            path.write_bytes(exported.content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from error
        self.stdout.write(
            f"Wrote {exported.exported} questions as {options['format']} to {path}"
            + (f"; left out {len(exported.left_out)} (listed above)" if exported.left_out else "")
        )

    def write_json(self, output: str) -> None:
        document = json.dumps(export_bank(), ensure_ascii=False, indent=2) + "\n"
        if output == "-":
            self.stdout.write(document, ending="")
            return
        path = Path(output)
        try:
            path.write_text(document, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}") from error
        bank = json.loads(document)
        self.stdout.write(
            f"Wrote {len(bank['questions'])} questions, {len(bank['quizzes'])} quizzes, "
            f"{len(bank['topics'])} topics and {len(bank['sources'])} sources to {path}"
        )
