"""Roles: the Teachers and Students groups, and the demo accounts."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from quizzes.models import Quiz
from quizzes.services.courses import enrol

TEACHERS_GROUP = "Teachers"
STUDENTS_GROUP = "Students"

# Exactly what a teacher needs in the admin and on the class dashboard: the question bank and quizzes (write),
# topics (write, no delete: questions are filed under them), sources and passages (read: texts come from files),
# attempts and responses (read: the results of the teacher's own students only, see the admin and dashboard).
# Nothing on users, groups, courses or integration keys: those stay with administrators.
# Keys are "app.model" outside quizzes: teachers unlock accounts locked out by failed logins (django-axes).
TEACHER_PERMISSIONS = {
    "question": ("view", "add", "change", "delete"),
    "choice": ("view", "add", "change", "delete"),
    "acceptedanswer": ("view", "add", "change", "delete"),
    "orderingitem": ("view", "add", "change", "delete"),
    "matchingpair": ("view", "add", "change", "delete"),
    "citation": ("view", "add", "change", "delete"),
    "disagreementpoint": ("view", "add", "change", "delete"),
    "sourceposition": ("view", "add", "change", "delete"),
    "positionquote": ("view", "add", "change", "delete"),
    "quiz": ("view", "add", "change", "delete"),
    "quizquestion": ("view", "add", "change", "delete"),
    "topic": ("view", "add", "change"),
    "source": ("view",),
    "passage": ("view",),
    "attempt": ("view",),
    "response": ("view",),
    "flashcard": ("view", "add", "change", "delete"),
    "cardcitation": ("view", "add", "change", "delete"),
    "axes.accessattempt": ("view", "delete"),
}

# Demo only: these passwords are public; never run seed_demo on a real deployment.
DEMO_ACCOUNTS = (
    {"username": "teacher", "password": "teacher-pass", "group": TEACHERS_GROUP, "is_staff": True},
    {"username": "student", "password": "student-pass", "group": STUDENTS_GROUP, "is_staff": False},
)

DEMO_COURSE = {"slug": "demo-class", "title": "Demo class"}


def ensure_groups() -> dict[str, Group]:
    """Return the Teachers and Students groups, creating them and setting the teachers' permissions."""
    teachers, _ = Group.objects.get_or_create(name=TEACHERS_GROUP)
    students, _ = Group.objects.get_or_create(name=STUDENTS_GROUP)
    wanted = Q(pk__in=[])
    for model, actions in TEACHER_PERMISSIONS.items():
        app_label, _, model_name = model.rpartition(".")
        codenames = [f"{action}_{model_name}" for action in actions]
        wanted |= Q(content_type__app_label=app_label or "quizzes", codename__in=codenames)
    teachers.permissions.set(Permission.objects.filter(wanted))
    return {TEACHERS_GROUP: teachers, STUDENTS_GROUP: students}


@transaction.atomic
def seed_demo_accounts() -> list[tuple[str, str]]:
    """Create or repair the demo accounts; return (username, 'created' | 'updated' | 'unchanged') for each."""
    groups = ensure_groups()
    outcomes = []
    users = {}
    user_model = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, created = user_model.objects.get_or_create(username=account["username"])
        changed = created
        if not user.check_password(account["password"]):
            user.set_password(account["password"])
            changed = True
        if user.is_staff != account["is_staff"] or not user.is_active:
            user.is_staff, user.is_active = account["is_staff"], True
            changed = True
        if changed:
            user.save()
        if not user.groups.filter(pk=groups[account["group"]].pk).exists():
            user.groups.add(groups[account["group"]])
            changed = True
        outcomes.append((user.username, "created" if created else "updated" if changed else "unchanged"))
        users[account["username"]] = user
    # The demo teacher teaches the demo student, so the class dashboard has someone to show.
    course = enrol(course_slug=DEMO_COURSE["slug"], title=DEMO_COURSE["title"], teachers=[users["teacher"]],
                   students=[users["student"]])  # fmt: skip
    # The shipped quizzes have no author; filed under the demo class, the demo teacher may edit them.
    course.quizzes.add(*Quiz.objects.filter(author__isnull=True))
    return outcomes
