"""The site's own pages: each role's start page, and the health endpoints."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.audit import READS
from accounts.models import AuditEvent, Municipality, Organisation, Role, User
from accounts.selectors import agreements_of_organisation, steering_group_members
from providers.models import Intake
from reports.kpis import compute_cached
from reports.presenters import kpi_context
from tracks.models import WORKING_PHASES, Phase, Track
from tracks.selectors import (
    attendance_missing,
    escalations_for,
    invitations_for,
    letters_awaiting,
    provider_interventions,
    shortlists_to_decide,
    track_rows,
    track_table,
)
from tracks.services.provision import monday

from .health import check_broker, check_database
from .models import Heartbeat
from .privacy.access_log import month_bounds, participant_type


@login_required
def dashboard(request):
    """`/` shows what the user's active role works with."""
    membership = request.membership
    role = membership.role if membership else (Role.ADMINISTRATOR if request.user.is_superuser else None)
    if role is None:
        return render(request, "dashboards/no_role.html")
    context = {"membership": membership, **DASHBOARD_CONTEXT[role](membership)}
    return render(request, f"dashboards/{role}.html", context)


def _agreements_of_organisation(membership):
    return {"agreements": agreements_of_organisation(membership.organisation)}


def _coordinator_context(membership):
    user = membership.user
    return {
        **kpi_context(compute_cached(f"coordinator:{user.pk}", Track.objects.filter(coordinators=user)),
                      _("Results of your tracks")),
        **_agreements_of_organisation(membership),
        "tracks": track_table(track_rows(user).filter(coordinators=user, phase__in=WORKING_PHASES)),
        "invitations": list(invitations_for(user)),
    }


def _officer_context(membership):
    tracks = track_table(track_rows(membership.user).filter(phase__in=WORKING_PHASES))
    return {
        **_agreements_of_organisation(membership),
        "recruiting": [t for t in tracks if t["phase"] == Phase.RECRUITMENT],
        "tracks": tracks,
        "invitations": list(invitations_for(membership.user)),
    }


def _employer_context(membership):
    return {
        "organisation": membership.organisation,
        "tracks": track_table(track_rows(membership.user).filter(employers=membership.organisation)),
        "letters": letters_awaiting(membership.organisation),
        "shortlists": shortlists_to_decide(membership.user),
        "invitations": list(invitations_for(membership.user)),
    }


def _provider_context(membership):
    week = monday(timezone.localdate()) - datetime.timedelta(weeks=1)
    interventions = list(provider_interventions(membership.user))
    return {
        "organisation": membership.organisation,
        "last_week": week,
        "to_report": attendance_missing(interventions, week),
        "running": [i for i in interventions if i.start_date <= timezone.localdate() <= i.end_date],
        "intakes": Intake.objects.filter(module__provider=membership.organisation,
                                         start_date__gte=timezone.localdate()).select_related("module")[:10],
    }


def _steering_context(membership):
    group = membership.steering_group
    return {
        **kpi_context(compute_cached(f"agreement:{group.agreement_id}", Track.objects.filter(agreement=group.agreement)),
                      _("Results under the agreement")),
        "agreement": group.agreement,
        "group": group,
        "members": steering_group_members(group),
        "tracks": track_table(track_rows(membership.user).filter(agreement=group.agreement, phase__in=WORKING_PHASES)),
        "escalations": escalations_for(membership.user),
    }


def _administrator_context(membership):
    return {
        "organisations_by_kind": [
            (Organisation.Kind(row["kind"]).label, row["n"])
            for row in Organisation.objects.values("kind").annotate(n=Count("id")).order_by("kind")
        ],
        "user_count": User.objects.filter(is_active=True).count(),
        "municipality_count": Municipality.objects.count(),
        "heartbeat": Heartbeat.objects.filter(pk="celery").first(),
    }


def _privacy_context(membership):

    today = timezone.localdate()
    start, end = month_bounds(today.year, today.month)
    reads = AuditEvent.objects.filter(content_type=participant_type(), action__in=READS, created_at__gte=start, created_at__lt=end)
    return {"reads": reads.count(), "last_month": (start - datetime.timedelta(days=1)).date()}


DASHBOARD_CONTEXT = {
    Role.COORDINATOR: _coordinator_context,
    Role.MUNICIPALITY_OFFICER: _officer_context,
    Role.AF_OFFICER: _officer_context,
    Role.EMPLOYER_REPRESENTATIVE: _employer_context,
    Role.STEERING_GROUP_MEMBER: _steering_context,
    Role.PROVIDER: _provider_context,
    Role.ADMINISTRATOR: _administrator_context,
    Role.PRIVACY_OFFICER: _privacy_context,
}


@require_GET
@never_cache
def healthz(request):
    """Alive: the process answers. Checks nothing else, so a load balancer never kills a busy web."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request):
    """Ready: the database and the broker answer. 503 otherwise, with which one failed."""
    problems = {"database": check_database(), "broker": check_broker()}
    beat = Heartbeat.objects.filter(pk="celery").first() if problems["database"] is None else None
    body = {
        "status": "ok" if not any(problems.values()) else "unavailable",
        "checks": {name: problem or "ok" for name, problem in problems.items()},
        "heartbeat": beat.last_run_at.isoformat() if beat else None,
    }
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


def favicon(request):
    """For clients that ask for /favicon.ico without reading the page's <link rel="icon">."""
    from django.templatetags.static import static

    return redirect(static("img/favicon.svg"))
