import logging

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.ids import parse_id

from . import services
from .forms import EmailPreferenceForm, LoginForm, ResetForm
from .middleware import SESSION_KEY
from .models import Notification
from .views_oidc import EmailFirstMixin

log = logging.getLogger("jobbspar.security")


class LoginView(EmailFirstMixin, auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """The reset e-mail's link is built from SITE_URL, never from the request's Host header; a few
    e-mails an hour per address and per client are sent, the rest quietly not (the page says the
    same either way, so it tells nobody whether an address has an account)."""

    form_class = ResetForm

    def form_valid(self, form):
        from django.conf import settings

        from lib import throttle

        from .models import email_key

        self.extra_email_context = {"site_url": settings.SITE_URL}
        verdict = throttle.take("reset_email", f"address:{email_key(form.cleaned_data['email'])}",
                                f"ip:{self.request.META.get('REMOTE_ADDR', '')}")
        if not verdict.allowed:
            log.warning("password reset e-mail throttled ip=%s", self.request.META.get("REMOTE_ADDR", ""))
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        services.lockout_clear(user=form.user)
        return response


@login_required
@require_POST
def switch_membership(request):
    """Choose which of the user's memberships the pages show (the header's role picker)."""
    chosen = parse_id(request.POST.get("membership"))
    membership = next((m for m in request.memberships if m.pk == chosen), None)
    if not request.user.has_perm("accounts.switch_membership", membership):
        raise PermissionDenied
    request.session[SESSION_KEY] = membership.pk
    messages.success(request, _("You now work as %(role)s, %(place)s.") % {
        "role": membership.get_role_display().lower(),
        "place": membership.place,
    })
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "dashboard"
    return redirect(next_url)


@login_required
def notification_list(request):
    items = Notification.objects.filter(recipient=request.user).order_by("read_at", "-created_at")[:100]
    form = EmailPreferenceForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.email_frequency_set(user=request.user, frequency=form.cleaned_data["email_frequency"])
        messages.success(request, _("Your choice is saved."))
        return redirect("notifications")
    return render(request, "accounts/notifications.html", {"items": items, "form": form})


@login_required
@require_POST
def notification_read(request, pk=None):
    """Mark one notification read and follow its link, or mark all read."""
    if pk is None:
        services.notifications_mark_read(user=request.user)
        return redirect("notifications")
    item = get_object_or_404(Notification, recipient=request.user, pk=pk)
    services.notifications_mark_read(user=request.user, notification=item)
    return redirect(item.url or "notifications")
