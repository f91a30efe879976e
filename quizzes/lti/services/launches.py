"""LTI launches: the checks the libraries leave out, and who the launched person becomes in quizsite."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from lti_tool.models import LtiLaunch, LtiMembership, LtiUser

from quizzes.errors import LtiRefused
from quizzes.models import Course, GradeTarget, LtiCourse, LtiPlacement, Quiz
from quizzes.services import courses
from quizzes.services.accounts import STUDENTS_GROUP, TEACHERS_GROUP, ensure_groups

QUIZ_CUSTOM_PARAMETER = "quiz"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


def check_id_token_claims(*, claims: dict, client_id: str) -> None:
    """Raise LtiRefused unless aud, azp and exp are as the IMS Security Framework requires (5.1.3).

    The library compares only aud[0] with our client id, ignores azp and accepts a token without exp.
    """
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if client_id not in audiences:
        raise LtiRefused("The id_token is not addressed to this tool (aud).")
    authorized_party = claims.get("azp")
    if len(audiences) > 1 and authorized_party is None:
        raise LtiRefused("The id_token has several audiences but no authorized party (azp).")
    if authorized_party is not None and authorized_party != client_id:
        raise LtiRefused("The id_token's authorized party (azp) is not this tool.")
    if "exp" not in claims:
        raise LtiRefused("The id_token has no expiry (exp).")


def consume_nonce(*, issuer: str, nonce: str) -> None:
    """Mark the id_token's nonce used, once for all workers (the shared cache); raise LtiRefused if it was."""
    key = "lti-nonce-used:" + hashlib.sha256(f"{issuer}\n{nonce}".encode()).hexdigest()
    if not cache.add(key, True, timeout=settings.LTI["NONCE_TTL_SECONDS"]):
        raise LtiRefused(
            "This launch was already used. Open the activity again from your course in the LMS.", status=403
        )


@dataclass
class Admission:
    """Who a launch signed in, in which course, as what, and the quiz of the resource link (if any)."""

    user: object
    course: Course
    is_instructor: bool
    quiz: Quiz | None


def user_for(*, lti_user: LtiUser):
    """Return the quizsite user linked to the LMS user (issuer, sub), created without a password if new."""
    if lti_user.auth_user_id is not None:
        return lti_user.auth_user
    registration = lti_user.registration
    digest = hashlib.sha256(f"{registration.issuer}\n{lti_user.sub}".encode()).hexdigest()[:16]
    user, _ = get_user_model().objects.get_or_create(
        username=f"lti-{digest}",
        defaults={"first_name": lti_user.given_name[:150], "last_name": lti_user.family_name[:150]},
    )
    if user.has_usable_password():
        user.set_unusable_password()
        user.save(update_fields=["password"])
    lti_user.auth_user = user
    lti_user.save(update_fields=["auth_user"])
    return user


def course_for(*, context) -> Course:
    """Return the quizsite course of the LMS context, created on its first launch."""
    link = LtiCourse.objects.select_related("course").filter(context=context).first()
    if link is not None:
        return link.course
    digest = hashlib.sha256(f"{context.deployment.registration.issuer}\n{context.pk}".encode()).hexdigest()[:10]
    course = courses.enrol(course_slug=f"lti-{digest}", title=context.title or context.label or "LMS course")
    LtiCourse.objects.create(context=context, course=course)
    return course


def enrol_member(*, membership: LtiMembership, course: Course):
    """Make the member a teacher (Instructor, Administrator) or a student (Learner) of the course; return the user."""
    user = user_for(lti_user=membership.user)
    groups = ensure_groups()
    if membership.is_instructor or membership.is_administrator:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(groups[TEACHERS_GROUP])
        courses.enrol(course_slug=course.slug, teachers=[user])
    elif membership.is_learner:
        user.groups.add(groups[STUDENTS_GROUP])
        courses.enrol(course_slug=course.slug, students=[user])
    return user


@transaction.atomic
def admit(*, lti_launch: LtiLaunch, tool_url: str, now: datetime) -> Admission:
    """Return who the validated launch signs in, enrolled in the context's course by their role.

    A resource link carrying a quiz becomes a placement; a learner's launch makes their scores go to its line
    item. Raises LtiRefused when the launch has no context or names an unknown quiz.
    """
    if lti_launch.context_claim is None:
        raise LtiRefused("The launch has no course (context claim); open it from a course.")
    membership = lti_launch.membership
    course = course_for(context=lti_launch.context)
    user = enrol_member(membership=membership, course=course)
    is_instructor = membership.is_instructor or membership.is_administrator
    quiz = None
    if lti_launch.is_resource_launch:
        placement = place_resource_link(lti_launch=lti_launch, tool_url=tool_url)
        if placement is not None:
            quiz = placement.quiz
            if membership.is_learner and not is_instructor:
                GradeTarget.objects.get_or_create(placement=placement, lti_user=membership.user)
    return Admission(user=user, course=course, is_instructor=is_instructor, quiz=quiz)


def place_resource_link(*, lti_launch: LtiLaunch, tool_url: str) -> LtiPlacement | None:
    """Return the resource link's placement (the quiz from its custom parameter, the line item from AGS)."""
    slug = lti_launch.get_custom_claim(QUIZ_CUSTOM_PARAMETER)
    existing = LtiPlacement.objects.select_related("quiz").filter(resource_link=lti_launch.resource_link).first()
    if not slug:
        return existing
    quiz = Quiz.objects.filter(slug=slug, status=Quiz.Status.PUBLISHED).first()
    if quiz is None:
        raise LtiRefused(f"This link points to a quiz that is not published ({slug}).", status=404)
    lineitem_url = (lti_launch.get_claim(AGS_CLAIM) or {}).get("lineitem", "")
    fields = {"quiz": quiz, "lineitem_url": lineitem_url, "review_base_url": tool_url}
    if existing is None:
        return LtiPlacement.objects.create(resource_link=lti_launch.resource_link, **fields)
    if any(getattr(existing, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save(update_fields=list(fields))
    return existing
