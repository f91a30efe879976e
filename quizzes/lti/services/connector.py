"""Calls from the tool to an LMS's services (AGS, NRPS), with the timeout PyLTI1p3 leaves out."""

import requests
from django.conf import settings
from lti_tool.models import LtiRegistration
from pylti1p3.service_connector import ServiceConnector


class TimeoutSession(requests.Session):
    """A requests session whose every call gives up after LTI['SERVICE_TIMEOUT_SECONDS']: a slow LMS is a failed try."""

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", settings.LTI["SERVICE_TIMEOUT_SECONDS"])
        return super().request(method, url, **kwargs)


def service_connector(*, registration: LtiRegistration) -> ServiceConnector:
    """Return a connector that gets client-credentials tokens for the registration and calls with a timeout."""
    return ServiceConnector(registration.to_registration(), requests_session=TimeoutSession())
