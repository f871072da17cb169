"""Demo participants who use their own pages (`seed_demo`): an e-mail address on record; two
invited and activated (one reading Swedish, one Arabic), each with tasks from their coordinator,
and one not yet invited, for the coordinator to invite. They log in at /mina-sidor/logga-in/ with
the address; the code goes to the console e-mail backend (the terminal of `make run`)."""

import datetime

from django.utils import timezone

from participants import signin
from participants.account import Language

from .models import Candidacy
from .services import errands

# (e-mail, language or None for not invited yet, track, status of the candidacy)
DEMO_PARTICIPANTS = [
    ("deltagare1@jobbspar.example", Language.SWEDISH, "Fastighetsskötare hos Framtidens Bostäder", "enrolled"),
    ("deltagare2@jobbspar.example", Language.ARABIC, "Lokalvårdare i bostadsområdena", "approved_for_interview"),
    ("deltagare3@jobbspar.example", None, "Lokalvårdare i bostadsområdena", "shortlisted"),
]


def seed_own_pages(users, today=None) -> int:
    today = today or timezone.localdate()
    coordinator = users["koordinator@goteborg.jobbspar.example"]
    seeded = 0
    for email, language, title, status in DEMO_PARTICIPANTS:
        if Candidacy.objects.filter(participant__email=email).exists():
            continue  # seeded before
        candidacy = (Candidacy.objects.filter(track__title=title, status=status, participant__email="")
                     .select_related("participant", "track").order_by("pk").first())
        if candidacy is None:
            continue
        person = candidacy.participant
        type(person).objects.filter(pk=person.pk).update(email=email)
        person.email = email
        seeded += 1
        if language is None:
            continue
        account = signin.account_invite(participant=person, actor=coordinator, channel="email", language=language)
        type(account).objects.filter(pk=account.pk).update(activated_at=timezone.now())
        errands.task_set(candidacy=candidacy, actor=coordinator, kind="document", title="Ta med ditt betyg från skolan",
                         due_on=today + datetime.timedelta(days=7), details="Kopia räcker. Har du betyg från ett annat "
                         "land tar vi med det till valideringen.")
        errands.task_set(candidacy=candidacy, actor=coordinator, kind="question",
                         title="Vilka tider kan du inte vara med?", due_on=today + datetime.timedelta(days=5))
    return seeded
