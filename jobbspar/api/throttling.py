from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    """Requests per client (its token), counted in the shared cache so that every web process
    counts the same; over the rate, 429 with Retry-After."""

    scope = "api_client"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": f"client:{request.auth.pk}"}
