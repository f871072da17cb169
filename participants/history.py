"""The change history of a person's own record (django-simple-history), shaped for the history
page. What the person did in tracks (candidacies, follow-ups, outcomes) is tracks' history,
rendered by tracks and included in the same page."""

from django.utils.translation import gettext_lazy as _

from lib.history import entries, newest_first


def personal_details_history(participant) -> list[dict]:
    """Newest first, in one query."""
    return newest_first(entries(_("Personal details"), participant.history.select_related("history_user"), lambda r: ""))
