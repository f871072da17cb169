"""The audit log's vocabulary and the one way to write an event.

Every audited action is declared here, once, in one of four enumerations: reads of a person's
data (the access log's reads, counted by its monthly review), changes and decisions, security
events, and the operator's own actions. `record` refuses an action that is not declared, so a
new kind of read cannot be written without the review counting it.

Writing is cheap (one INSERT, or one for many objects) and never fails silently."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class Read(models.TextChoices):
    """A read of a person's data. Every member is counted by the monthly log review."""

    VIEW = "participant.view", _("read the record")
    VIEW_HISTORY = "participant.view_history", _("read the change history")
    REVEAL_PERSONNUMMER = "participant.reveal_personnummer", _("showed the personal identity number")
    EXPORT = "participant.export", _("exported")
    READ_IN_REPORT = "participant.read_in_report", _("downloaded a report with the name")
    SUBJECT_ACCESS = "participant.subject_access_export", _("made a register extract")
    LOOKUP = "participant.lookup", _("looked up whether the person is registered")
    SEARCH_BY_NUMBER = "participant.search_by_number", _("searched for the person by personal identity number")
    VIEW_LEARNERS = "participant.view_learners", _("read the list of learners in a module")


class Change(models.TextChoices):
    """A change of recorded data, or a decision someone made."""

    PARTICIPANT_CREATE = "participant.create", _("registered a participant")
    PARTICIPANT_CHANGE = "participant.change", _("changed a participant's details")
    COMPETENCE_ADD = "participant.competence_add", _("added a competence")
    COMPETENCE_ASSESS = "participant.competence_assess", _("changed how a competence is known")
    COMPETENCE_REMOVE = "participant.competence_remove", _("removed a competence")
    LANGUAGE_ADD = "participant.language_add", _("added a language")
    LANGUAGE_REMOVE = "participant.language_remove", _("removed a language")
    TRACK_CREATE = "track.create", _("created a track")
    TRACK_UPDATE = "track.update", _("changed a track")
    TRACK_PHASE = "track.phase", _("moved a track to another phase")
    TRACK_NEW_ROUND = "track.new_round", _("started a new round")
    PARTY_INVITE = "party.invite", _("invited an organisation to a track")
    PARTY_ACCEPT = "party.accept", _("accepted an invitation to a track")
    PARTY_DECLINE = "party.decline", _("declined an invitation to a track")
    PARTY_LEAVE = "party.leave", _("took an organisation off a track")
    CHECKLIST_ADD = "checklist.add", _("added a task")
    CHECKLIST_STATUS = "checklist.status", _("changed a task's status")
    CHECKLIST_ASSIGN = "checklist.assign", _("assigned a task")
    PROFILE_COPY = "profile.copy", _("copied a requirement profile")
    PROFILE_CHANGE = "profile.change", _("changed a requirement profile's Swedish, licences or education")
    PROFILE_LANGUAGE_ADD = "profile.language_add", _("added a language requirement")
    PROFILE_LANGUAGE_REMOVE = "profile.language_remove", _("removed a language requirement")
    PROFILE_PUBLISH = "profile.publish", _("asked to publish a profile to the library")
    PROFILE_PUBLISH_DECIDE = "profile.publish_decide", _("decided on publishing a profile to the library")
    VOCABULARY_MAP = "vocabulary.map", _("mapped free text to the vocabulary")
    SYNONYM_ADD = "vocabulary.synonym_add", _("added a synonym to the vocabulary")
    SYNONYM_REMOVE = "vocabulary.synonym_remove", _("removed a synonym from the vocabulary")
    REQUIREMENT_ADD = "requirement.add", _("added a requirement")
    REQUIREMENT_REMOVE = "requirement.remove", _("removed a requirement")
    PROPOSAL_CREATE = "proposal.create", _("proposed a requirement")
    PROPOSAL_DECIDE = "proposal.decide", _("decided on a proposed requirement")
    INTERVENTION_SAVE = "intervention.save", _("saved an intervention")
    INTERVENTION_REMOVE = "intervention.remove", _("removed an intervention")
    LETTER_REVISE = "letter.revise", _("changed a letter of intent")
    LETTER_SEND = "letter.send", _("sent a letter of intent")
    LETTER_WAIVE = "letter.waive", _("waived a letter of intent")
    LETTER_SIGN = "letter.sign", _("signed a letter of intent")
    LETTER_DECLINE = "letter.decline", _("declined a letter of intent")
    ACTIVITY_SAVE = "activity.save", _("planned a recruitment activity")
    ACTIVITY_REMOVE = "activity.remove", _("removed a recruitment activity")
    ACTIVITY_INVITE = "activity.invite", _("invited candidates to an activity")
    ACTIVITY_ATTENDANCE = "activity.attendance", _("recorded who came to an activity")
    PROBLEM_CREATE = "problem.create", _("recorded a problem")
    PROBLEM_RESOLVE = "problem.resolve", _("resolved a problem")
    PROBLEM_ESCALATE = "problem.escalate", _("escalated a problem")
    PROBLEM_DECIDE = "problem.decide", _("decided an escalated problem")
    CANDIDACY_NOMINATE = "candidacy.nominate", _("nominated a participant")
    CANDIDACY_STATUS = "candidacy.status", _("changed a candidacy's status")
    SHORTLIST_CREATE = "shortlist.create", _("made a shortlist")
    SHORTLIST_SEND = "shortlist.send", _("sent a shortlist")
    SHORTLIST_DECIDE = "shortlist.decide", _("decided on a candidate")
    CHAIN_STEP_SAVE = "chain.save", _("changed a participant's own chain")
    FOLLOWUP_RECORD = "followup.record", _("recorded a follow-up")
    FOLLOWUP_BOOK = "followup.book", _("booked a three-way follow-up meeting")
    FOLLOWUP_PROVIDER_PART = "followup.provider_part", _("gave the education provider's part of a follow-up")
    OUTCOME_RECORD = "outcome.record", _("recorded an outcome")
    OUTCOME_CHECK = "outcome.check", _("recorded the status after 90 or 180 days")
    FEEDBACK_ADD = "feedback.add", _("gave workplace feedback")
    MODULE_SAVE = "catalogue.module_save", _("saved a module in the catalogue")
    MODULE_COMPETENCE = "catalogue.module_competence", _("changed the competences a module gives")
    INTAKE_SAVE = "catalogue.intake_save", _("saved an intake in the catalogue")
    ATTENDANCE_RECORD = "attendance.record", _("reported attendance")
    COMPLETION_RECORD = "attendance.completion", _("reported a module completed or interrupted")
    DEVIATION = "attendance.deviation", _("reported a deviation")
    REPORT_REQUEST = "report.request", _("asked for a report")
    REPORT_RETRY = "report.retry", _("asked for a report again")
    RETENTION_CHANGE = "retention.change", _("changed the retention rules")
    EMAIL_PREFERENCE = "account.email_preference", _("changed how reminders are e-mailed")
    CALENDAR_FEED = "account.calendar_feed", _("made or ended their calendar feed")
    ACCESSIBILITY_REPORT = "accessibility.report", _("reported an accessibility problem")
    PARTICIPANT_INVITE = "participant.invite", _("invited a participant to their own pages")
    PARTICIPANT_ACCESS_CLOSE = "participant.access_close", _("closed a participant's own access")
    PARTICIPANT_LANGUAGE = "participant.language", _("chose the language of their own pages")
    PRESENTATION_SAVE = "participant.presentation", _("wrote or changed their presentation")
    CHANGE_REQUEST = "participant.change_request", _("asked for a correction of their data")
    PARTICIPANT_TASK_SET = "participant_task.set", _("gave a participant a task")
    PARTICIPANT_TASK_DONE = "participant_task.done", _("did a task")
    IMPORT = "import.confirm", _("imported rows from a file")
    EMPLOYER_CREATE = "employer.create", _("added an employer")
    USER_CREATE = "user.create", _("added a user")


class Security(models.TextChoices):
    LOGIN = "login", _("logged in")
    LOGOUT = "logout", _("logged out")
    LOGIN_FAILED = "login.failed", _("failed to log in")
    LOCKED_OUT = "login.locked_out", _("was locked out")
    CODE_SENT = "code.sent", _("was sent a one-time code")
    CODE_FAILED = "code.failed", _("gave a wrong or expired one-time code")
    TWO_FACTOR_ENROLLED = "two_factor.enrolled", _("set up two-factor login")
    TWO_FACTOR_VERIFIED = "two_factor.verified", _("confirmed a login with a two-factor code")
    TWO_FACTOR_FAILED = "two_factor.failed", _("gave a wrong two-factor code")
    RECOVERY_CODE_USED = "two_factor.recovery_code", _("confirmed a login with a recovery code")
    TWO_FACTOR_RESET = "two_factor.reset", _("reset a user's two-factor login")
    SSO_LOGIN = "login.sso", _("logged in through an identity provider")
    SSO_REFUSED = "login.sso_refused", _("was refused a login through an identity provider")
    SSO_ACCOUNT_CREATED = "account.sso_created", _("got an account through a group rule of an identity provider")
    SSO_MEMBERSHIP = "membership.sso_granted", _("was given a role by a group rule of an identity provider")
    PASSWORD_REFUSED = "login.password_off", _("was refused a password login: their organisation uses its own login")


class Operation(models.TextChoices):
    """What the operator's staff and the system do with the log and the data as a whole."""

    AUDIT_SEARCH = "audit.search", _("searched the access log")
    AUDIT_REVIEW_DOWNLOAD = "audit.review_download", _("downloaded the monthly log review")
    REPORT_DOWNLOAD = "report.download", _("downloaded a report")
    RETENTION_APPLY = "retention.apply", _("applied the retention rules")
    API_CLIENT_CREATE = "api_client.create", _("registered an API client")
    API_CLIENT_REVOKE = "api_client.revoke", _("revoked an API client")


ACTIONS = {**dict(Read.choices), **dict(Change.choices), **dict(Security.choices), **dict(Operation.choices)}
# The access log's reads: derived from the declaration, so every kind of read counts in the review.
READS = frozenset(Read.values)
CHANGES = frozenset(Change.values)


# Sent after changes are recorded, with `events` (saved AuditEvents) and `objects` (what each is
# about, or None): the floors above learn what happened without the kernel knowing them (tracks
# keeps each track's events and tells its coordinators, tracks/events.py).
changed = Signal()


def label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def _event(actor, action: str, obj=None, detail: dict | None = None, content_type=None) -> AuditEvent:
    if action not in ACTIONS:
        raise ValueError(f"Undeclared audit action {action!r}: declare it in accounts/audit.py.")
    event = AuditEvent(actor=actor if getattr(actor, "is_authenticated", False) else None, action=action,
                       detail=detail or {})
    if obj is not None:
        event.content_type = content_type or ContentType.objects.get_for_model(obj)
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:200]
    return event


def record(actor, action: str, obj=None, detail: dict | None = None) -> AuditEvent:
    """Append an audit event: `actor` did `action` to `obj` (any model instance, or None)."""
    event = _event(actor, action, obj, detail)
    event.save(force_insert=True)
    if action in CHANGES:
        changed.send(sender=AuditEvent, events=[event], objects=[obj])
    return event


def record_many(actor, action: str, objs, detail: dict | None = None, details: list[dict] | None = None) -> int:
    """One event per object in one INSERT: e.g. every person in an export. `details`, when
    given, holds each object's own detail."""
    objs = list(objs)
    if not objs:
        return 0
    content_type = ContentType.objects.get_for_model(objs[0])
    details = details or [detail] * len(objs)
    events = AuditEvent.objects.bulk_create(
        [_event(actor, action, obj, one, content_type) for obj, one in zip(objs, details, strict=True)], batch_size=1000
    )
    if action in CHANGES:
        changed.send(sender=AuditEvent, events=events, objects=objs)
    return len(objs)


def record_read(request, objs, what: Read = Read.VIEW, **detail) -> int:
    """A read of personal data: who (the request's user), which person or persons, what was read,
    and from which page."""
    if what not in READS:
        raise ValueError(f"{what!r} is not a declared read.")
    objs = objs if isinstance(objs, (list, tuple)) else [objs]
    return record_many(request.user, what, objs, {"page": request.path, **detail})
