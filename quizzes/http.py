"""Facts about a request that several layers need: who is calling from where, and how often."""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The caller's IP address: REMOTE_ADDR, or the address the TRUSTED_PROXY_COUNT-th proxy saw.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with N proxies
    the N-th entry from the right is the client; entries to its left were written by the client and prove
    nothing. With no trusted proxy the header is ignored: a client cannot escape a limit by sending a new one.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return remote_address
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote_address
    return forwarded[-proxies]


def over_limit(*, key: str, limit: int, period_seconds: int) -> bool:
    """Count one hit for key in the shared cache; True once more than limit hits fell in the current period."""
    cache_key = f"rate-limit:{key}"
    # add() starts the window only if none is running; incr() is atomic on Redis, so workers share one count.
    cache.add(cache_key, 0, timeout=period_seconds)
    try:
        hits = cache.incr(cache_key)
    except ValueError:
        # The window expired between add() and incr(): this hit opens a new one.
        cache.set(cache_key, 1, timeout=period_seconds)
        hits = 1
    return hits > limit


# Longer than any username Django accepts (150), so that no real account is cut.
LOCKOUT_USERNAME_MAX_LENGTH = 200


def login_username(request, credentials=None) -> str:
    """The username a login attempt names, as django-axes records it: without characters a database refuses.

    PostgreSQL refuses NUL in text, so a username holding one would turn a failed login into a server error.
    """
    source = credentials if credentials else request.POST
    username = str(source.get("username") or "")
    # isprintable() is False for NUL, every other control character and lone surrogates.
    printable = "".join(character for character in username if character.isprintable())
    return printable[:LOCKOUT_USERNAME_MAX_LENGTH]
