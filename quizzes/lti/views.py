"""The LTI endpoints: OIDC login initiation, launches (resource links and deep linking), JWKS, registration."""

from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from lti_tool.constants import SESSION_KEY
from lti_tool.models import LtiContext, LtiLaunch
from lti_tool.utils import DjangoToolConfig, sync_data_from_launch
from lti_tool.views import OIDCLoginInitView
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.exception import LtiException, OIDCException

from quizzes import selectors
from quizzes.errors import LtiRefused
from quizzes.lti.cookies import FRAME_ORIGIN_SESSION_KEY
from quizzes.lti.services import deep_linking, grades, launches, registrations, roster
from quizzes.models import ScoreSend


def refused(request, message: str, *, status: int = 400) -> HttpResponse:
    return render(request, "lti/refused.html", {"message": message}, status=status)


LOGIN_PARAMETERS = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "lti_deployment_id", "client_id")


class CookieCheckingOIDCLogin(DjangoOIDCLogin):
    """The OIDC login whose cookie check also tries a Partitioned cookie, which browsers blocking third-party
    cookies still allow in an iframe (the library's own check tries an unpartitioned one, so it sends every such
    browser to a new window)."""

    def __init__(self, request, *args, **kwargs):
        self.django_request = request
        super().__init__(request, *args, **kwargs)

    def get_cookies_allowed_js_check(self) -> str:
        parameters = {name: self._get_request_param(name) for name in LOGIN_PARAMETERS}
        parameters = {name: value for name, value in parameters.items() if value}
        continue_url = f"{self.django_request.path}?{urlencode(dict(parameters, lti1p3_new_window='1'))}"
        context = {"continue_url": continue_url, "is_secure": self.django_request.is_secure()}
        return render_to_string("lti/cookie_check.html", context, request=self.django_request)


# The LTI entry points open inside any registered LMS's frame; a launched session is then framed by its own LMS
# only (cookies.LmsFrameMiddleware).
LMS_FRAMEABLE = csp_replace({"frame-ancestors": ["*"]})


@method_decorator(xframe_options_exempt, name="dispatch")
@method_decorator(LMS_FRAMEABLE, name="dispatch")
class LoginView(OIDCLoginInitView):
    """OIDC third-party login initiation; where the browser blocks cookies it offers to open in a new window."""

    def get_oidc_response(self, request, registration_uuid, params):
        target_link_uri = params.get("target_link_uri")
        if not target_link_uri:
            return refused(request, "The LMS's login request has no target_link_uri.")
        try:
            registrations.ensure_signing_key()
            oidc_login = CookieCheckingOIDCLogin(
                request, DjangoToolConfig(registration_uuid), launch_data_storage=DjangoCacheDataStorage()
            )
            return oidc_login.enable_check_cookies().redirect(target_link_uri)
        except (LtiException, OIDCException) as error:
            return refused(request, f"The LMS's login request was refused: {error}.")


def validated_launch(request) -> LtiLaunch:
    """Validate the id_token once (signature, iss, aud, azp, exp, deployment), consuming its nonce last."""
    message_launch = DjangoMessageLaunch(request, DjangoToolConfig(), launch_data_storage=DjangoCacheDataStorage())
    try:
        message_launch.validate()
    except LtiException as error:
        raise LtiRefused(f"The launch was refused: {error}.") from error
    claims = message_launch.get_launch_data()
    launches.check_id_token_claims(claims=claims, client_id=message_launch.get_client_id())
    launches.consume_nonce(issuer=claims["iss"], nonce=claims["nonce"])
    return LtiLaunch(message_launch)


@csrf_exempt
@xframe_options_exempt
@LMS_FRAMEABLE
@require_POST
def launch(request):
    try:
        lti_launch = validated_launch(request)
        sync_data_from_launch(lti_launch)
        if not lti_launch.deployment.is_active:
            raise LtiRefused("This LMS deployment is not active in quizsite; ask its administrator.", status=403)
        admission = launches.admit(lti_launch=lti_launch, tool_url=request.build_absolute_uri("/"), now=timezone.now())
        if lti_launch.is_deep_link_launch and not admission.is_instructor:
            raise LtiRefused("Only instructors may add quizzes to a course.", status=403)
    except LtiRefused as error:
        return refused(request, str(error), status=error.status)
    request.session.flush()
    login(request, admission.user, backend="django.contrib.auth.backends.ModelBackend")
    auth_url = urlsplit(lti_launch.registration.auth_url)
    request.session[FRAME_ORIGIN_SESSION_KEY] = f"{auth_url.scheme}://{auth_url.netloc}"
    request.session[SESSION_KEY] = lti_launch.get_launch_id()
    if lti_launch.is_deep_link_launch:
        return redirect("lti:deep_link")
    if admission.quiz is None:
        return redirect("quizzes:teacher_dashboard" if admission.is_instructor else "quizzes:home")
    if admission.is_instructor:
        return redirect("quizzes:teacher_quiz", admission.quiz.slug)
    return redirect("quizzes:quiz", admission.quiz.slug)


def session_launch(request) -> LtiLaunch:
    launch_id = request.session.get(SESSION_KEY)
    if not launch_id:
        raise LtiRefused("Open this page from your LMS.", status=403)
    try:
        message_launch = DjangoMessageLaunch.from_cache(
            launch_id, request, DjangoToolConfig(), launch_data_storage=DjangoCacheDataStorage()
        )
    except LtiException as error:
        raise LtiRefused("The LMS launch has expired; open the tool again from your LMS.", status=403) from error
    return LtiLaunch(message_launch)


@login_required
def deep_link_picker(request):
    try:
        lti_launch = session_launch(request)
        if not lti_launch.is_deep_link_launch:
            raise LtiRefused("This page answers the LMS's 'add external tool' dialog only.", status=403)
        if request.method == "POST":
            resources = deep_linking.resource_links(
                slugs=request.POST.getlist("quiz"), launch_url=request.build_absolute_uri(reverse("lti:launch"))
            )
            return HttpResponse(deep_linking.deep_link_response_html(lti_launch=lti_launch, resources=resources))
    except LtiRefused as error:
        return refused(request, str(error), status=error.status)
    search = {name: request.GET.get(name, "").strip() for name in ("q", "topic", "source")}
    topics, sources = deep_linking.search_choices()
    quizzes = deep_linking.placeable_quizzes(search=search["q"], topic=search["topic"], source=search["source"])
    return render(
        request, "lti/deep_link.html", {"quizzes": quizzes, "topics": topics, "sources": sources, "search": search}
    )


@xframe_options_exempt
@LMS_FRAMEABLE
@require_GET
def register(request, invitation: str):
    try:
        registrations.check_invitation(invitation=invitation)
        registration = registrations.register_dynamically(
            openid_configuration_url=request.GET.get("openid_configuration", ""),
            registration_token=request.GET.get("registration_token", ""),
            tool_urls=registrations.ToolUrls.at(request.build_absolute_uri("/")),
            tool_name="quizsite",
        )
    except LtiRefused as error:
        return refused(request, str(error), status=error.status)
    return render(request, "lti/registered.html", {"registration": registration})


@login_required
@require_POST
def sync_roster(request, context_id: int):
    context = LtiContext.objects.filter(pk=context_id, quizsite_course__course__teachers=request.user).first()
    if context is None and request.user.is_superuser:
        context = LtiContext.objects.filter(pk=context_id).first()
    if context is None:
        return HttpResponseForbidden("Not a course you teach.")
    try:
        count = roster.sync_roster(context=context)
    except LtiRefused as error:
        return refused(request, str(error), status=error.status)
    messages.success(request, f"Roster synced from the LMS: {count} member(s).")
    return redirect("quizzes:teacher_dashboard")


@login_required
@require_POST
def resend_scores(request):
    sends = ScoreSend.objects.filter(
        pk__in=[value for value in request.POST.getlist("send") if value.isdigit()],
        attempt__student__in=selectors.students_taught_by(request.user),
    )
    count = grades.resend(score_sends=sends, now=timezone.now())
    messages.success(request, f"{count} score(s) queued for sending to the LMS again.")
    return redirect("quizzes:teacher_dashboard")
