"""The API's JSON parser: refuses what the database or the services cannot take, before any view sees it."""

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from quizzes.text import nested_text_problem


class HostileTextRefusingJSONParser(JSONParser):
    """JSON whose text holds NUL, control characters or lone surrogates, or nests too deep, is a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # json's decoder gives up on about a thousand levels with RecursionError instead of a ValueError.
            depth = settings.MAX_JSON_DEPTH
            raise ParseError(f"JSON parse error - the body is nested more than {depth} levels deep.") from None
        problem = nested_text_problem(parsed, where="", max_depth=settings.MAX_JSON_DEPTH)
        if problem:
            raise ParseError(f"Refused: {problem}.")
        return parsed
