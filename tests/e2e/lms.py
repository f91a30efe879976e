"""A small LMS for the LTI tests, built on lti1p3platform (a real LTI 1.3 platform implementation), on loopback.

It serves what Canvas or Moodle would: OIDC authorization (the launch form), its JWKS, OAuth2 tokens, Deep Linking
returns, AGS line items and scores, an NRPS roster, and LTI Dynamic Registration. The test plays the browser.
"""

import json
import re
import threading
import uuid
from html import escape, unescape
from urllib.parse import parse_qs, urljoin
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from jwcrypto.jwk import JWK
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request

PORTS = range(8631, 8640)
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


class WsgiRequest(Request):
    def build_metadata(self, environ):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        content_type = environ.get("CONTENT_TYPE", "")
        self.body = body
        return {
            "method": environ["REQUEST_METHOD"],
            "form_data": {k: v[0] for k, v in parse_qs(body.decode()).items()} if "form" in content_type else {},
            "get_data": {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()},
            "headers": {"Authorization": environ.get("HTTP_AUTHORIZATION", "")},
            "content_type": content_type,
            "path": environ["PATH_INFO"],
            "json": json.loads(body) if body and "json" in content_type else None,
        }


class PlatformConfig(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, **kwargs):
        self.lms = kwargs["lms"]

    def get_registration_by_params(self, **kwargs):
        return self.lms.registration()


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url):
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    # The package's own launch template needs jinja2 and pkg_resources, which it does not declare.
    def render_launch_form(self, launch_data, **kwargs):
        fields = "".join(
            f'<input type="hidden" name="{name}" value="{escape(launch_data[name])}" />'
            for name in ("id_token", "state")
        )
        return (
            f'<form method="POST" action="{escape(launch_data["launch_url"])}">{fields}</form>'
            "<script>document.forms[0].submit()</script>"
        )


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Lms:
    """The platform's state: one course, its people, the tool's registration, line items and scores received."""

    def __init__(self, tool_url: str):
        self.tool_url = tool_url.rstrip("/")
        self.key = JWK.generate(kty="RSA", size=2048)
        self.client_id, self.deployment_id = "quizsite-client", "deployment-1"
        self.people = {
            "teacher-1": {"name": "Ada Teacher", "roles": [INSTRUCTOR]},
            "learner-1": {"name": "Lena Learner", "roles": [LEARNER]},
            "learner-2": {"name": "Rosa Roster", "roles": [LEARNER]},
        }
        self.links, self.line_items, self.scores, self.refused_tokens = {}, {}, [], 0
        self.server = self.thread = None
        self.port = None

    # Serving
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        for port in [self.port] if self.port else PORTS:
            try:
                self.server = make_server("127.0.0.1", port, self.app, WSGIServer, QuietHandler)
            except OSError:
                continue
            self.port = port
            break
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        """Go down: connections are refused until start() again (on the same port)."""
        self.server.shutdown()
        self.server.server_close()

    def registration(self) -> Registration:
        return (
            Registration()
            .set_iss(self.url)
            .set_client_id(self.client_id)
            .set_deployment_id(self.deployment_id)
            .set_oidc_login_url(f"{self.tool_url}/lti/login/")
            .set_launch_url(f"{self.tool_url}/lti/launch/")
            .set_deeplink_launch_url(f"{self.tool_url}/lti/launch/")
            .set_tool_key_set_url(f"{self.tool_url}/lti/jwks/")
            .set_platform_public_key(self.key.export_to_pem().decode())
            .set_platform_private_key(self.key.export_to_pem(private_key=True, password=None).decode())
        )

    def platform(self):
        return PlatformConfig(lms=self)

    def add_link(self, *, title: str, custom: dict, score_maximum: float) -> str:
        """A resource link already in the course (as Deep Linking would have added it); return its id."""
        link_id, item_id = f"link-{uuid.uuid4().hex[:8]}", f"{self.url}/lineitems/{len(self.line_items) + 1}"
        item = {"type": "ltiResourceLink", "title": title, "custom": custom,
                "lineItem": {"label": title, "scoreMaximum": score_maximum}}  # fmt: skip
        self.links[link_id] = {"item": item, "lineitem": item_id}
        self.line_items[item_id] = dict(item["lineItem"], resourceLinkId=link_id)
        return link_id

    # What the LMS's pages do
    def login_url(self, *, person: str, hint: str) -> str:
        """The URL the LMS sends the browser to when a person opens a link (hint: a link id or 'deep-link')."""
        login = Login(None, self.platform())
        login.set_lti_message_hint(hint=hint)
        return login.initiate_login(person)

    def app(self, environ, start_response):
        request = WsgiRequest(environ)
        path = environ["PATH_INFO"]
        try:
            status, content_type, body = self.route(request, path)
        except Exception as error:  # a refusal, as an LMS answers it
            status, content_type, body = "400 Bad Request", "application/json", json.dumps({"error": repr(error)})
        start_response(status, [("Content-Type", content_type)])
        return [body.encode()]

    def route(self, request, path):
        if path == "/course":
            # The course page a person opens in the LMS: the activity in an iframe, as Canvas and Moodle show it.
            src = escape(self.login_url(person=request.get_data["person"], hint=request.get_data["hint"]))
            # sandbox=1: a frame without cookies at all, as some LMS pages and browser settings make it.
            sandbox = ' sandbox="allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox"'
            attributes = sandbox if request.get_data.get("sandbox") else ""
            frame = f'<iframe title="Activity" src="{src}" width="1000" height="700"{attributes}></iframe>'
            return "200 OK", "text/html", f"<h1>History 101</h1>{frame}"
        if path == "/auth":
            return "200 OK", "text/html", self.authorize(request)
        if path == "/jwks":
            return "200 OK", "application/json", json.dumps({"keys": self.registration().get_jwks()})
        if path == "/token":
            return (
                "200 OK",
                "application/json",
                json.dumps(self.platform_with_registration().get_access_token(request.form_data)),
            )
        if path == "/deep-link-return":
            items = self.platform_with_registration().validate_deeplinking_resp(request.form_data)
            for item in items:
                link_id = f"link-{uuid.uuid4().hex[:8]}"
                item_id = f"{self.url}/lineitems/{len(self.line_items) + 1}"
                self.links[link_id] = {"item": item, "lineitem": item_id}
                self.line_items[item_id] = dict(item.get("lineItem", {}), resourceLinkId=link_id)
            return "200 OK", "text/html", f"<p>Added {len(items)} item(s)</p>"
        if path.startswith("/lineitems/") and path.endswith("/scores"):
            self.check_token(request, SCORE_SCOPE)
            self.scores.append(dict(request.json, lineitem=f"{self.url}{path.removesuffix('/scores')}"))
            return "200 OK", "application/json", "{}"
        if path == "/memberships":
            self.check_token(request, NRPS_SCOPE)
            # A member's status is optional (Active when absent): the last one has none.
            members = [{"user_id": sub, "name": who["name"], "roles": who["roles"], "status": "Active"}
                       for sub, who in self.people.items()]  # fmt: skip
            members[-1].pop("status")
            body = {"id": f"{self.url}/memberships", "context": {"id": "course-1"}, "members": members}
            return "200 OK", "application/vnd.ims.lti-nrps.v2.membershipcontainer+json", json.dumps(body)
        if path == "/.well-known/openid-configuration":
            return "200 OK", "application/json", json.dumps(self.openid_configuration())
        if path == "/register":
            return "200 OK", "application/json", json.dumps(self.register(request))
        return "404 Not Found", "text/plain", "not found"

    def platform_with_registration(self):
        platform = self.platform()
        platform.get_registration()
        return platform

    def check_token(self, request, scope):
        token = request.headers["Authorization"].removeprefix("Bearer ")
        if not self.platform_with_registration().validate_token(token, allowed_scopes=[scope]):
            self.refused_tokens += 1
            raise PermissionError("token without the scope")

    def authorize(self, request):
        """The OIDC authorization endpoint: the tool's auth request comes back as a signed launch form."""
        params = request.get_data
        person, hint = params["login_hint"], params["lti_message_hint"]
        launch = Launch(request, self.platform())
        launch.set_user_data(person, self.people[person]["roles"], full_name=self.people[person]["name"])
        launch.set_launch_context_claim("course-1", context_title="History 101", context_label="HIST101")
        launch.set_nrps(f"{self.url}/memberships")
        if hint == "deep-link":
            launch.set_dl(f"{self.url}/deep-link-return", accept_types={"ltiResourceLink"})
            launch.set_ags(f"{self.url}/lineitems")
        else:
            link = self.links[hint]
            launch.set_resource_link_claim(hint, title=link["item"].get("title"))
            launch.set_custom_parameters_claim(link["item"].get("custom", {}))
            launch.set_ags(f"{self.url}/lineitems", link["lineitem"])
        return launch.lti_launch()

    def openid_configuration(self):
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/auth",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "registration_endpoint": f"{self.url}/register",
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {"product_family_code": "test-lms"},
        }

    def register(self, request):
        assert request.headers["Authorization"] == "Bearer one-time-token", "registration without the LMS's token"
        self.registered_tool = request.json
        answer = dict(request.json, client_id=self.client_id)
        answer["https://purl.imsglobal.org/spec/lti-tool-configuration"] = {"deployment_id": self.deployment_id}
        return answer


def form_fields(html: str) -> tuple[str, dict]:
    """The action and hidden inputs of the self-submitting form in a page, as a browser would post them."""
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"', html).group(1))
    fields = {unescape(name): unescape(value)
              for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)}  # fmt: skip
    return action, fields


def follow_cookie_check(browser, response):
    """The login's cookie-check page sets a test cookie, then goes on to the URL it names (the browser's part)."""
    continue_url = json.loads(re.search(r'<script id="lti-continue-url" type="application/json">(.*?)</script>',
                                        response.text).group(1))  # fmt: skip
    return browser.get(urljoin(response.url, continue_url))


def launch(browser, lms: Lms, *, person: str, hint: str):
    """Open a link in the LMS as the person: login initiation, cookie check, authorization, the launch POST."""
    check_page = browser.get(lms.login_url(person=person, hint=hint))
    assert "lti_cookie_check" in check_page.text, "the login answers with a cookie check first"
    authorization = follow_cookie_check(browser, check_page)
    action, fields = form_fields(authorization.text)
    fields["_launch_url"] = action
    return fields, browser.post(action, data={"id_token": fields["id_token"], "state": fields["state"]})
