"""Invitations and one-time codes: every write of a participant's own access, each audited.

A code is six digits, single use, valid ten minutes, at most five tries; sending one is limited per
person, per address typed and per client address (settings.THROTTLES["participant_code"]). The
messages are written in the language the person chose and never name them."""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import Change, Security, record
from lib import sms, throttle

from .account import CODE_MINUTES, CODE_TRIES, OneTimeCode, ParticipantAccount
from .messages import deliver

PARTICIPANT_NAME = "Deltagare"  # how a participant's login is named as an actor, in Swedish as the log is


def normalise_address(text: str) -> str:
    """An e-mail address in lower case, or a Swedish mobile number as 07XXXXXXXX."""
    text = (text or "").strip()
    if "@" in text:
        return text.lower()
    digits = re.sub(r"[^\d+]", "", text)
    for prefix in ("+46", "0046"):
        if digits.startswith(prefix):
            digits = "0" + digits[len(prefix):]
    return digits


def _digest(account_id: int, purpose: str, code: str) -> str:
    message = f"{account_id}:{purpose}:{code}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def account_invite(*, participant, actor, channel, language) -> ParticipantAccount:
    """Open the person's own pages to them: an account bound to them, an invitation to the
    address on record, valid INVITATION_DAYS. Inviting again renews the invitation."""
    if participant.pseudonymised_at is not None:
        raise ValidationError(_("A pseudonymised person cannot be invited."))
    if channel == ParticipantAccount.Channel.SMS:
        if not sms.available():
            raise ValidationError(_("Text messages are not set up in this installation: invite by e-mail."))
        address = normalise_address(participant.phone)
        if not re.fullmatch(r"07\d{8}", address):
            raise ValidationError(_("Record a Swedish mobile number for the person first (07X XXX XX XX)."))
    else:
        address = normalise_address(participant.email)
        if not address:
            raise ValidationError(_("Record an e-mail address for the person first."))
    taken = (ParticipantAccount.objects.filter(address=address, closed_at__isnull=True)
             .exclude(participant=participant).exists())
    if taken:
        raise ValidationError(_("Another participant's access already uses this address: each person needs their own."))
    account = ParticipantAccount.objects.filter(participant=participant).first()
    now = timezone.now()
    if account is None:
        # Never the person's name: the user is shown as the actor of events a steering group may read.
        user = get_user_model()(email=f"deltagare-{participant.pk}@deltagare.invalid", full_name=PARTICIPANT_NAME,
                                is_participant=True)
        user.set_unusable_password()
        user.save()
        account = ParticipantAccount(participant=participant, user=user)
    account.channel, account.address, account.language = channel, address, language
    account.invited_by, account.invited_at, account.closed_at = actor, now, None
    account.save()
    deliver(account, "invitation", {"days": (account.invitation_expires_at - now).days})
    record(actor, Change.PARTICIPANT_INVITE, participant, {"channel": channel, "language": language})
    return account


def account_close(*, account, actor) -> None:
    account.closed_at = timezone.now()
    account.save(update_fields=["closed_at"])
    record(actor, Change.PARTICIPANT_ACCESS_CLOSE, account.participant)


def _still_on_record(account) -> bool:
    """The address codes go to is still the person's: changing it on the record closes the old one."""
    person = account.participant
    held = person.phone if account.channel == ParticipantAccount.Channel.SMS else person.email
    return normalise_address(held) == account.address


def account_for_address(address: str) -> ParticipantAccount | None:
    account = (ParticipantAccount.objects.select_related("user", "participant")
               .filter(address=normalise_address(address), closed_at__isnull=True).order_by("-invited_at").first())
    return account if account is not None and account.may_log_in() and _still_on_record(account) else None


def account_for_identity(personnummer: str) -> ParticipantAccount | None:
    """The account of the person an e-identification login names (OIDC Sweden's
    `personalIdentityNumber`, twelve digits): the same person, whichever way they log in."""
    account = (ParticipantAccount.objects.select_related("user", "participant")
               .filter(participant__personnummer=personnummer).first())
    return account if account is not None and account.may_log_in() else None


def account_identified(*, account) -> None:
    """An e-identification login (jobbspar/portal/eid.py) proves the person, as a first code does:
    the invitation is taken up."""
    if account.activated_at is None:
        account.activated_at = timezone.now()
        account.save(update_fields=["activated_at"])


def code_send(*, address: str, client: str, purpose=OneTimeCode.Purpose.LOGIN, account=None) -> throttle.Verdict:
    """Send a fresh code to the account at `address` (or to `account`), voiding earlier ones of the
    same purpose. Whether an account exists is not told: an unknown address is counted the same."""
    account = account or account_for_address(address)
    typed = normalise_address(address)
    # An unknown address counts as a person of its own: its limit is reached exactly as a known one's.
    person = f"person:{account.pk}" if account else f"person:unknown:{typed}"
    verdict = throttle.take(f"participant_code_{purpose}", person, f"address:{typed}", f"client:{client}")
    if not verdict.allowed or account is None:
        return verdict
    now = timezone.now()
    OneTimeCode.objects.filter(account=account, purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(
        expires_at=now)
    code = f"{secrets.randbelow(10 ** 6):06d}"
    OneTimeCode.objects.create(account=account, purpose=purpose, digest=_digest(account.pk, purpose, code),
                               created_at=now, expires_at=now + timedelta(minutes=CODE_MINUTES))
    deliver(account, f"code_{purpose}", {"code": code, "minutes": CODE_MINUTES})
    record(account.user, Security.CODE_SENT, account.participant, {"purpose": purpose, "client": client})
    return verdict


def code_check(*, account, code: str, purpose=OneTimeCode.Purpose.LOGIN) -> bool:
    """True once for the latest code sent, within its time and tries; the first login activates
    the account. A wrong code counts a try and is audited."""
    now = timezone.now()
    if not throttle.take("participant_code_tries", f"person:{account.pk}").allowed:
        # Guessing across many codes: the tries of a day are spent, whatever the code.
        record(account.user, Security.CODE_FAILED, account.participant, {"purpose": purpose, "why": "too many tries"})
        return False
    latest = (OneTimeCode.objects.select_for_update()
              .filter(account=account, purpose=purpose, used_at__isnull=True, expires_at__gt=now)
              .order_by("-created_at").first())
    if latest is None or latest.tries >= CODE_TRIES:
        record(account.user, Security.CODE_FAILED, account.participant, {"purpose": purpose, "why": "expired"})
        return False
    latest.tries += 1
    right = hmac.compare_digest(latest.digest, _digest(account.pk, purpose, re.sub(r"\s", "", code or "")))
    latest.used_at = now if right else None
    latest.save(update_fields=["tries", "used_at"])
    if not right:
        record(account.user, Security.CODE_FAILED, account.participant, {"purpose": purpose, "why": "wrong"})
        return False
    if account.activated_at is None and purpose == OneTimeCode.Purpose.LOGIN:
        account.activated_at = now
        account.save(update_fields=["activated_at"])
    return True


def language_choose(*, account, language) -> None:
    account.language = language
    account.save(update_fields=["language"])
    record(account.user, Change.PARTICIPANT_LANGUAGE, account.participant, {"language": language})
