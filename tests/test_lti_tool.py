"""The LTI tool's own rules, through its endpoints, admin and commands (the full flow is in tests/e2e/)."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from lti_tool.models import Key, LtiRegistration

from quizzes.errors import LtiRefused
from quizzes.lti.cookies import FRAME_ORIGIN_SESSION_KEY
from quizzes.lti.services import deep_linking, grades, launches
from quizzes.models import Question, Quiz, QuizQuestion, ScoreSend
from quizzes.services.attempts import start_attempt, submit_attempt
from quizzes.services.grading import correct_answer
from tests.conftest import run_command
from tests.factories import CourseFactory, GradeTargetFactory, QuizFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def submitted_by_launched_student(django_capture_on_commit_callbacks, **quiz_fields):
    """A student who launched the quiz from an LMS (no LMS listens at its line item) submits an attempt."""
    target = GradeTargetFactory(quiz=QuizFactory(**quiz_fields))
    Key.objects.generate()
    student = target.lti_user.auth_user
    attempt = start_attempt(quiz=target.placement.quiz, student=student, now=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit_attempt(attempt=attempt, now=timezone.now())
    return submitted, target


def test_lti_add_platform_registers_an_active_deployment_and_prints_the_tool_urls():
    out, _ = run_command(
        "lti_add_platform", "--issuer", "https://canvas.example.edu", "--client-id", "10000000000001",
        "--deployment-id", "1:abc", "--auth-url", "https://sso.canvaslms.com/api/lti/authorize_redirect",
        "--token-url", "https://sso.canvaslms.com/login/oauth2/token",
        "--jwks-url", "https://sso.canvaslms.com/api/lti/security/jwks", "--tool-url", "https://quiz.example.org",
    )  # fmt: skip
    registration = LtiRegistration.objects.get(issuer="https://canvas.example.edu")
    assert registration.deployments.get(deployment_id="1:abc").is_active
    assert Key.objects.active().count() == 1, "a signing key exists before the first launch"
    for url in ("https://quiz.example.org/lti/login/", "https://quiz.example.org/lti/launch/",
                "https://quiz.example.org/lti/jwks/"):  # fmt: skip
        assert url in out


def test_jwks_publishes_the_active_public_keys_only_and_rotation_adds_one(client):
    retired = Key.objects.generate()
    retired.is_active = False
    retired.save()
    call_command("rotate_keys", stdout=open("/dev/null", "w"))
    keys = client.get("/lti/jwks/").json()["keys"]
    assert [key["kid"] for key in keys] == [str(Key.objects.active().get())]
    assert all("d" not in key and key["alg"] == "RS256" for key in keys)


def test_platforms_and_keys_are_for_superusers_and_no_page_shows_a_private_key(client, superuser, teacher):
    registration = LtiRegistration.objects.create(
        name="Moodle", issuer="https://moodle.example.edu", client_id="abc", auth_url="https://moodle.example.edu/a",
        token_url="https://moodle.example.edu/t", keyset_url="https://moodle.example.edu/k",
        private_key="-----BEGIN PRIVATE KEY-----registration-----", public_key="x",
    )  # fmt: skip
    key = Key.objects.generate()
    client.force_login(superuser)
    for url in (f"/admin/lti_tool/ltiregistration/{registration.pk}/change/", f"/admin/lti_tool/key/{key.pk}/change/",
                "/admin/lti_tool/key/"):  # fmt: skip
        page = client.get(url)
        assert page.status_code == 200 and "PRIVATE KEY" not in page.content.decode()
    client.force_login(teacher)
    assert client.get("/admin/lti_tool/ltiregistration/").status_code == 403


@pytest.mark.parametrize(
    "request_kwargs",
    [{"data": {"id_token": "not.a.jwt", "state": "state-x"}}, {"data": {}}],
    ids=["garbage-token", "nothing"],
)
def test_a_bad_launch_gets_a_clear_error_page_not_a_server_error(client, request_kwargs):
    answer = client.post("/lti/launch/", **request_kwargs)
    assert answer.status_code == 400
    assert "The LMS launch could not be completed" in answer.content.decode()


def test_a_login_initiation_from_an_unknown_platform_is_refused_with_a_page(client):
    answer = client.get("/lti/login/", {"iss": "https://unknown.example", "login_hint": "1", "target_link_uri": "x",
                                        "lti1p3_new_window": "1"})  # fmt: skip
    assert answer.status_code == 400 and "login request was refused" in answer.content.decode()


def test_a_nonce_is_consumed_once_per_issuer():
    launches.consume_nonce(issuer="https://a.example", nonce="n-1")
    launches.consume_nonce(issuer="https://b.example", nonce="n-1")
    with pytest.raises(LtiRefused) as replay:
        launches.consume_nonce(issuer="https://a.example", nonce="n-1")
    assert replay.value.status == 403


@pytest.mark.parametrize(
    "claims, refused",
    [
        ({"aud": "tool", "exp": 1}, False),
        ({"aud": ["tool", "other"], "azp": "tool", "exp": 1}, False),
        ({"aud": ["other", "tool"], "exp": 1}, True),
        ({"aud": "other", "exp": 1}, True),
        ({"aud": "tool", "azp": "other", "exp": 1}, True),
        ({"aud": "tool"}, True),
    ],
)
def test_id_token_audience_authorized_party_and_expiry_are_checked(claims, refused):
    if refused:
        with pytest.raises(LtiRefused):
            launches.check_id_token_claims(claims=claims, client_id="tool")
    else:
        launches.check_id_token_claims(claims=claims, client_id="tool")


def test_a_launched_students_submit_stores_the_score_to_send_and_a_failed_try_is_retried_later(
    django_capture_on_commit_callbacks,
):
    attempt, target = submitted_by_launched_student(django_capture_on_commit_callbacks)
    send = ScoreSend.objects.get(attempt=attempt)
    assert send.target == target and send.score_maximum == attempt.max_score
    assert send.status == ScoreSend.Status.PENDING and send.tries == 1 and send.last_error
    assert send.next_try_at > timezone.now() + timedelta(seconds=20)


def test_a_send_is_failed_after_its_last_try(django_capture_on_commit_callbacks, settings):
    settings.LTI = dict(settings.LTI, SCORE_MAX_TRIES=2)
    attempt, _ = submitted_by_launched_student(django_capture_on_commit_callbacks)
    send = ScoreSend.objects.get(attempt=attempt)
    with pytest.raises(Exception, match="did not take the score"):
        grades.deliver_score(score_send_id=send.pk, now=timezone.now())
    send.refresh_from_db()
    assert send.status == ScoreSend.Status.FAILED and send.tries == 2


def test_a_student_not_launched_from_an_lms_sends_nothing(student):
    quiz = QuizFactory()
    attempt = start_attempt(quiz=quiz, student=student, now=timezone.now())
    submit_attempt(attempt=attempt, now=timezone.now())
    assert not ScoreSend.objects.exists()


def test_the_comment_links_the_review_only_when_the_quiz_shows_it(django_capture_on_commit_callbacks):
    attempt, _ = submitted_by_launched_student(django_capture_on_commit_callbacks)
    assert f"https://quiz.example.org/attempts/{attempt.pk}/result/" in ScoreSend.objects.get().comment
    closes_at = timezone.now() + timedelta(days=3)
    later, _ = submitted_by_launched_student(
        django_capture_on_commit_callbacks, review_mode=Quiz.ReviewMode.AFTER_CLOSE, closes_at=closes_at
    )
    comment = ScoreSend.objects.get(attempt=later).comment
    assert "/result/" not in comment and "points" in comment


def test_teachers_see_their_students_unsent_scores_and_send_them_again(
    client, bank_teacher, django_capture_on_commit_callbacks
):
    teacher = bank_teacher
    attempt, _ = submitted_by_launched_student(django_capture_on_commit_callbacks)
    others, _ = submitted_by_launched_student(django_capture_on_commit_callbacks)
    CourseFactory(teachers=[teacher], students=[attempt.student])
    client.force_login(teacher)
    page = client.get("/teaching/").content.decode()
    assert "Scores not yet in an LMS gradebook" in page and attempt.student.username in page
    assert others.student.username not in page
    mine, theirs = ScoreSend.objects.get(attempt=attempt), ScoreSend.objects.get(attempt=others)
    ScoreSend.objects.update(status=ScoreSend.Status.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lti/scores/resend/", {"send": [mine.pk, theirs.pk]})
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.status == ScoreSend.Status.PENDING and mine.tries == 1, "sent again (and failed again)"
    assert theirs.status == ScoreSend.Status.FAILED


def test_the_admin_lists_a_teachers_score_sends_and_resends_them(client, teacher, django_capture_on_commit_callbacks):
    attempt, _ = submitted_by_launched_student(django_capture_on_commit_callbacks)
    others, _ = submitted_by_launched_student(django_capture_on_commit_callbacks)
    CourseFactory(teachers=[teacher], students=[attempt.student])
    client.force_login(teacher)
    page = client.get("/admin/quizzes/scoresend/").content.decode()
    assert attempt.student.username in page and others.student.username not in page
    mine = ScoreSend.objects.get(attempt=attempt)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post("/admin/quizzes/scoresend/", {"action": "resend", "_selected_action": [mine.pk]})
    assert answer.status_code == 302
    mine.refresh_from_db()
    assert mine.tries == 1 and mine.next_try_at > timezone.now()


def test_pages_of_an_lti_session_may_be_framed_by_its_lms_only_and_cookies_are_partitioned(client, student):
    client.force_login(student)
    plain = client.get("/")
    assert plain.headers["X-Frame-Options"] == "DENY"
    session = client.session
    session[FRAME_ORIGIN_SESSION_KEY] = "https://canvas.example.edu"
    session.save()
    framed = client.get("/")
    assert "X-Frame-Options" not in framed.headers
    policy = framed.headers["Content-Security-Policy"]
    assert policy.endswith("; frame-ancestors 'self' https://canvas.example.edu") and "script-src 'self'" in policy
    relogin = client.post("/accounts/login/", {"username": student.username, "password": "x"})
    cookie = relogin.cookies["csrftoken"].output()
    assert "SameSite=None" in cookie and "Secure" in cookie and cookie.endswith("; Partitioned")


def test_deep_linking_offers_published_quizzes_by_topic_and_source():
    published = Quiz.objects.filter(status=Quiz.Status.PUBLISHED)
    quiz = published.first()
    question = quiz.questions.prefetch_related("topics", "citations__source").first()
    topic, source = question.topics.first(), question.citations.first().source
    assert quiz in deep_linking.placeable_quizzes(topic=topic.slug)
    assert quiz in deep_linking.placeable_quizzes(source=source.slug)
    assert not deep_linking.placeable_quizzes(topic="no-such-topic").exists()
    QuizFactory(status=Quiz.Status.DRAFT, title="Draft on purges")
    assert not deep_linking.placeable_quizzes(search="Draft on purges").exists()
    (resource,) = deep_linking.resource_links(slugs=[quiz.slug], launch_url="https://quiz.example.org/lti/launch/")
    placed = resource.to_dict()
    assert placed["custom"] == {"quiz": quiz.slug} and placed["lineItem"]["label"] == quiz.title
    assert placed["lineItem"]["scoreMaximum"] == deep_linking.quiz_max_score(quiz=quiz) > 0
    json.dumps(placed)


def test_a_regrade_sends_the_new_score_to_the_lms(cast, loaded_bank, django_capture_on_commit_callbacks):
    question = Question.objects.get(slug="stalin-death-revolupedia-account")
    quiz = QuizFactory()
    quiz.courses.add(cast.course)  # the teacher's course: only its teachers may regrade it
    quiz.quiz_questions.all().delete()
    QuizQuestion.objects.create(quiz=quiz, question=question, position=1)
    GradeTargetFactory(quiz=quiz, student=cast.student)
    student, teacher = cast.client("student"), cast.client("teacher")
    attempt_id = student.post(f"/api/v1/quizzes/{quiz.slug}/attempts/").json()["id"]
    student.put(f"/api/v1/attempts/{attempt_id}/answers/{question.slug}/", {"answer": correct_answer(question)},
                format="json")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        student.post(f"/api/v1/attempts/{attempt_id}/submit/")
    entry = teacher.get(f"/api/v1/bank/questions/{question.slug}/").json()
    entry["answer"] = next(choice["key"] for choice in entry["choices"] if choice["key"] != entry["answer"])
    assert teacher.put(f"/api/v1/bank/questions/{question.slug}/", entry, format="json").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        regraded = teacher.post(f"/api/v1/quizzes/{quiz.slug}/regrade/", {"questions": [question.slug],
                                "dry_run": False}, format="json")  # fmt: skip
    assert regraded.status_code == 200, regraded.json()
    sends = ScoreSend.objects.filter(attempt_id=attempt_id).order_by("created_at", "pk")
    assert [send.score_given for send in sends] == [Decimal("1.00"), Decimal("0.00")]
