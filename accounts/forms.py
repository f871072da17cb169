from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """The browser's own date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LoginForm(AuthenticationForm):
    """Django's login form, with the e-mail field saying what it is and browsers helped to fill it."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _("Wrong e-mail address or password."),
        "inactive": _("This account is inactive. Contact your administrator."),
    }

    def confirm_login_allowed(self, user):
        """An organisation that switched password login off lets its staff in through its own login
        only (accounts/oidc.py), whatever the password."""
        super().confirm_login_allowed(user)
        from . import audit, oidc

        if oidc.password_login_refused(user):
            audit.record(None, audit.Security.PASSWORD_REFUSED, user, {"ip": self.request.META.get("REMOTE_ADDR", "")})
            raise forms.ValidationError(
                _("Your organisation logs you in through its own login, not with a password here. "
                  "Write only your e-mail address and choose Continue."), code="password_off")


def axes_username(request, credentials):
    """django-axes counts failures per account: the e-mail address in its one stored form, however
    it was typed (upper case, a look-alike letter that folds to the same one)."""
    from .models import email_key

    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return email_key(username) or None


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        from .models import User

        model = User
        fields = ["email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}


class ResetForm(PasswordResetForm):
    """Django's reset form, finding the account by the address in its one stored form."""

    def get_users(self, email):
        from .models import User, email_key

        for user in User.objects.filter(email=email_key(email), is_active=True):
            if user.has_usable_password():
                yield user
