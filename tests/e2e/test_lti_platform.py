"""LTI 1.3 end to end: quizsite as the tool, a real platform implementation (lti1p3platform) as the LMS, loopback.

The test plays the browser (requests): login initiation, django-lti's cookie check, the LMS's authorization form,
the launch POST, then the quiz pages. Scores reach the LMS's AGS endpoint through the outbox and its worker.
"""

import time
from io import StringIO

import jwt
import pytest
import requests
from django.core.management import call_command
from lti_tool.models import LtiContext, LtiRegistration

from quizzes.models import Course, Quiz, ScoreSend
from tests.e2e.lms import Lms, follow_cookie_check, form_fields, launch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tool(site, settings):
    # The test browser speaks plain HTTP, where no browser keeps a Secure cookie.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SAMESITE = settings.CSRF_COOKIE_SAMESITE = "Lax"
    settings.ALLOWED_HOSTS = ["*"]
    return site


@pytest.fixture
def lms(tool):
    platform = Lms(tool).start()
    yield platform
    platform.stop()


@pytest.fixture
def registered(lms):
    out = StringIO()
    call_command(
        "lti_add_platform", "--issuer", lms.url, "--client-id", lms.client_id, "--deployment-id", lms.deployment_id,
        "--auth-url", f"{lms.url}/auth", "--token-url", f"{lms.url}/token", "--jwks-url", f"{lms.url}/jwks",
        "--tool-url", lms.tool_url, stdout=out,
    )  # fmt: skip
    assert f"OIDC login URL:        {lms.tool_url}/lti/login/" in out.getvalue()
    return lms


def place_quiz(lms, slug: str) -> str:
    """The instructor adds the quiz through Deep Linking; return the LMS's id of the new resource link."""
    browser = requests.Session()
    _, picker = launch(browser, lms, person="teacher-1", hint="deep-link")
    assert picker.status_code == 200 and "Add quizzes to your course" in picker.text
    csrf = browser.cookies["csrftoken"]
    answer = browser.post(picker.url, data={"quiz": slug, "csrfmiddlewaretoken": csrf}, headers={"Referer": picker.url})
    action, fields = form_fields(answer.text)
    assert action == f"{lms.url}/deep-link-return"
    assert "Added 1 item" in requests.post(action, data={"JWT": fields["JWT"]}).text
    (link_id,) = [link for link, placed in lms.links.items() if placed["item"]["custom"] == {"quiz": slug}]
    return link_id


def take_quiz(browser, tool: str, slug: str) -> int:
    """Answer nothing and submit, through the pages; return the attempt id."""
    page = browser.get(f"{tool}/quizzes/{slug}/")
    csrf = browser.cookies["csrftoken"]
    started = browser.post(f"{tool}/quizzes/{slug}/start/", data={"csrfmiddlewaretoken": csrf},
                           headers={"Referer": page.url})  # fmt: skip
    attempt_id = int(started.url.rstrip("/").split("/")[-1])
    browser.post(f"{tool}/attempts/{attempt_id}/submit/", data={"csrfmiddlewaretoken": csrf},
                 headers={"Referer": started.url})  # fmt: skip
    return attempt_id


def wait_until(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.2)


def test_dynamic_registration_registers_the_platform_with_its_deployment(lms):
    out = StringIO()
    call_command("lti_registration_url", "--tool-url", lms.tool_url, stdout=out)
    url = out.getvalue().strip()
    answer = requests.get(url, params={"openid_configuration": f"{lms.url}/.well-known/openid-configuration",
                                       "registration_token": "one-time-token"})  # fmt: skip
    assert answer.status_code == 200 and "org.imsglobal.lti.close" in answer.text
    registration = LtiRegistration.objects.get(issuer=lms.url)
    assert registration.client_id == lms.client_id
    assert registration.deployments.get().deployment_id == lms.deployment_id
    assert registration.deployments.get().is_active
    assert lms.registered_tool["initiate_login_uri"] == f"{lms.tool_url}/lti/login/"
    forged = requests.get(url.replace("/register/", "/register/x"), params={"openid_configuration": "x"})
    assert forged.status_code == 403


def test_instructor_places_a_quiz_and_a_learner_score_reaches_the_gradebook(registered, tool):
    lms = registered
    quiz = Quiz.objects.filter(status=Quiz.Status.PUBLISHED).first()
    link_id = place_quiz(lms, quiz.slug)
    assert lms.line_items[lms.links[link_id]["lineitem"]]["label"] == quiz.title

    teacher = requests.Session()
    _, landing = launch(teacher, lms, person="teacher-1", hint=link_id)
    assert landing.status_code == 200 and landing.url.endswith(f"/teaching/quizzes/{quiz.slug}/")
    course = Course.objects.get(title="History 101")
    assert course.teachers.get().lti_users.get().sub == "teacher-1"

    learner = requests.Session()
    _, quiz_page = launch(learner, lms, person="learner-1", hint=link_id)
    assert quiz_page.status_code == 200 and quiz_page.url.endswith(f"/quizzes/{quiz.slug}/")
    assert course.students.get().lti_users.get().sub == "learner-1"
    assert not course.students.get().has_usable_password()

    take_quiz(learner, tool, quiz.slug)
    (score,) = lms.scores
    assert score["userId"] == "learner-1" and score["lineitem"] == lms.links[link_id]["lineitem"]
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    assert score["scoreGiven"] == 0 and score["scoreMaximum"] > 0
    assert ScoreSend.objects.get().status == ScoreSend.Status.SENT


def test_replayed_id_token_is_refused(registered):
    lms = registered
    link_id = place_quiz(lms, Quiz.objects.filter(status=Quiz.Status.PUBLISHED).first().slug)
    browser = requests.Session()
    fields, first = launch(browser, lms, person="learner-1", hint=link_id)
    assert first.status_code == 200
    replay = browser.post(fields["_launch_url"], data={"id_token": fields["id_token"], "state": fields["state"]})
    assert replay.status_code == 403 and "already used" in replay.text
    other = requests.Session()
    replay_elsewhere = other.post(
        fields["_launch_url"], data={"id_token": fields["id_token"], "state": fields["state"]}
    )
    assert replay_elsewhere.status_code in (400, 403)


def test_badly_signed_id_token_is_refused(registered):
    lms = registered
    link_id = place_quiz(lms, Quiz.objects.filter(status=Quiz.Status.PUBLISHED).first().slug)
    browser = requests.Session()
    check_page = browser.get(lms.login_url(person="learner-1", hint=link_id))
    action, fields = form_fields(follow_cookie_check(browser, check_page).text)
    header, body, signature = fields["id_token"].split(".")
    forged = f"{header}.{body}.{signature[:-6]}AAAAAA"
    answer = browser.post(action, data={"id_token": forged, "state": fields["state"]})
    assert answer.status_code == 400 and "refused" in answer.text


@pytest.mark.parametrize(
    "tamper, refusal",
    [
        (lambda claims: claims.update(aud="someone-else", azp="someone-else"), "Registration not found"),
        (lambda claims: claims.update(aud=[claims["aud"], "other-tool"]) or claims.pop("azp"), "no authorized party"),
        (lambda claims: claims.update(azp="other-tool"), "authorized party (azp) is not this tool"),
        (lambda claims: claims.pop("exp"), "no expiry"),
    ],
    ids=["aud", "several-aud-without-azp", "azp", "exp"],
)
def test_id_token_claims_the_security_framework_forbids_are_refused(registered, tamper, refusal):
    lms = registered
    link_id = place_quiz(lms, Quiz.objects.filter(status=Quiz.Status.PUBLISHED).first().slug)
    browser = requests.Session()
    check_page = browser.get(lms.login_url(person="learner-1", hint=link_id))
    action, fields = form_fields(follow_cookie_check(browser, check_page).text)
    claims = jwt.decode(fields["id_token"], options={"verify_signature": False})
    tamper(claims)
    resigned = lms.registration().platform_encode_and_sign(claims)
    answer = browser.post(action, data={"id_token": resigned, "state": fields["state"]})
    assert answer.status_code == 400 and refusal in answer.text


def test_score_sent_while_the_lms_is_down_arrives_once_it_is_back(registered, tool, settings):
    from celery.contrib.testing.worker import start_worker

    from quizsite.celery import app

    lms = registered
    quiz = Quiz.objects.filter(status=Quiz.Status.PUBLISHED).first()
    link_id = place_quiz(lms, quiz.slug)
    learner = requests.Session()
    launch(learner, lms, person="learner-1", hint=link_id)
    settings.LTI = dict(settings.LTI, SCORE_RETRY_BASE_SECONDS=1)
    # A real worker: on the in-memory broker, or on the one CELERY_BROKER_URL names (.ci/run: Redis).
    app.conf.update(task_always_eager=False, result_backend="cache+memory://")
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            lms.stop()
            take_quiz(learner, tool, quiz.slug)
            send = ScoreSend.objects.get()
            wait_until(lambda: send.refresh_from_db() or send.tries)
            assert send.status == ScoreSend.Status.PENDING and send.tries >= 1 and send.last_error
            assert lms.scores == []
            lms.start()
            wait_until(lambda: send.refresh_from_db() or send.status == ScoreSend.Status.SENT)
    finally:
        app.conf.update(task_always_eager=settings.CELERY_TASK_ALWAYS_EAGER)
    assert send.status == ScoreSend.Status.SENT and send.tries >= 2
    assert [score["userId"] for score in lms.scores] == ["learner-1"]


def test_roster_sync_enrols_students_before_they_launch(registered, tool):
    lms = registered
    teacher = requests.Session()
    _, landing = launch(teacher, lms, person="teacher-1", hint="deep-link")
    context = LtiContext.objects.get(id_on_platform="course-1")
    csrf = teacher.cookies["csrftoken"]
    synced = teacher.post(f"{tool}/lti/courses/{context.pk}/roster/", data={"csrfmiddlewaretoken": csrf},
                          headers={"Referer": landing.url})  # fmt: skip
    assert synced.status_code == 200 and "Roster synced" in synced.text
    course = Course.objects.get(title="History 101")
    assert sorted(student.lti_users.get().sub for student in course.students.all()) == ["learner-1", "learner-2"]
