from django.utils.functional import SimpleLazyObject

from .notifications import unread_count


def notifications(request):
    """The header's unread count, counted only when a page shows it."""
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(request.user))}
