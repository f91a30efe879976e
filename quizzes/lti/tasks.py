"""Celery tasks of the LTI grade outbox: send one score (retried with back-off), sweep the due ones."""

from celery import shared_task
from django.utils import timezone

from quizzes.errors import ScoreSendFailed
from quizzes.lti.services import grades
from quizzes.models import ScoreSend


@shared_task(bind=True, max_retries=None, acks_late=True)
def send_score(self, score_send_id: int) -> str:
    """Send one stored score; on failure the row records the next try and the task is retried then."""
    try:
        return grades.deliver_score(score_send_id=score_send_id, now=timezone.now()).status
    except ScoreSendFailed as failure:
        send = failure.score_send
        # Run in-process (no broker), a retry would block the submit: the row stays pending for the sweep.
        if send.status == ScoreSend.Status.PENDING and not self.request.is_eager:
            raise self.retry(countdown=(send.next_try_at - timezone.now()).total_seconds()) from failure
        return send.status


@shared_task
def send_due_scores() -> int:
    """Send every pending score whose next try is due (the beat's safety net and `lti_send_scores`)."""
    due_ids = list(grades.due_sends(now=timezone.now()).values_list("pk", flat=True))
    for send_id in due_ids:
        send_score.delay(send_id)
    return len(due_ids)
