"""Each participant's own chain (a copy of the track's, adapted to the person) and the follow-ups
scheduled for them at enrolment."""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from lib.plausible import not_before

from ..gaps import find_gaps
from ..models import FollowUp, PersonalIntervention


def chain_copy(*, candidacy):
    """The participant's own copy of the track's interventions, to adapt to the person."""
    if candidacy.chain.exists():
        return
    PersonalIntervention.objects.bulk_create([
        PersonalIntervention(candidacy=candidacy, source=i, kind=i.kind, title=i.title, start_date=i.start_date,
                             end_date=i.end_date)
        for i in candidacy.track.interventions.all()
    ])


def chain_gaps(candidacy, chain=None):
    """Gaps in the participant's own chain, within the time they take part."""
    steps = [(p.start_date, p.end_date) for p in (chain if chain is not None else candidacy.chain.all()) if not p.skipped]
    start = candidacy.enrolled_on or candidacy.track.planned_start
    return find_gaps(steps, max_working_days=settings.GAP_MAX_WORKING_DAYS, within=(start, candidacy.track.planned_end))


def track_gaps(track, interventions=None):
    """Gaps in the track's own chain, within its planned period (`interventions` when prefetched)."""
    interventions = interventions if interventions is not None else track.interventions.all()
    return find_gaps([(i.start_date, i.end_date) for i in interventions], max_working_days=settings.GAP_MAX_WORKING_DAYS,
                     within=(track.planned_start, track.planned_end))


def chain_step_save(*, candidacy, actor, step=None, **fields) -> PersonalIntervention:
    """Move, skip or add a step of one participant's chain."""
    step = step or PersonalIntervention(candidacy=candidacy)
    for name, value in fields.items():
        setattr(step, name, value)
    not_before(step.end_date, step.start_date, field="end_date", message=_("The end must be on or after the start (%(date)s)."))
    step.save()
    record(actor, Change.CHAIN_STEP_SAVE, candidacy.participant, {"track": candidacy.track_id, "step": step.pk})
    return step


def followups_schedule(*, candidacy):
    """Due follow-ups every `track.follow_up_days` from the start to the planned end. Safe to run
    again: dates already scheduled are left as they are."""
    track = candidacy.track
    step = datetime.timedelta(days=max(track.follow_up_days, 1))
    have = set(candidacy.follow_ups.values_list("due_date", flat=True))
    due, dates = candidacy.enrolled_on + step, []
    while due <= track.planned_end:
        if due not in have:
            dates.append(due)
        due += step
    FollowUp.objects.bulk_create([FollowUp(candidacy=candidacy, due_date=day) for day in dates])
