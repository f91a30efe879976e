"""Names and Role Provisioning: a course's roster from the LMS, so students appear before they ever launch."""

from django.db import transaction
from lti_tool.models import LtiContext, LtiMembership
from lti_tool.services.nrps import sync_memberships
from pylti1p3.exception import LtiException
from requests import RequestException

from quizzes.errors import LtiLaunchRefused
from quizzes.lti.services.launches import course_for, enrol_member
from quizzes.models import LtiCourse


def sync_roster(*, context: LtiContext) -> int:
    """Fetch the context's members from the LMS and enrol each in its course by role; return how many.

    Raises LtiLaunchRefused when the LMS offers no roster for the course or does not answer.
    """
    if not context.memberships_url:
        raise LtiLaunchRefused("The LMS offers no roster (Names and Role Provisioning) for this course.")
    try:
        sync_memberships(context)
    except (LtiException, RequestException) as error:
        raise LtiLaunchRefused(f"The LMS did not give the roster: {error}", status=502) from error
    with transaction.atomic():
        course = course_for(context=context)
        members = LtiMembership.objects.filter(context=context, is_active=True).select_related("user__registration")
        for membership in members:
            enrol_member(membership=membership, course=course)
    return len(members)


def lms_courses_taught_by(*, teacher) -> list[LtiCourse]:
    """The LMS courses linked to the quizsite courses the teacher teaches (all, for a superuser)."""
    links = LtiCourse.objects.select_related("context", "course").order_by("course__title")
    if not teacher.is_superuser:
        links = links.filter(course__teachers=teacher)
    return list(links)
