"""Every write to a track goes through here, in four modules along their seam: the track itself
(`track`: creation, phase, rounds, checklist, problems), what it plans (`plan`: profile,
interventions, activities, letters of intent), the candidacy's life (`candidacy`: the one function
that changes a candidacy's status, nomination, shortlists, enrolment) and what follows (`chain`,
`follow`: each participant's chain, follow-ups, outcomes, feedback). Every change writes an audit
event declared in `accounts.audit`."""

from .candidacy import (
    TRANSITIONS,
    allowed_moves,
    candidacy_change_status,
    candidacy_enrol,
    candidacy_nominate,
    candidacy_withdraw,
    shortlist_create,
    shortlist_decide,
    shortlist_send,
)
from .chain import chain_copy, chain_gaps, chain_step_save, followups_schedule
from .follow import (
    OUTCOME_CHECK_DAYS,
    activity_invite,
    activity_record_attendance,
    feedback_add,
    followup_record,
    outcome_check_record,
    outcome_record,
)
from .parties import invitation_accept, invitation_decline, parties_set
from .plan import (
    activity_remove,
    activity_save,
    intervention_remove,
    intervention_save,
    letter_decline,
    letter_revise,
    letter_send,
    letter_sign,
    letter_waive,
    profile_copy,
    profile_ensure,
    proposal_create,
    proposal_decide,
    requirement_add,
    requirement_remove,
)
from .track import (
    GateClosed,
    checklist_item_add,
    checklist_item_assign,
    checklist_item_set_status,
    checklist_seed,
    new_round_start,
    problem_create,
    problem_decide,
    problem_escalate,
    problem_resolve,
    track_change_phase,
    track_create,
    track_start_new_round,
    track_update,
)

__all__ = [
    "TRANSITIONS", "OUTCOME_CHECK_DAYS", "GateClosed", "activity_invite", "activity_record_attendance",
    "activity_remove", "activity_save", "allowed_moves", "candidacy_change_status", "candidacy_enrol",
    "candidacy_nominate", "candidacy_withdraw", "chain_copy", "chain_gaps", "chain_step_save", "checklist_item_add",
    "checklist_item_assign", "checklist_item_set_status", "checklist_seed", "feedback_add",
    "invitation_accept", "invitation_decline", "parties_set",
    "followup_record", "followups_schedule", "intervention_remove", "intervention_save", "letter_decline",
    "letter_revise", "letter_send", "letter_sign", "letter_waive", "new_round_start", "outcome_check_record",
    "outcome_record", "problem_create", "problem_decide", "problem_escalate", "problem_resolve", "profile_copy",
    "profile_ensure", "proposal_create", "proposal_decide", "requirement_add", "requirement_remove",
    "shortlist_create", "shortlist_decide", "shortlist_send", "track_change_phase", "track_create",
    "track_start_new_round", "track_update",
]
