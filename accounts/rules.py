"""Permission predicates of the kernel (django-rules). Apps combine these with their own."""

import rules

from .models import Role
from .personal_data import may_see
from .selectors import roles_of


@rules.predicate
def is_administrator(user):
    return user.is_superuser or Role.ADMINISTRATOR in roles_of(user)


def has_role(*roles):
    @rules.predicate(name=f"has_role:{'|'.join(roles)}")
    def predicate(user):
        return not roles_of(user).isdisjoint(roles)

    return predicate


def sees(kind):
    """The user holds a role that may see this kind of personal data (accounts.personal_data)."""

    @rules.predicate(name=f"sees:{kind}")
    def predicate(user):
        return may_see(roles_of(user), kind)

    return predicate


is_privacy_officer = has_role(Role.PRIVACY_OFFICER)
is_coordinator = has_role(Role.COORDINATOR)
is_municipality_officer = has_role(Role.MUNICIPALITY_OFFICER)
is_af_officer = has_role(Role.AF_OFFICER)


@rules.predicate
def holds_membership(user, membership):
    return membership is not None and membership.user_id == user.pk


rules.add_perm("accounts.switch_membership", rules.is_authenticated & holds_membership)
# The access log, subject-access exports of anyone, and the retention rules' dry run.
rules.add_perm("accounts.review_access_log", rules.is_authenticated & (is_administrator | is_privacy_officer))
rules.add_perm("accounts.change_retention", rules.is_authenticated & is_administrator)
# Staff users are added by the administrator (in the admin site, or many from a file: accounts/imports.py).
rules.add_perm("accounts.import_users", rules.is_authenticated & is_administrator)
