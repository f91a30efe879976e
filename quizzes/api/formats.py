"""Teachers' question files in the API: export to Moodle XML, QTI 1.2 (Canvas), GIFT or CSV, and import from them
(a preview with every problem, then, with confirm, the valid questions created as drafts)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response as ApiResponse

from quizzes import models
from quizzes.api.permissions import CanEditQuestionBank
from quizzes.api.views import answers, error_response
from quizzes.services.formats import FILE_TYPES, FORMATS
from quizzes.services.formats.common import MAX_FILE_BYTES
from quizzes.services.question_formats import (
    export_questions_file,
    import_questions_file,
    read_questions_file,
    selected_questions,
)

LEFT_OUT_HEADER = "Quizsite-Left-Out"
# A fictional question (no shipped id, prompt or key): what a GIFT upload looks like and what its preview says.
EXAMPLE_GIFT = (
    "// [id:example-imported-question]\n"
    "::example-imported-question::According to the example source, which colour is the example flag? "
    "{=green ~blue ~red}\n"
)
EXAMPLE_CSV = (
    "id,type,points,framing,difficulty,topics,prompt,choices,answer,explanation,citations,disagreement_point,"
    "disagreements\r\n"
    'example-imported-question,single_choice,1,fact,2,,"According to the example source, which colour is the '
    'example flag?","a: green\nb: blue",a,The example source says so.,,,\r\n'
)
EXAMPLE_MOODLE_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="truefalse">\n'
    "    <name><text>example-imported-question</text></name>\n"
    '    <questiontext format="html"><text>The example flag is green.</text></questiontext>\n'
    '    <answer fraction="100"><text>true</text></answer>\n    <answer fraction="0"><text>false</text></answer>\n'
    "  </question>\n</quiz>\n"
)
EXAMPLE_PREVIEW = {
    "file_name": "example.gift",
    "format": "gift",
    "questions": [
        {
            "id": "example-imported-question",
            "type": "single_choice",
            "points": 1,
            "prompt": "According to the example source, which colour is the example flag?",
            "citations": 0,
        }
    ],
    "problems": [],
    "created": [],
}


# Not "format": DRF reads ?format= as the choice of renderer.
class ExportQuerySerializer(serializers.Serializer):
    file_format = serializers.ChoiceField(choices=list(FORMATS))
    quiz = serializers.SlugField(required=False, help_text="Only this quiz's questions, in order, with its points.")
    topic = serializers.SlugField(required=False, help_text="Only this topic's questions (with its subtopics).")
    question = serializers.ListField(
        child=serializers.SlugField(), required=False, help_text="Only these question ids (repeat the parameter)."
    )


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Moodle XML (.xml), QTI 1.2 (.zip or .xml), GIFT (.gift, .txt) or CSV.")
    file_format = serializers.ChoiceField(choices=list(FORMATS), required=False, help_text="Default: from the name.")
    confirm = serializers.BooleanField(default=False, help_text="false: preview only; true: create the valid part.")

    def validate_file(self, upload):
        if upload.size > MAX_FILE_BYTES:
            raise serializers.ValidationError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB.")
        return upload


class ImportedQuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    type = serializers.CharField()
    points = serializers.IntegerField(help_text="The points the file gives it (ours live in a quiz).")
    prompt = serializers.CharField()
    citations = serializers.IntegerField(help_text="Citations read back (our own exports carry them).")


class ImportProblemSerializer(serializers.Serializer):
    item = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    file_name = serializers.CharField()
    format = serializers.CharField(source="format_name")
    questions = serializers.SerializerMethodField()
    problems = ImportProblemSerializer(many=True)
    created = serializers.ListField(child=serializers.CharField(), help_text="The drafts created (confirm only).")

    def get_questions(self, result) -> list[dict]:
        rows = [
            {**entry, "points": result.points[entry["id"]], "citations": len(entry.get("citations") or [])}
            for entry in result.questions
        ]
        return ImportedQuestionSerializer(rows, many=True).data


class BankExport(generics.GenericAPIView):
    """The bank, a quiz, a topic or chosen questions as a Moodle XML, QTI 1.2 (Canvas zip), GIFT or CSV file.

    Citations and the sources' disagreements are written into each question's general feedback. Questions the
    format cannot hold (GIFT: ordering, cloze with several blanks) are named in the `Quizsite-Left-Out` header.
    """

    permission_classes = [CanEditQuestionBank]
    queryset = models.Question.objects.none()  # for the model permissions
    serializer_class = ExportQuerySerializer

    @extend_schema(
        summary="Export questions as Moodle XML, QTI 1.2, GIFT or CSV (teachers)",
        parameters=[
            ExportQuerySerializer,
            OpenApiParameter(
                LEFT_OUT_HEADER,
                str,
                location=OpenApiParameter.HEADER,
                response=[200],
                description="The questions the format could not hold, each as 'id: reason', separated by '; '.",
            ),
        ],
        responses={
            (200, "application/xml"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="Moodle XML",
                examples=[OpenApiExample("Moodle XML", value=EXAMPLE_MOODLE_XML, media_type="application/xml")],
            ),
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="QTI 1.2 package"),
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.STR,
                description="GIFT",
                examples=[OpenApiExample("GIFT", value=EXAMPLE_GIFT, media_type="text/plain")],
            ),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR,
                description="CSV",
                examples=[OpenApiExample("CSV", value=EXAMPLE_CSV, media_type="text/csv")],
            ),
        },
    )
    def get(self, request):
        query = ExportQuerySerializer(
            data={**request.query_params.dict(), "question": request.query_params.getlist("question") or []}
        )
        query.is_valid(raise_exception=True)
        options = query.validated_data
        quiz = get_object_or_404(models.Quiz, slug=options["quiz"]) if options.get("quiz") else None
        topic = get_object_or_404(models.Topic, slug=options["topic"]) if options.get("topic") else None
        questions, points = selected_questions(quiz=quiz, topic=topic, slugs=options.get("question") or None)
        exported = export_questions_file(
            questions=questions, points=points, format_name=options["file_format"],
            site_url=request.build_absolute_uri("/"), title=quiz.slug if quiz else topic.slug if topic else "questions",
        )  # fmt: skip
        response = HttpResponse(exported.content, content_type=FILE_TYPES[options["file_format"]][1])
        response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
        response[LEFT_OUT_HEADER] = "; ".join(str(item) for item in exported.left_out)
        return response


class BankImport(generics.GenericAPIView):
    """Questions from a Moodle XML, QTI 1.2, GIFT or CSV file, checked as the bank checks them.

    Without `confirm` nothing changes: the answer lists what would be created and every problem. With
    `confirm=true` the valid questions are created together as drafts (201), or none is (400 with every
    problem). A draft is published only once it cites a passage whose quote is verbatim in a source.
    """

    permission_classes = [CanEditQuestionBank]
    queryset = models.Question.objects.none()
    serializer_class = ImportUploadSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(
        summary="Import questions from Moodle XML, QTI 1.2, GIFT or CSV (teachers)",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={
            200: ImportResultSerializer,
            201: ImportResultSerializer,
            400: error_response(
                400, ("A file that is not XML", {"detail": "example.xml: not well-formed XML", "code": "invalid"})
            ),
        },
        examples=[
            OpenApiExample(
                "A GIFT file with one fictional question", value={"file": EXAMPLE_GIFT}, request_only=True
            ),  # fmt: skip
            answers("The preview", EXAMPLE_PREVIEW),
            answers(
                "The drafts created", {**EXAMPLE_PREVIEW, "created": ["example-imported-question"]}, status_code=201
            ),
        ],
    )
    def post(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        options = upload.validated_data
        content, name = options["file"].read(), options["file"].name
        if options["confirm"]:
            result = import_questions_file(
                content=content, file_name=name, author=request.user, format_name=options.get("file_format")
            )
            return ApiResponse(ImportResultSerializer(result).data, status=status.HTTP_201_CREATED)
        result = read_questions_file(content=content, file_name=name, format_name=options.get("file_format"))
        return ApiResponse(ImportResultSerializer(result).data)
