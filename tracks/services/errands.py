"""What a coordinator asks of a participant, and the participant's answers: tasks, and requests
to correct what is recorded. Each write audited; what the participant does is an event of the
track, told to its coordinators (tracks/events.py)."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import Change, record
from accounts.notifications import Reminder, notify
from lib import throttle

from ..models import Candidacy, ParticipantTask, Track


def task_set(*, candidacy, actor, kind, title, due_on, details="") -> ParticipantTask:
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date has passed: give a date from today on.")})
    task = ParticipantTask.objects.create(candidacy=candidacy, kind=kind, title=title.strip(), details=details.strip(),
                                          due_on=due_on, created_by=actor)
    record(actor, Change.PARTICIPANT_TASK_SET, task, {"track": candidacy.track_id, "kind": kind})
    return task


def task_done(*, task, actor, answer="") -> ParticipantTask:
    """Done now, with the person's answer (a question needs one)."""
    if task.done_at is not None:
        raise ValidationError(_("You have already done this."))
    answer = answer.strip()
    if task.kind == ParticipantTask.Kind.QUESTION and not answer:
        raise ValidationError({"answer": _("Write your answer.")})
    task.done_at, task.answer = timezone.now(), answer
    task.save(update_fields=["done_at", "answer"])
    record(actor, Change.PARTICIPANT_TASK_DONE, task, {"track": task.candidacy.track_id, "kind": task.kind})
    return task


class TooManyRequests(Exception):
    def __init__(self, verdict):
        super().__init__("too many change requests")
        self.verdict = verdict


def change_request(*, participant, actor, text) -> int:
    """The person asks for what is recorded about them to be corrected (GDPR art. 16): the
    coordinators of their tracks and the officer who registered them are told, without the text
    in the e-mail; the text is kept in the audit log the privacy officer reads. Returns how many
    were told."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write what is wrong and what it should say.")})
    verdict = throttle.take("change_request", participant.pk)
    if not verdict.allowed:
        raise TooManyRequests(verdict)
    record(actor, Change.CHANGE_REQUEST, participant, {"text": text[:2000]})
    tracks = Candidacy.objects.filter(participant=participant).exclude(status=Candidacy.Status.WITHDRAWN).values("track")
    told = set(Track.coordinators.through.objects.filter(track__in=tracks).values_list("user_id", flat=True))
    if participant.created_by_id:
        told.add(participant.created_by_id)
    now = timezone.now()
    with translation.override("sv"):
        message = _("A participant asks for a correction of their data: read it on the person's page.")
        url = reverse("participants:detail", args=[participant.pk])
        notify([Reminder(recipient_id=user, rule="change_request", object_key=f"{participant.pk}:{now.timestamp()}",
                         due_date=None, message=str(message), url=url) for user in sorted(told)])
    return len(told)
