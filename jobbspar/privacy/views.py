"""The privacy officer's and the administrator's pages: the access log, its monthly review, subject
access exports, and the retention rules with a dry run of the next night's run."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import Operation, Read, record, record_read
from jobbspar.models import RetentionPolicy
from jobbspar.services import retention_policy_update
from lib import throttle
from lib.pdf import render_pdf
from participants.models import Participant

from . import access_log, retention, subject_access
from .forms import AccessLogSearchForm, LogReviewForm, RetentionPolicyForm, SubjectAccessForm


def _lookup(request):
    """A search by personal identity number counts against the searcher's limit."""
    return throttle.take("personnummer", f"user:{request.user.pk}")


def require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


@login_required
def audit_log(request):
    require(request, "accounts.review_access_log")
    form = AccessLogSearchForm(request.GET or None)
    page = None
    if request.GET.get("participant") and not (verdict := _lookup(request)).allowed:
        return throttle.too_many(request, verdict)
    if form.is_valid() and any(form.cleaned_data.values()):
        page = Paginator(access_log.search(**form.cleaned_data), 50).get_page(request.GET.get("page"))
        record(request.user, Operation.AUDIT_SEARCH, None, {k: str(v) for k, v in form.cleaned_data.items() if v})
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})


def _month(request):
    form = LogReviewForm(request.GET or {"month": f"{timezone.localdate():%Y-%m}"})
    return form, (form.cleaned_data["month"] if form.is_valid() else None)


@login_required
def log_review(request):
    require(request, "accounts.review_access_log")
    form, month = _month(request)
    review = access_log.monthly_review(month.year, month.month) if month else None
    return render(request, "privacy/log_review.html", {"form": form, "review": review})


@login_required
def log_review_pdf(request):
    require(request, "accounts.review_access_log")
    form, month = _month(request)
    if month is None:
        raise Http404
    review = access_log.monthly_review(month.year, month.month)
    record(request.user, Operation.AUDIT_REVIEW_DOWNLOAD, None, {"month": f"{month:%Y-%m}"})
    response = HttpResponse(render_pdf("privacy/log_review_pdf.html", {"review": review}), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="loggranskning-{month:%Y-%m}.pdf"'
    return response


@login_required
def subject_access_lookup(request):
    """The privacy officer finds the person who asked for their data by personal identity number."""
    require(request, "accounts.review_access_log")
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and not (verdict := _lookup(request)).allowed:
        return throttle.too_many(request, verdict)
    if request.method == "POST" and form.is_valid():
        return _export(request, form.cleaned_data["participant"])
    return render(request, "privacy/subject_access.html", {"form": form})


@login_required
@require_POST
def subject_access_export(request, pk):
    """From the person's own page: whoever may read the person by name, or the privacy officer."""
    participant = get_object_or_404(Participant.objects.select_related("home_municipality", "af_office", "created_by"), pk=pk)
    allowed = request.user.has_perm("accounts.review_access_log") or request.user.has_perm(
        "participants.view_identity", participant)
    if not allowed:
        raise Http404
    return _export(request, participant)


def _export(request, participant):
    record_read(request, participant, Read.SUBJECT_ACCESS)
    response = HttpResponse(subject_access.export_zip(participant), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="registerutdrag-{participant.pk}-{timezone.localdate():%Y-%m-%d}.zip"'
    return response


@login_required
def retention_rules(request):
    """The rules, and what the next run will do (a dry run: nothing is changed by looking)."""
    require(request, "accounts.review_access_log")
    can_change = request.user.has_perm("accounts.change_retention")
    policy = RetentionPolicy.current()
    form = RetentionPolicyForm(request.POST or None, instance=policy)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            retention_policy_update(policy=RetentionPolicy.current(), actor=request.user, **form.cleaned_data)
            messages.success(request, _("The retention rules are saved. The next run follows them."))
            return redirect("privacy:retention")
    plan = retention.plan()
    context = {
        "form": form, "can_change": can_change, "policy": policy, "plan": plan,
        "people": list(plan.participants.select_related("home_municipality")[:50]),
        "counts": {"people": plan.participants.count(), "follow_ups": plan.follow_ups.count(),
                   "feedback": plan.feedback.count(), "reports": plan.reports.count()},
    }
    return render(request, "privacy/retention.html", context)
