"""Names and Role Provisioning: a course's roster from the LMS, so students appear before they ever launch."""

from django.db import transaction
from lti_tool.models import LtiContext, LtiMembership
from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService
from requests import RequestException

from quizzes.errors import LtiRefused
from quizzes.lti.services.connector import service_connector
from quizzes.lti.services.launches import course_for, enrol_member
from quizzes.models import LtiCourse


def sync_roster(*, context: LtiContext) -> int:
    """Fetch the context's members from the LMS and enrol each in its course by role; return how many.

    Raises LtiRefused when the LMS offers no roster for the course or does not answer.
    """
    if not context.memberships_url:
        raise LtiRefused("The LMS offers no roster (Names and Role Provisioning) for this course.")
    nrps = NamesRolesProvisioningService(
        service_connector(registration=context.deployment.registration),
        {"context_memberships_url": context.memberships_url},
    )
    try:
        members = nrps.get_members()
    except (LtiException, RequestException) as error:
        raise LtiRefused(f"The LMS did not give the roster: {error}", status=502) from error
    with transaction.atomic():
        # The spec makes a member's status optional, Active when absent; django-lti reads it as required.
        context.update_memberships([dict({"status": "Active"}, **member) for member in members])
        course = course_for(context=context)
        memberships = LtiMembership.objects.filter(context=context, is_active=True).select_related("user__registration")
        for membership in memberships:
            enrol_member(membership=membership, course=course)
    return len(memberships)


def lms_courses_taught_by(*, teacher) -> list[LtiCourse]:
    """The LMS courses linked to the quizsite courses the teacher teaches (all, for a superuser)."""
    links = LtiCourse.objects.select_related("context", "course").order_by("course__title")
    if not teacher.is_superuser:
        links = links.filter(course__teachers=teacher)
    return list(links)
