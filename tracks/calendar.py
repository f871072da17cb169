"""What goes into a user's calendar feed: the dates of the tracks they coordinate or take part in
as an employer (each step of the chain, recruitment activities), the follow-ups they hold, the
shortlists awaiting their decision and the checklist tasks given to them. A cancelled track's
events, a withdrawn person's follow-ups and a task marked not applicable are sent as cancelled.
No participant is named: a calendar lives outside Jobbspår. A fixed number of queries."""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.selectors import membership_scopes
from lib.ics import Entry, calendar

from .models import (
    WORKING_PHASES,
    Candidacy,
    ChecklistItem,
    FollowUp,
    Intervention,
    Phase,
    RecruitmentActivity,
    Track,
)
from .selectors import shortlists_to_decide

DAY = datetime.timedelta(days=1)
PAST_DAYS, AHEAD_DAYS = 60, 365  # the window a feed covers around today
GONE = [Candidacy.Status.WITHDRAWN, Candidacy.Status.LEFT_EARLY]


def activity_entry(activity, track_title, cancelled=False) -> Entry:
    """A recruitment activity as a calendar event: the same in a feed and in an invitation's file."""
    return Entry(f"activity-{activity.pk}", f"{activity.get_kind_display()} – {track_title}", activity.starts_at,
                 activity.starts_at + datetime.timedelta(hours=1), activity.place, activity.organiser,
                 cancelled=cancelled)


def follow_up_entry(follow_up, track_title, cancelled=False) -> Entry:
    """A follow-up: a booked meeting lasts an hour; one not booked yet is a whole day, its due date."""
    start = follow_up.meeting_at or follow_up.due_date
    end = start + (datetime.timedelta(hours=1) if follow_up.meeting_at else DAY)
    return Entry(f"follow-up-{follow_up.pk}", _("Follow-up – %(track)s") % {"track": track_title}, start, end,
                 follow_up.meeting_place, cancelled=cancelled)


def invitation_file(entry: Entry) -> bytes:
    """The calendar file e-mailed with an invitation."""
    return calendar([entry], method="PUBLISH")


def _tracks(user):
    """The tracks whose dates are the user's: those they coordinate, and those of the employers they
    represent; working, or cancelled within the window (so their events are sent as cancelled)."""
    employers = {o for role, o, _a in membership_scopes(user) if role == Role.EMPLOYER_REPRESENTATIVE and o}
    mine = Q(pk__in=Track.coordinators.through.objects.filter(user=user).values("track_id"))
    if employers:
        mine |= Q(pk__in=Track.employers.through.objects.filter(organisation__in=employers).values("track_id"))
    since = timezone.localdate() - datetime.timedelta(days=PAST_DAYS)
    return Track.objects.filter(mine).filter(Q(phase__in=WORKING_PHASES) | Q(phase=Phase.CANCELLED, planned_end__gte=since))


def calendar_entries(user) -> list[Entry]:
    today = timezone.localdate()
    since, until = today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=AHEAD_DAYS)
    tracks = {t.pk: t for t in _tracks(user).only("pk", "title", "phase")}
    entries = []
    for step in Intervention.objects.filter(track_id__in=tracks, end_date__gte=since, start_date__lte=until):
        track = tracks[step.track_id]
        entries.append(Entry(f"intervention-{step.pk}", f"{step.get_kind_display()}: {step.title} – {track.title}",
                             step.start_date, step.end_date + DAY, step.place, step.provider,
                             cancelled=track.phase == Phase.CANCELLED))
    for activity in RecruitmentActivity.objects.filter(track_id__in=tracks, starts_at__date__gte=since,
                                                       starts_at__date__lte=until):
        track = tracks[activity.track_id]
        entries.append(activity_entry(activity, track.title, cancelled=track.phase == Phase.CANCELLED))
    coordinated = Track.coordinators.through.objects.filter(user=user).values("track_id")
    for follow_up in (FollowUp.objects.filter(candidacy__track__in=coordinated, held_on__isnull=True,
                                              due_date__gte=since, due_date__lte=until)
                      .select_related("candidacy__track").only("pk", "due_date", "meeting_at", "meeting_place",
                                                               "candidacy__status", "candidacy__track__title",
                                                               "candidacy__track__phase")):
        track = follow_up.candidacy.track
        entries.append(follow_up_entry(follow_up, track.title,
                                       cancelled=follow_up.candidacy.status in GONE or track.phase == Phase.CANCELLED))
    for shortlist in shortlists_to_decide(user).filter(deadline__gte=since):
        if shortlist.pending:
            entries.append(Entry(f"shortlist-{shortlist.pk}",
                                 _("Decide on the candidates – %(track)s") % {"track": shortlist.track.title},
                                 shortlist.deadline, shortlist.deadline + DAY))
    for item in (ChecklistItem.objects.filter(assignee=user, due_date__gte=since, due_date__lte=until)
                 .select_related("track")):
        entries.append(Entry(f"task-{item.pk}", f"{item.label} – {item.track.title}", item.due_date, item.due_date + DAY,
                             cancelled=item.status == ChecklistItem.Status.NOT_APPLICABLE
                             or item.track.phase == Phase.CANCELLED))
    return entries
