"""What a participant sees of their own tracks, on their own pages: their candidacies, each
track's chain as it applies to them, their meetings, tasks and contacts. Never other people, the
officers' notes, the nominations' motivations or an employer's reasons in raw form.

Each function is a fixed number of queries, whatever the number of tracks."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role

from .models import ActivityInvitation, Candidacy, FollowUp, Intervention, ParticipantTask, PersonalIntervention

# What each state of a candidacy means to the person, in plain words (an employer's reason is
# never shown: a decline reads as a kind sentence).
STATUS_SENTENCES = {
    Candidacy.Status.NOMINATED: _("You are suggested for this track. The coordinator will tell you what happens next."),
    Candidacy.Status.SHORTLISTED: _("The employer is looking at your application now."),
    Candidacy.Status.APPROVED_FOR_INTERVIEW: _("The employer wants to meet you. You will be invited to an interview."),
    Candidacy.Status.APPROVED: _("The employer has chosen you. The coordinator will tell you when you start."),
    Candidacy.Status.DECLINED: _("The employer chose other people this time. Your officer will help you look further."),
    Candidacy.Status.ENROLLED: _("You take part in this track."),
    Candidacy.Status.COMPLETED: _("You have completed this track."),
    Candidacy.Status.LEFT_EARLY: _("You have left this track."),
}


# The candidacies still going on: what the skills page compares with, and what counts as "my track".
ACTIVE = [Candidacy.Status.NOMINATED, Candidacy.Status.SHORTLISTED, Candidacy.Status.APPROVED_FOR_INTERVIEW,
          Candidacy.Status.APPROVED, Candidacy.Status.ENROLLED]


def own_candidacies(participant):
    """The person's tracks, newest first, without withdrawn nominations."""
    return (Candidacy.objects.filter(participant=participant).exclude(status=Candidacy.Status.WITHDRAWN)
            .select_related("track", "track__occupation", "placed_with", "nominated_by", "nominating_organisation")
            .order_by("-nominated_at"))


def own_candidacy(participant, pk):
    return own_candidacies(participant).filter(pk=pk).first()


@dataclass
class Step:
    kind: str
    title: str
    start_date: object
    end_date: object
    place: str = ""
    provider: str = ""

    @property
    def state(self):
        today = timezone.localdate()
        return "done" if self.end_date < today else "now" if self.start_date <= today else "later"


def own_chain(candidacy) -> list[Step]:
    """The steps as they apply to the person: their own chain once they take part, else the track's."""
    mine = list(PersonalIntervention.objects.filter(candidacy=candidacy).select_related("source"))
    if mine:  # their own chain, even when every step of it is skipped
        return [Step(s.get_kind_display(), s.title, s.start_date, s.end_date, s.source.place if s.source else "",
                     s.source.provider if s.source else "") for s in mine if not s.skipped]
    return [Step(i.get_kind_display(), i.title, i.start_date, i.end_date, i.place, i.provider)
            for i in Intervention.objects.filter(track_id=candidacy.track_id).order_by("start_date", "end_date", "id")]


@dataclass
class Meeting:
    uid: str
    kind: str
    title: str
    starts_at: datetime
    place: str
    track: str

    @property
    def ends_at(self):
        return self.starts_at + timedelta(hours=1)


def own_meetings(participant, *, since=None) -> list[Meeting]:
    """Recruitment activities the person is invited to and booked follow-up meetings, soonest first."""
    since = since or timezone.now() - timedelta(days=1)
    invited = (ActivityInvitation.objects.filter(candidacy__participant=participant, activity__starts_at__gte=since)
               .exclude(candidacy__status=Candidacy.Status.WITHDRAWN).select_related("activity", "candidacy__track"))
    booked = (FollowUp.objects.filter(candidacy__participant=participant, meeting_at__gte=since, held_on__isnull=True)
              .select_related("candidacy__track"))
    meetings = [Meeting(f"activity-{i.activity_id}", i.activity.get_kind_display(), i.activity.get_kind_display(),
                        i.activity.starts_at, i.activity.place, i.candidacy.track.title) for i in invited]
    meetings += [Meeting(f"follow-up-{f.pk}", _("Follow-up"), _("Follow-up meeting"), f.meeting_at, f.meeting_place,
                         f.candidacy.track.title) for f in booked]
    return sorted(meetings, key=lambda m: m.starts_at)


def own_tasks(participant):
    return (ParticipantTask.objects.filter(candidacy__participant=participant)
            .exclude(candidacy__status=Candidacy.Status.WITHDRAWN).select_related("candidacy__track"))


@dataclass
class Contact:
    role: str
    name: str
    organisation: str = ""
    email: str = ""


def own_contacts(candidacy) -> list[Contact]:
    """Who the person turns to on a track: its coordinators, the officer who suggested them, the
    education providers of their steps, and the employer's people where they are placed."""
    contacts = [Contact(str(_("Coordinator")), u.full_name, "", u.email) for u in candidacy.track.coordinators.all()]
    officer = candidacy.nominated_by
    contacts.append(Contact(str(_("Officer")), officer.full_name, candidacy.nominating_organisation.name, officer.email))
    providers = (Intervention.objects.filter(track_id=candidacy.track_id, provider_organisation__isnull=False)
                 .values_list("provider_organisation__name", flat=True).distinct())
    contacts += [Contact(str(_("Education provider")), name) for name in sorted(set(providers))]
    if candidacy.placed_with_id:
        people = Membership.objects.filter(organisation_id=candidacy.placed_with_id, role=Role.EMPLOYER_REPRESENTATIVE,
                                           user__is_active=True).select_related("user")
        contacts += [Contact(str(_("At the workplace")), m.user.full_name, candidacy.placed_with.name, m.user.email)
                     for m in people]
    return contacts


def profile_of(candidacy):
    """What the track's employer asks for (the requirement profile's competences), must first."""
    from employers.models import Requirement

    profile_id = candidacy.track.requirement_profile_id
    if profile_id is None:
        return []
    return list(Requirement.objects.filter(profile_id=profile_id).select_related("concept").order_by("kind", "id"))
