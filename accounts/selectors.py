from django.db.models import Q

from .models import LocalAgreement, Membership, Role

# The order in which a user's memberships are offered, most hands-on first.
ROLE_ORDER = [
    Role.COORDINATOR,
    Role.MUNICIPALITY_OFFICER,
    Role.AF_OFFICER,
    Role.EMPLOYER_REPRESENTATIVE,
    Role.STEERING_GROUP_MEMBER,
    Role.PROVIDER,
    Role.ADMINISTRATOR,
    Role.PRIVACY_OFFICER,
]


def memberships_of(user) -> list[Membership]:
    """The user's memberships with what the header needs, in ROLE_ORDER, in one query. The roles
    are kept on the user object for the rest of the request (see `roles_of`)."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user).select_related(
        "organisation", "steering_group__agreement__municipality", "steering_group__agreement__af_office"
    )
    memberships = sorted(memberships, key=lambda m: (ROLE_ORDER.index(m.role), str(m.place)))
    for membership in memberships:
        membership.user = user  # the request's own user, with the roles kept below (not read again)
    user._request_roles = frozenset(m.role for m in memberships)
    user._request_scopes = [
        (m.role, m.organisation_id, m.steering_group.agreement_id if m.steering_group_id else None) for m in memberships
    ]
    return memberships


def membership_scopes(user) -> list[tuple]:
    """(role, organisation id, agreement id of the steering group) of each of the user's
    memberships: from the request's memberships when a request loaded them, otherwise asked now."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_request_scopes", None)
    if cached is not None:
        return cached
    return list(Membership.objects.filter(user=user).values_list("role", "organisation_id", "steering_group__agreement_id"))


def organisation_ids(user, roles) -> set:
    return {organisation for role, organisation, _agreement in membership_scopes(user) if role in roles and organisation}


def roles_of(user) -> frozenset:
    """The roles the user holds: from the request's memberships when a request loaded them (so
    the menu's and the page's role checks cost no query), otherwise asked now."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_request_roles", None)
    if cached is not None:
        return cached
    return frozenset(Membership.objects.filter(user=user).values_list("role", flat=True))


def agreements_of_organisation(organisation):
    """Local agreements a municipality or AF office is party to, with what a list shows."""
    return (
        LocalAgreement.objects.filter(Q(municipality=organisation) | Q(af_office=organisation))
        .select_related("municipality", "af_office", "steering_group")
        .order_by("name")
    )


def steering_group_members(group):
    return Membership.objects.filter(steering_group=group).select_related("user").order_by("user__full_name")


def organisation_key(membership) -> str | None:
    """Whose tries a throttle counts besides the user's: the organisation (or steering group) the
    user works for now."""
    if membership is None:
        return None
    if membership.organisation_id:
        return f"org:{membership.organisation_id}"
    if membership.steering_group_id:
        return f"group:{membership.steering_group_id}"
    return None
