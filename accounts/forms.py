from django import forms
from django.contrib.auth.forms import AuthenticationForm
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


def axes_username(request, credentials):
    """django-axes counts failures per account: the e-mail address, whatever case it was typed in."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return username.strip().lower() or None


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        from .models import User

        model = User
        fields = ["email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}
