"""Everything due for a coordinator, in one list counted by kind: open tasks of the current phase
(and tasks assigned to them), follow-ups due within a week or overdue, answers received from
partners not yet read, decisions to act on (requirement proposals, candidates the employer
approved and not yet enrolled), and gaps ahead in their tracks' chains. The start page shows the
counts, the to-do page every item; both read the same lists, so the counts equal the lists.
A fixed number of queries whatever the number of items."""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Notification

from .models import WORKING_PHASES, Candidacy, ChecklistItem, FollowUp, ProfileProposal, Track
from .services import track_gaps

SOON = datetime.timedelta(days=7)
KINDS = {
    "tasks": gettext_lazy("Tasks"),
    "follow_ups": gettext_lazy("Follow-ups due"),
    "answers": gettext_lazy("Answers received"),
    "decisions": gettext_lazy("Decisions to act on"),
    "gaps": gettext_lazy("Gaps ahead"),
}


@dataclass
class Item:
    track: str
    text: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False
    person: object = None  # a participant named by the item: its read is logged where shown


@dataclass
class Kind:
    key: str
    label: str
    items: list = field(default_factory=list)


def todo_for(user, today: datetime.date | None = None) -> list[Kind]:
    today = today or timezone.localdate()
    mine = Track.objects.filter(coordinators=user)
    kinds = {key: Kind(key, label) for key, label in KINDS.items()}

    tasks = (ChecklistItem.objects.filter(Q(track__in=mine, phase=F("track__phase")) | Q(assignee=user),
                                          status=ChecklistItem.Status.OPEN)
             .select_related("track").order_by(F("due_date").asc(nulls_last=True), "track__title", "position"))
    kinds["tasks"].items = [Item(t.track.title, t.label, reverse("tracks:checklist", args=[t.track_id]) + "#checklist",
                                 t.due_date, bool(t.due_date and t.due_date < today)) for t in tasks]

    follow_ups = (FollowUp.objects.filter(candidacy__track__in=mine, held_on__isnull=True, due_date__lte=today + SOON)
                  .select_related("candidacy__track", "candidacy__participant").order_by("due_date"))
    kinds["follow_ups"].items = [
        Item(f.candidacy.track.title, _("Follow-up with %(name)s") % {"name": f.candidacy.participant.full_name},
             reverse("tracks:follow_up", args=[f.candidacy.track_id, f.pk]), f.due_date, f.due_date < today,
             f.candidacy.participant)
        for f in follow_ups]

    answers = Notification.objects.filter(recipient=user, rule="event", read_at__isnull=True).order_by("-created_at")
    kinds["answers"].items = [Item("", n.message, n.url) for n in answers]

    proposals = ProfileProposal.objects.filter(track__in=mine, status=ProfileProposal.Status.OPEN).select_related("track")
    approved = (Candidacy.objects.filter(track__in=mine, status=Candidacy.Status.APPROVED)
                .select_related("track", "participant").order_by("track__title"))
    kinds["decisions"].items = (
        [Item(p.track.title, _("Proposed requirement: %(competence)s") % {"competence": p.competence},
              reverse("tracks:profile", args=[p.track_id]) + "#profile") for p in proposals]
        + [Item(c.track.title, _("%(name)s is approved by the employer: enrol or withdraw") % {
               "name": c.participant.full_name}, reverse("tracks:candidates", args=[c.track_id]), person=c.participant)
           for c in approved])

    running = mine.filter(phase__in=WORKING_PHASES).prefetch_related("interventions").order_by("title")
    for track in running:
        interventions = list(track.interventions.all())
        for gap in track_gaps(track, interventions) if interventions else []:  # nothing planned is no gap
            if gap.end >= today:
                kinds["gaps"].items.append(Item(
                    track.title, _("No intervention from %(start)s to %(end)s (%(days)s working days)") % {
                        "start": gap.start.isoformat(), "end": gap.end.isoformat(), "days": gap.working_days},
                    reverse("tracks:chain", args=[track.pk]) + "#chain", gap.start))
    return list(kinds.values())


def people_in(kinds) -> list:
    return list({item.person.pk: item.person for kind in kinds for item in kind.items if item.person}.values())
