"""The accessibility statement (tillgänglighetsredogörelse) that the law on accessible digital
public services (2018:1937) asks for, after DIGG's model, and its form for reporting a problem."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import throttle

from . import services

# When the service was last assessed, and how (said on the page).
ASSESSED_ON = "2026-12-01"


class ReportForm(forms.Form):
    prefix = "report"
    page = forms.CharField(label=gettext_lazy("Which page (its address or name)"), max_length=300, required=False)
    description = forms.CharField(label=gettext_lazy("What does not work for you?"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 5}))
    contact = forms.CharField(label=gettext_lazy("How can we reach you? (optional)"), max_length=200, required=False,
                              help_text=gettext_lazy("An e-mail address or a telephone number, if you want an answer."))


def accessibility_statement(request):
    form = ReportForm(request.POST or None, initial={"page": request.GET.get("page", "")[:300]})
    if request.method == "POST" and form.is_valid():
        verdict = throttle.take("accessibility_report", f"ip:{request.META.get('REMOTE_ADDR', '')}")
        if not verdict.allowed:
            return throttle.too_many(request, verdict)
        services.accessibility_report(**form.cleaned_data,
                                      actor=request.user if request.user.is_authenticated else None)
        messages.success(request, _("Thank you. Your report has reached the administrators, who answer within two "
                                    "weeks if you left a way to reach you."))
        return redirect("accessibility")
    return render(request, "site/accessibility.html", {"form": form, "assessed_on": ASSESSED_ON})
