"""Who may do what with the catalogue (django-rules): a provider's people keep their own modules;
everyone who plans tracks may search it (the search page lives in tracks/)."""

import rules

from accounts.models import Role
from accounts.rules import has_role
from accounts.selectors import organisation_ids

is_provider = has_role(Role.PROVIDER)


@rules.predicate
def offers_module(user, module):
    return module is not None and module.provider_id in organisation_ids(user, [Role.PROVIDER])


rules.add_perm("providers.manage_catalogue", rules.is_authenticated & is_provider)
rules.add_perm("providers.change_module", rules.is_authenticated & offers_module)

plans_tracks = has_role(Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER)


@rules.predicate
def is_published(user, module):
    return module is not None and module.published


rules.add_perm("providers.view_module", rules.is_authenticated & (offers_module | (plans_tracks & is_published)))
rules.add_perm("providers.search_catalogue", rules.is_authenticated & plans_tracks)
