"""Rates per anonymous address, per signed-in user and per integration key (settings: DEFAULT_THROTTLE_RATES).

Counters live in the cache: Redis when REDIS_URL is set, so that every worker and host counts together.
"""

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

from quizzes.api.authentication import is_integration
from quizzes.http import client_address, over_limit


class SharedCounterThrottle(SimpleRateThrottle):
    """A window opened by a caller's first request, counted with the cache's atomic increment.

    DRF's own throttles read a list of timestamps and write it back: two workers answering at once both read
    the old list, so each lets a request through that the other already counted.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        # add() keeps the first caller's start; every worker then computes the same end of the window.
        cache.add(f"{self.key}:opened", self.now, timeout=self.duration)
        self.window_ends_at = (cache.get(f"{self.key}:opened") or self.now) + self.duration
        return not over_limit(key=self.key, limit=self.num_requests, period_seconds=self.duration)

    def wait(self):
        return max(self.window_ends_at - self.now, 1)

    def get_ident(self, request):
        # DRF trusts X-Forwarded-For unless NUM_PROXIES is set; we trust it only as TRUSTED_PROXY_COUNT says.
        return client_address(request)


class AnonymousThrottle(SharedCounterThrottle, AnonRateThrottle):
    pass


class UserThrottle(SharedCounterThrottle, UserRateThrottle):
    def get_cache_key(self, request, view):
        if is_integration(request.user):
            return None
        return super().get_cache_key(request, view)


class IntegrationThrottle(SharedCounterThrottle):
    scope = "integration"

    def get_cache_key(self, request, view):
        if not is_integration(request.user):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.key.prefix}
