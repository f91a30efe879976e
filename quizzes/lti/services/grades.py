"""LTI grade passback (AGS) through a durable outbox: a ScoreSend row per score, written with the submit."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from lti_tool.models import Key
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from requests import RequestException

from quizzes.errors import ScoreSendFailed
from quizzes.lti.services.connector import service_connector
from quizzes.models import Attempt, GradeTarget, ScoreSend
from quizzes.services import secrecy

SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


def enqueue_attempt_score(*, attempt: Attempt, now: datetime) -> list[ScoreSend]:
    """Store the attempt's score for every LMS line item its student launched the quiz from; return the sends.

    Call it inside the transaction that scores the attempt (submit, regrade), so the score to send is stored
    exactly when the score is; the worker is asked to send once that transaction commits.
    """
    targets = GradeTarget.objects.filter(
        lti_user__auth_user_id=attempt.student_id, placement__quiz_id=attempt.quiz_id
    ).select_related("placement")
    sends = [
        ScoreSend(
            attempt=attempt,
            target=target,
            score_given=attempt.score,
            score_maximum=attempt.max_score,
            comment=score_comment(attempt=attempt, base_url=target.placement.review_base_url, now=now),
            scored_at=now,
            next_try_at=now,
        )
        for target in targets
    ]
    ScoreSend.objects.bulk_create(sends)
    if sends:
        from quizzes.lti import tasks  # the tasks module imports this one

        send_ids = [send.pk for send in sends]
        transaction.on_commit(lambda: [tasks.send_score.delay(send_id) for send_id in send_ids])
    return sends


def score_comment(*, attempt: Attempt, base_url: str, now: datetime) -> str:
    """The gradebook comment: the score, and a link to the cited review only once the quiz lets it be seen."""
    comment = f"{attempt.score:g} of {attempt.max_score:g} points on “{attempt.quiz.title}”."
    if secrecy.review_allowed(attempt=attempt, now=now):
        review_url = base_url.rstrip("/") + reverse("quizzes:result", args=[attempt.pk])
        comment += f" Review with the cited sources: {review_url}"
    return comment


def retry_delay(*, tries: int) -> timedelta:
    """The back-off before the next try: the base delay doubled for each try made, capped at six hours."""
    return min(timedelta(seconds=settings.LTI["SCORE_RETRY_BASE_SECONDS"] * 2 ** max(tries - 1, 0)), timedelta(hours=6))


def deliver_score(*, score_send_id: int, now: datetime) -> ScoreSend:
    """Send one pending score to its line item and return the send, marked sent.

    A failed try is recorded with its error and the time of the next try (failed after the last try); raises
    ScoreSendFailed then, so the worker schedules the retry. A send already sent is not sent again.
    """
    with transaction.atomic():
        # Row lock: a resend from the admin and the worker's retry never post the same score twice at once.
        send = (
            ScoreSend.objects.select_for_update()
            .select_related("target__placement", "target__lti_user__registration")
            .get(pk=score_send_id)
        )
        if send.status == ScoreSend.Status.SENT:
            return send
        try:
            post_score(send=send)
        except (LtiException, RequestException) as error:
            send.tries += 1
            send.last_error = str(error)[:2000]
            send.next_try_at = now + retry_delay(tries=send.tries)
            if send.tries >= settings.LTI["SCORE_MAX_TRIES"]:
                send.status = ScoreSend.Status.FAILED
            send.save(update_fields=["tries", "last_error", "next_try_at", "status"])
        else:
            send.tries += 1
            send.status, send.sent_at, send.last_error = ScoreSend.Status.SENT, now, ""
            send.save(update_fields=["tries", "status", "sent_at", "last_error"])
            return send
    raise ScoreSendFailed(f"The LMS did not take the score: {send.last_error}", score_send=send)


def post_score(*, send: ScoreSend) -> None:
    """POST the score to the line item's scores endpoint with a client-credentials token (IMS Security)."""
    placement, lti_user = send.target.placement, send.target.lti_user
    if not placement.lineitem_url:
        raise LtiException("The LMS gave this placement no line item (AGS is not enabled for it).")
    if not Key.objects.active().exists():
        raise LtiException("The tool has no active signing key (manage.py rotate_keys).")
    service = AssignmentsGradesService(
        service_connector(registration=lti_user.registration),
        {"scope": [SCORE_SCOPE], "lineitem": placement.lineitem_url},
    )
    grade = (
        Grade()
        .set_score_given(float(send.score_given))
        .set_score_maximum(float(send.score_maximum))
        .set_activity_progress("Completed")
        .set_grading_progress("FullyGraded")
        .set_timestamp(send.scored_at.isoformat())
        .set_user_id(lti_user.sub)
        .set_comment(send.comment)
    )
    service.put_grade(grade, LineItem({"id": placement.lineitem_url}))


def resend(*, score_sends, now: datetime) -> int:
    """Queue the given pending or failed sends again now (tries start over); return how many were queued."""
    from quizzes.lti import tasks  # the tasks module imports this one

    ids = list(score_sends.exclude(status=ScoreSend.Status.SENT).values_list("pk", flat=True))
    ScoreSend.objects.filter(pk__in=ids).update(status=ScoreSend.Status.PENDING, tries=0, next_try_at=now)
    for send_id in ids:
        transaction.on_commit(lambda send_id=send_id: tasks.send_score.delay(send_id))
    return len(ids)


def due_sends(*, now: datetime):
    """The pending sends whose next try is due."""
    return ScoreSend.objects.filter(status=ScoreSend.Status.PENDING, next_try_at__lte=now)


def unsent_scores(*, students) -> list[ScoreSend]:
    """The pending and failed sends of the given students' attempts, newest first."""
    return list(
        ScoreSend.objects.exclude(status=ScoreSend.Status.SENT)
        .filter(attempt__student__in=students)
        .select_related("attempt__quiz", "attempt__student")
    )
