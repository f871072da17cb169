"""What a person did in tracks, for the person's page: their candidacies as a timeline, and the
change history of their candidacies, follow-ups and outcomes. Rendered by tracks and included in
the participant's page, so the participants app needs no knowledge of tracks."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib.history import entries, newest_first

from .models import Candidacy, FollowUp, Outcome, ShortlistEntry


def candidacies_of(participant) -> list[Candidacy]:
    """The person's candidacies with what the timeline shows, in a fixed number of queries."""
    return list(
        Candidacy.objects.filter(participant=participant)
        .select_related("track", "nominating_organisation", "outcome")
        .prefetch_related(Prefetch("shortlist_entries", queryset=ShortlistEntry.objects.select_related("shortlist__employer")),
                          "track__interventions", "track__coordinators", "follow_ups", "outcome_checks")
        .order_by("-nominated_at")
    )


def timeline(candidacies) -> list[tuple]:
    """What happened to the person, newest first: nominations, shortlists, the employer's
    decisions, enrolment, the track's interventions, follow-ups held, outcome and later checks."""
    events = []
    for c in candidacies:
        track = c.track.title
        events.append((c.nominated_at.date(), _("Nominated to %(track)s by %(org)s") % {
            "track": track, "org": c.nominating_organisation.name}))
        for entry in c.shortlist_entries.all():
            if entry.shortlist.sent_at:
                events.append((entry.shortlist.sent_at.date(), _("On a shortlist to %(employer)s") % {
                    "employer": entry.shortlist.employer.name}))
            if entry.decided_at:
                events.append((entry.decided_at.date(), _("The employer's decision: %(decision)s") % {
                    "decision": entry.get_decision_display()}))
        if c.enrolled_on:
            events.append((c.enrolled_on, _("Enrolled in %(track)s") % {"track": track}))
            for intervention in c.track.interventions.all():
                events.append((intervention.start_date, _("%(kind)s starts: %(title)s") % {
                    "kind": intervention.get_kind_display(), "title": intervention.title}))
        for follow_up in c.follow_ups.all():
            if follow_up.held_on:
                events.append((follow_up.held_on, _("Followed up: %(progress)s") % {
                    "progress": follow_up.get_progress_display().lower()}))
        outcome = getattr(c, "outcome", None)
        if outcome:
            events.append((outcome.date, _("Outcome: %(kind)s") % {"kind": outcome.get_kind_display()}))
        for check in c.outcome_checks.all():
            if check.status:
                events.append((check.due_date, _("After %(days)s days: %(status)s") % {
                    "days": check.days_after, "status": check.get_status_display()}))
    return sorted(events, key=lambda event: event[0], reverse=True)


def track_history(participant) -> list[dict]:
    """Every change of the person's candidacies, follow-ups and outcomes, newest first, in three queries."""
    return newest_first(
        entries(gettext_lazy("Candidacy"), Candidacy.history.filter(participant_id=participant.pk)
                .select_related("history_user", "track"), lambda r: r.track.title if r.track else ""),
        entries(gettext_lazy("Follow-up"), FollowUp.history.filter(candidacy__participant_id=participant.pk)
                .select_related("history_user"), lambda r: str(r.due_date)),
        entries(gettext_lazy("Outcome"), Outcome.history.filter(candidacy__participant_id=participant.pk)
                .select_related("history_user"), lambda r: ""),
    )
