"""Rates per anonymous address, per signed-in user and per integration key (settings: DEFAULT_THROTTLE_RATES)."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from quizzes.api.authentication import is_integration


class AnonymousThrottle(AnonRateThrottle):
    pass


class UserThrottle(UserRateThrottle):
    def get_cache_key(self, request, view):
        if is_integration(request.user):
            return None
        return super().get_cache_key(request, view)


class IntegrationThrottle(SimpleRateThrottle):
    scope = "integration"

    def get_cache_key(self, request, view):
        if not is_integration(request.user):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.key.prefix}
