from django.db.models import Q

from .models import LocalAgreement, Membership, Role

# The order in which a user's memberships are offered, most hands-on first.
ROLE_ORDER = [
    Role.COORDINATOR,
    Role.MUNICIPALITY_OFFICER,
    Role.AF_OFFICER,
    Role.EMPLOYER_REPRESENTATIVE,
    Role.STEERING_GROUP_MEMBER,
    Role.ADMINISTRATOR,
]


def memberships_of(user) -> list[Membership]:
    """The user's memberships with what the header needs, in ROLE_ORDER, in one query."""
    if not user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=user).select_related(
        "organisation", "steering_group__agreement__municipality", "steering_group__agreement__af_office"
    )
    return sorted(memberships, key=lambda m: (ROLE_ORDER.index(m.role), str(m.place)))


def agreements_of_organisation(organisation):
    """Local agreements a municipality or AF office is party to, with what a list shows."""
    return (
        LocalAgreement.objects.filter(Q(municipality=organisation) | Q(af_office=organisation))
        .select_related("municipality", "af_office", "steering_group")
        .order_by("name")
    )


def steering_group_members(group):
    return Membership.objects.filter(steering_group=group).select_related("user").order_by("user__full_name")
