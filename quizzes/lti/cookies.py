"""Cookies and framing for pages shown inside an LMS's iframe."""

from http.cookies import Morsel

FRAME_ORIGIN_SESSION_KEY = "lti_platform_origin"


class PartitionedMorsel(Morsel):
    """A cookie with the Partitioned attribute (CHIPS), which http.cookies learns only in Python 3.14."""

    def OutputString(self, attrs=None):  # noqa: N802 (the name http.cookies calls)
        return super().OutputString(attrs) + "; Partitioned"


def partitioned(morsel: Morsel) -> Morsel:
    if "partitioned" in Morsel._reserved:
        morsel["partitioned"] = True
        return morsel
    copy = PartitionedMorsel()
    copy.update(morsel)
    copy.set(morsel.key, morsel.value, morsel.coded_value)
    return copy


def with_frame_ancestors(policy: str, sources: str) -> str:
    """The policy with its frame-ancestors directive set to `sources`, every other directive kept."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in directives if part.split()[0].lower() != "frame-ancestors"]
    return "; ".join([*kept, f"frame-ancestors {sources}"])


class LmsFrameMiddleware:
    """Let the LMS a person launched from frame our pages, and partition the cross-site cookies they use there.

    A session signed in by an LTI launch may be framed by that platform's origin only (CSP frame-ancestors
    replaces X-Frame-Options: DENY); every SameSite=None; Secure cookie is Partitioned, so browsers that block
    third-party cookies keep it for this LMS alone instead of dropping it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origin = session.get(FRAME_ORIGIN_SESSION_KEY) if session is not None else None
        if origin:
            response.headers.pop("X-Frame-Options", None)
            response.headers["Content-Security-Policy"] = with_frame_ancestors(
                response.headers.get("Content-Security-Policy", ""), f"'self' {origin}"
            )
        for name, morsel in list(response.cookies.items()):
            if morsel["secure"] and str(morsel["samesite"]).lower() == "none":
                dict.__setitem__(response.cookies, name, partitioned(morsel))
        return response
