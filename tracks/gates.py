"""What is missing before a track may leave its phase. Plain functions over the data: the track
page shows their words before the coordinator tries, and the phase service refuses with them."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NEXT_PHASE, Candidacy, ChecklistItem, Phase, Track


def _checklist_missing(track: Track, phase: str) -> list[str]:
    open_items = track.checklist.filter(phase=phase, status=ChecklistItem.Status.OPEN).count()
    if open_items:
        return [
            _("%(count)s task(s) in the %(phase)s checklist are not done or marked not applicable.")
            % {"count": open_items, "phase": Phase(phase).label.lower()}
        ]
    return []


def missing_for_recruitment(track: Track) -> list[str]:
    missing = []
    profile = track.requirement_profile
    if profile is None or not profile.requirements.exists():
        missing.append(_("The requirement profile has no requirements."))
    if not track.interventions.exists():
        missing.append(_("The intervention package has no intervention with dates."))
    employer_ids = set(track.employers.values_list("pk", flat=True))
    if not employer_ids:
        missing.append(_("The track has no employer."))
    settled = {letter.employer_id for letter in track.letters.all() if letter.settled}
    for name in track.employers.exclude(pk__in=settled).values_list("name", flat=True):
        missing.append(_("%(employer)s has not signed its letter of intent (or it is not waived with a reason).") % {"employer": name})
    if not track.activities.exists():
        missing.append(_("No recruitment activity is planned."))
    if track.places <= 0:
        missing.append(_("The number of places is not set."))
    return missing + _checklist_missing(track, Phase.PLANNING)


def missing_for_execution(track: Track) -> list[str]:
    missing = []
    if not track.candidacies.filter(status=Candidacy.Status.ENROLLED).exists():
        missing.append(_("No participant is approved by the employer and enrolled."))
    return missing + _checklist_missing(track, Phase.RECRUITMENT)


def missing_for_closing(track: Track, today: datetime.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    missing = []
    all_finished = not track.interventions.filter(finished=False, end_date__gte=today).exists()
    if today < track.planned_end and not all_finished:
        missing.append(
            _("The planned end (%(date)s) is not reached and not every intervention is finished.")
            % {"date": track.planned_end.isoformat()}
        )
    return missing + _checklist_missing(track, Phase.EXECUTION)


def missing_for_closed(track: Track) -> list[str]:
    missing = []
    without = track.candidacies.filter(status=Candidacy.Status.ENROLLED).count()
    if without:
        missing.append(_("%(count)s enrolled participant(s) have no outcome.") % {"count": without})
    if not track.evaluation.strip():
        missing.append(_("The evaluation is not written."))
    return missing + _checklist_missing(track, Phase.CLOSING)


GATES = {
    Phase.RECRUITMENT: missing_for_recruitment,
    Phase.EXECUTION: missing_for_execution,
    Phase.CLOSING: missing_for_closing,
    Phase.CLOSED: missing_for_closed,
}


def missing_to_advance(track: Track) -> list[str]:
    """What stops the track from moving to its next phase; empty when it may."""
    target = NEXT_PHASE.get(track.phase)
    if target is None:
        return [_("The track is %(phase)s.") % {"phase": track.get_phase_display().lower()}]
    return GATES[target](track)

