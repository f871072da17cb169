"""The access log: searching it, and the monthly review of reads of personal data that points the
privacy officer to unusual patterns (as municipalities already do for social-services records)."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import READS, Read, Security
from accounts.models import AuditEvent, User
from participants.models import Participant
from tracks.models import Candidacy

OFFICE_HOURS = range(7, 19)  # 07:00–18:59 on weekdays


def participant_type():
    return ContentType.objects.get_for_model(Participant)


def search(*, participant=None, user=None, action="", date_from=None, date_to=None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "content_type").order_by("-created_at", "-id")
    if participant is not None:
        events = events.filter(content_type=participant_type(), object_id=str(participant.pk))
    if user is not None:
        events = events.filter(actor=user)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(created_at__date__gte=date_from)
    if date_to:
        events = events.filter(created_at__date__lte=date_to)
    return events


@dataclass
class Reader:
    """One user's reads of personal data in a month, and what stands out."""

    user: User
    reads: int = 0
    people: set = field(default_factory=set)
    outside: set = field(default_factory=set)
    reveals: int = 0
    exports: int = 0
    off_hours: int = 0
    flags: list = field(default_factory=list)


def month_bounds(year: int, month: int):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    end = datetime.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
    return start, end


def _own(user_ids, person_ids) -> set:
    """(user, person) pairs where the person is in the user's own work: registered or nominated
    by them, or a participant in a track they coordinate."""
    own = set(Participant.objects.filter(pk__in=person_ids, created_by__in=user_ids).values_list("created_by", "pk"))
    candidacies = Candidacy.objects.filter(participant__in=person_ids)
    own |= set(candidacies.filter(nominated_by__in=user_ids).values_list("nominated_by", "participant"))
    own |= set(candidacies.filter(track__coordinators__in=user_ids).values_list("track__coordinators", "participant"))
    return own


def monthly_review(year: int, month: int) -> dict:
    """Every reader of personal data in the month, the flagged ones first, and the accounts that
    were locked out. Thresholds: settings.LOG_REVIEW_THRESHOLDS."""
    start, end = month_bounds(year, month)
    limits = settings.LOG_REVIEW_THRESHOLDS
    events = list(
        AuditEvent.objects.filter(content_type=participant_type(), action__in=READS, created_at__gte=start,
                                  created_at__lt=end, actor__isnull=False)
        .values_list("actor_id", "object_id", "action", "created_at")
    )
    user_ids = {actor for actor, *_rest in events}
    person_ids = {int(object_id) for _a, object_id, *_rest in events if object_id.isdigit()}
    own = _own(user_ids, person_ids)
    readers = {user.pk: Reader(user) for user in User.objects.filter(pk__in=user_ids)}
    for actor, object_id, action, when in events:
        reader = readers[actor]
        reader.reads += 1
        reader.people.add(object_id)
        if (actor, int(object_id)) not in own:
            reader.outside.add(object_id)
        reader.reveals += action == Read.REVEAL_PERSONNUMMER
        reader.exports += action == Read.EXPORT
        local = timezone.localtime(when)
        reader.off_hours += local.weekday() >= 5 or local.hour not in OFFICE_HOURS
    for reader in readers.values():
        _flag(reader, limits)
    lockouts = list(
        AuditEvent.objects.filter(action=Security.LOCKED_OUT, created_at__gte=start, created_at__lt=end)
        .values_list("created_at", "detail").order_by("created_at")
    )
    ordered = sorted(readers.values(), key=lambda r: (not r.flags, -len(r.outside), r.user.full_name))
    return {"year": year, "month": month, "start": start.date(), "end": (end - datetime.timedelta(days=1)).date(),
            "readers": ordered, "flagged": [r for r in ordered if r.flags], "lockouts": lockouts, "limits": limits}


def _flag(reader: Reader, limits: dict):
    if len(reader.outside) >= limits["outside_own_work"]:
        reader.flags.append(_("read %(n)s people outside their own tracks and nominations") % {"n": len(reader.outside)})
    if reader.reveals >= limits["reveals"]:
        reader.flags.append(_("showed %(n)s personal identity numbers") % {"n": reader.reveals})
    if reader.exports >= limits["exported_people"]:
        reader.flags.append(_("exported %(n)s people") % {"n": reader.exports})
    if reader.off_hours >= limits["off_hours"]:
        reader.flags.append(_("%(n)s reads outside office hours") % {"n": reader.off_hours})
