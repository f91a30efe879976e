"""Integration keys: `Authorization: Api-Key <key>` authenticates an LMS integration of one course."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework_api_key.permissions import KeyParser

from quizzes.models import IntegrationKey
from quizzes.models.courses import IntegrationClient, is_integration

__all__ = ["IntegrationClient", "IntegrationKeyAuthentication", "is_integration"]


class IntegrationKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"
    key_parser = KeyParser()

    def authenticate(self, request):
        raw_key = self.key_parser.get(request)
        if not raw_key:
            return None
        prefix, _, _ = raw_key.partition(".")
        key = IntegrationKey.objects.select_related("course").filter(prefix=prefix, revoked=False).first()
        if key is None or key.has_expired or not key.is_valid(raw_key):
            raise exceptions.AuthenticationFailed("The integration key is unknown, revoked or expired.")
        return IntegrationClient(key), key

    def authenticate_header(self, request):
        return self.keyword


class IntegrationKeyScheme(OpenApiAuthenticationExtension):
    target_class = IntegrationKeyAuthentication
    name = "integrationKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An integration key, sent as "Authorization: Api-Key <key>".',
        }
