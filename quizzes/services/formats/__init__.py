"""Question-bank file formats: each module writes bank entries (the `export_bank` question shape) to a file and
reads a file back into bank entries, as pure functions; quizzes/services/question_formats.py does the rest."""

from quizzes.services.formats import csv_format, gift, moodle_xml, qti12

FORMATS = {"moodle-xml": moodle_xml, "qti12": qti12, "gift": gift, "csv": csv_format}
FILE_TYPES = {
    "moodle-xml": ("xml", "application/xml"),
    "qti12": ("zip", "application/zip"),
    "gift": ("gift.txt", "text/plain; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}
