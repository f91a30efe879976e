"""LTI platform registrations: by command or admin, and by LTI Dynamic Registration; the tool's signing keys."""

from dataclasses import dataclass

import requests
from django.core import signing
from django.db import transaction
from lti_tool.models import Key, LtiDeployment, LtiRegistration

from quizzes.errors import LtiRefused

DYNAMIC_REGISTRATION_SALT = "quizzes.lti.dynamic-registration"
INVITATION_MAX_AGE_SECONDS = 7 * 24 * 3600
TOOL_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
]


@dataclass(frozen=True)
class ToolUrls:
    """The addresses a platform administrator pastes into the LMS."""

    login: str
    launch: str
    jwks: str
    deep_linking: str

    @classmethod
    def at(cls, base_url: str) -> "ToolUrls":
        base = base_url.rstrip("/")
        return cls(login=f"{base}/lti/login/", launch=f"{base}/lti/launch/", jwks=f"{base}/lti/jwks/",
                   deep_linking=f"{base}/lti/launch/")  # fmt: skip


def ensure_signing_key() -> Key:
    """Return the newest active tool key, generating the first one (launches and grade sends need one)."""
    key = Key.objects.active().order_by("-datetime_created").first()
    return key if key is not None else Key.objects.generate()


@transaction.atomic
def add_platform(
    *, issuer: str, client_id: str, deployment_ids: list[str], auth_url: str, token_url: str, jwks_url: str, name=""
) -> LtiRegistration:
    """Return the platform's registration, created or updated, with its deployments active."""
    registration, _ = LtiRegistration.objects.update_or_create(
        issuer=issuer,
        client_id=client_id,
        defaults={"name": name or issuer, "auth_url": auth_url, "token_url": token_url, "keyset_url": jwks_url,
                  "is_active": True},
    )  # fmt: skip
    for deployment_id in deployment_ids:
        LtiDeployment.objects.update_or_create(
            registration=registration, deployment_id=deployment_id, defaults={"is_active": True}
        )
    ensure_signing_key()
    return registration


def dynamic_registration_invitation() -> str:
    """Return a signed invitation a platform may register with, for a week (it goes in the registration URL)."""
    return signing.dumps("register", salt=DYNAMIC_REGISTRATION_SALT)


def check_invitation(*, invitation: str) -> None:
    """Raise LtiRefused unless the invitation is ours and less than a week old."""
    try:
        signing.loads(invitation, salt=DYNAMIC_REGISTRATION_SALT, max_age=INVITATION_MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise LtiRefused("This registration link is invalid or has expired; ask for a new one.", status=403) from error


def register_dynamically(
    *, openid_configuration_url: str, registration_token: str, tool_urls: ToolUrls, tool_name: str
) -> LtiRegistration:
    """Register with the platform (LTI Dynamic Registration 1.0) and return the active registration.

    Reads the platform's OpenID configuration, posts the tool's configuration to its registration endpoint and
    stores the client id and deployment it answers with. Raises LtiRefused when the platform refuses.
    """
    try:
        platform = requests.get(openid_configuration_url, timeout=10)
        platform.raise_for_status()
        configuration = platform.json()
        tool = {
            "application_type": "web",
            "response_types": ["id_token"],
            "grant_types": ["implicit", "client_credentials"],
            "initiate_login_uri": tool_urls.login,
            "redirect_uris": [tool_urls.launch],
            "client_name": tool_name,
            "jwks_uri": tool_urls.jwks,
            "token_endpoint_auth_method": "private_key_jwt",
            "scope": " ".join(TOOL_SCOPES),
            "https://purl.imsglobal.org/spec/lti-tool-configuration": {
                "domain": tool_urls.launch.split("/")[2],
                "target_link_uri": tool_urls.launch,
                "claims": ["iss", "sub", "name", "given_name", "family_name", "email"],
                "messages": [
                    {"type": "LtiResourceLinkRequest", "target_link_uri": tool_urls.launch},
                    {
                        "type": "LtiDeepLinkingRequest",
                        "target_link_uri": tool_urls.deep_linking,
                        "placements": ["assignment_selection", "link_selection"],
                    },
                ],  # fmt: skip
            },
        }
        headers = {"Authorization": f"Bearer {registration_token}"} if registration_token else {}
        answer = requests.post(configuration["registration_endpoint"], json=tool, headers=headers, timeout=10)
        answer.raise_for_status()
        client = answer.json()
        platform_claims = configuration.get("https://purl.imsglobal.org/spec/lti-platform-configuration", {})
        tool_answer = client.get("https://purl.imsglobal.org/spec/lti-tool-configuration", {})
        deployment_id = tool_answer.get("deployment_id")
        return add_platform(
            issuer=configuration["issuer"],
            client_id=client["client_id"],
            deployment_ids=[deployment_id] if deployment_id else [],
            auth_url=configuration["authorization_endpoint"],
            token_url=configuration["token_endpoint"],
            jwks_url=configuration["jwks_uri"],
            name=platform_claims.get("product_family_code", "") or configuration["issuer"],
        )
    except (requests.RequestException, ValueError, KeyError) as error:
        raise LtiRefused(f"The platform did not complete the registration: {error}", status=502) from error
