"""The track's models, in three modules along their seam: the track and its plan (`track`), the
letters of intent (`letters`), and the people on the track (`people`)."""

from participants.models import TargetGroup

from .attendance import Attendance, Completion
from .events import TrackEvent
from .letters import COMMITMENTS, LetterOfIntent, SignedLetter
from .parties import ANSWERING_ROLES, Invitation
from .people import (
    TOOK_PART,
    ActivityInvitation,
    Candidacy,
    FollowUp,
    Outcome,
    OutcomeCheck,
    ParticipantTask,
    PersonalIntervention,
    Shortlist,
    ShortlistEntry,
    WorkplaceFeedback,
)
from .track import (
    NEXT_PHASE,
    WORKING_PHASES,
    ChecklistItem,
    Intervention,
    Phase,
    PhaseChange,
    Problem,
    ProfileProposal,
    ProfilePublication,
    RecruitmentActivity,
    Track,
)

__all__ = [
    "NEXT_PHASE", "TOOK_PART", "WORKING_PHASES", "COMMITMENTS", "ActivityInvitation", "Attendance", "Candidacy", "Completion", "ChecklistItem",
    "FollowUp", "Intervention", "Invitation", "ANSWERING_ROLES", "LetterOfIntent", "Outcome", "OutcomeCheck", "ParticipantTask", "PersonalIntervention", "Phase",
    "PhaseChange", "Problem", "ProfileProposal", "ProfilePublication", "RecruitmentActivity", "Shortlist", "ShortlistEntry", "SignedLetter",
    "TargetGroup", "Track", "TrackEvent", "WorkplaceFeedback",
]
