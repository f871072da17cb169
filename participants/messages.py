"""What Jobbspår sends a participant: by e-mail or text message, in the language they chose, never
naming them. An invitation to a meeting carries a calendar file when it goes by e-mail (a text
message cannot; it links to the person's meetings, where "add to calendar" is)."""

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from lib import sms

from .account import ParticipantAccount


def deliver(account, template: str, context: dict, calendar: Callable[[], bytes] | None = None) -> None:
    """Render `participants/messages/<template>(_subject).txt` in the account's language and send it.
    `calendar` builds the attached iCalendar file, in that language too."""
    with translation.override(account.language):
        context = {"site_url": settings.SITE_URL, "login_url": settings.SITE_URL + settings.PARTICIPANT_LOGIN_URL,
                   **context}
        subject = render_to_string(f"participants/messages/{template}_subject.txt", context).strip()
        text = render_to_string(f"participants/messages/{template}.txt", context)
        attachment = calendar() if calendar and account.channel == ParticipantAccount.Channel.EMAIL else None
    if account.channel == ParticipantAccount.Channel.SMS:
        if sms.available():  # a gateway removed since the invitation: nothing is sent, nothing fails
            sms.send(account.address, text)
        return
    message = EmailMessage(subject, text, to=[account.address])
    if attachment:
        message.attach("inbjudan.ics", attachment, "text/calendar; method=PUBLISH; charset=utf-8")
    message.send()


def tell_participants(participant_ids, template: str, context: Callable[[], dict],
                      calendar: Callable[[], bytes] | None = None) -> None:
    """Once the transaction commits, send the message to each of the people who have open access to
    their own pages (one query for the accounts); the others hear it from their officer. `context`
    is built in each person's language."""
    ids = list(participant_ids)

    def send():
        for account in ParticipantAccount.objects.filter(participant_id__in=ids, closed_at__isnull=True):
            with translation.override(account.language):
                values = context()
            deliver(account, template, values, calendar)

    if ids:
        transaction.on_commit(send)
