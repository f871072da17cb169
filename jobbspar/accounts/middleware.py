from .selectors import memberships_of

SESSION_KEY = "active_membership_id"


def active_membership(request, memberships):
    """The membership the user works in now: the one chosen in the header, else the first."""
    chosen = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == chosen:
            return membership
    return memberships[0] if memberships else None


class MembershipMiddleware:
    """Puts `request.memberships` (all of the user's) and `request.membership` (the active one)
    on the request: one query, and only for a logged-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = memberships_of(request.user)
        request.membership = active_membership(request, request.memberships)
        return self.get_response(request)
