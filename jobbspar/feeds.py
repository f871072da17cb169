"""Each user's calendar feed: a page to make (or end) a secret address, and the address itself,
which a calendar program polls without a login. What it holds: tracks/calendar.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts import services
from accounts.models import CalendarFeed
from lib import ics
from tracks.calendar import calendar_entries


@login_required
def calendar_page(request):
    """Make a new address (the old one stops working) or end it; the address is shown once."""
    token = None
    if request.method == "POST":
        if request.POST.get("action") == "end":
            services.calendar_feed_end(user=request.user)
            messages.success(request, _("Your calendar address no longer works."))
            return redirect("calendar")
        token = services.calendar_feed_renew(user=request.user)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    # Built from SITE_URL, never from the request's Host header (as every link sent out is).
    url = settings.SITE_URL + reverse("calendar_feed", args=[token]) if token else ""
    return render(request, "site/calendar.html", {"feed": feed, "url": url})


@never_cache
def calendar_feed(request, token):
    user = services.calendar_feed_user(token)
    if user is None:
        raise Http404
    body = ics.calendar(calendar_entries(user), name=_("Jobbspår"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
