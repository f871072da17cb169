"""Demo data for development: three municipalities from the source documents, their AF offices,
four employers, three education providers with a catalogue, two local agreements with steering groups, one user per role, and job tracks in
every phase (see tracks/demo.py).

Idempotent: running it again changes nothing that is already there. Refuses to run with DEBUG off,
because every demo user shares one published password.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import (
    LocalAgreement,
    Membership,
    Municipality,
    Organisation,
    Role,
    SteeringGroup,
    User,
)
from employers.models import Employer
from providers.demo import seed_catalogue
from tracks.demo import seed_tracks
from tracks.demo_own_pages import seed_own_pages
from tracks.reminders import run_all

DEMO_PASSWORD = "jobbspar-demo"

MUNICIPALITIES = {"1480": "Göteborgs kommun", "1488": "Trollhättans kommun", "2510": "Jokkmokks kommun"}
AF_OFFICES = {"1480": "AF Göteborg", "1488": "AF Trollhättan", "2510": "AF Jokkmokk"}

EMPLOYERS = [
    # key, name, org number, municipality code, sector, size, industry
    ("bostad", "Framtidens Bostäder AB", "556677-1233", "1480", "public", "large", "Bostäder och fastighetsskötsel"),
    ("omsorg", "Omsorgspartner Väst AB", "556677-4567", "1480", "private", "medium", "Vård och omsorg"),
    ("handel", "Handelshuset i Trollhättan AB", "556677-7891", "1488", "private", "small", "Detaljhandel"),
    ("stad", "Lapplands Lokalvård AB", "556677-3452", "2510", "private", "micro", "Lokalvård"),
]

PROVIDERS = {
    # key: name, municipality code
    "komvux": ("Göteborgs vuxenutbildning (Komvux och Yrkesvux)", "1480"),
    "amu": ("Arbetsmarknadsutbildning Väst AB", "1480"),
    "sfi": ("SFI-skolan i Trollhättan", "1488"),
}

AGREEMENTS = [
    # municipality code, agreement name, steering group name
    ("1480", "Lokal överenskommelse Göteborg", "Styrgruppen Göteborg"),
    ("1488", "Lokal överenskommelse Trollhättan", "Styrgruppen Trollhättan"),  # ends soon: a reminder
]

USERS = [
    # e-mail, full name, role, where (("municipality"|"af"|"employer"|"steering", key) or None)
    ("koordinator@goteborg.jobbspar.example", "Karin Lindqvist", Role.COORDINATOR, ("municipality", "1480")),
    ("koordinator@af.jobbspar.example", "Ahmed Hassan", Role.COORDINATOR, ("af", "1480")),
    ("koordinator@trollhattan.jobbspar.example", "Lina Persson", Role.COORDINATOR, ("municipality", "1488")),
    ("koordinator@jokkmokk.jobbspar.example", "Nils-Åke Kuoljok", Role.COORDINATOR, ("municipality", "2510")),
    ("handlaggare@goteborg.jobbspar.example", "Maria Johansson", Role.MUNICIPALITY_OFFICER, ("municipality", "1480")),
    ("handlaggare@trollhattan.jobbspar.example", "Erik Nilsson", Role.MUNICIPALITY_OFFICER, ("municipality", "1488")),
    ("arbetsformedlare@goteborg.jobbspar.example", "Sara Andersson", Role.AF_OFFICER, ("af", "1480")),
    ("arbetsgivare@bostad.jobbspar.example", "Johan Berg", Role.EMPLOYER_REPRESENTATIVE, ("employer", "bostad")),
    ("arbetsgivare@omsorg.jobbspar.example", "Leila Karimi", Role.EMPLOYER_REPRESENTATIVE, ("employer", "omsorg")),
    ("arbetsgivare@handel.jobbspar.example", "Lena Ek", Role.EMPLOYER_REPRESENTATIVE, ("employer", "handel")),
    ("styrgrupp@goteborg.jobbspar.example", "Anna Svensson", Role.STEERING_GROUP_MEMBER, ("steering", "1480")),
    ("utbildning@komvux.jobbspar.example", "Fatima Ali", Role.PROVIDER, ("provider", "komvux")),
    ("utbildning@amu.jobbspar.example", "Jonas Ek", Role.PROVIDER, ("provider", "amu")),
    ("utbildning@sfi.jobbspar.example", "Hanna Berg", Role.PROVIDER, ("provider", "sfi")),
    ("admin@jobbspar.example", "Per Admin", Role.ADMINISTRATOR, None),
    ("dataskydd@jobbspar.example", "Eva Holm", Role.PRIVACY_OFFICER, None),
]


class Command(BaseCommand):
    help = "Load the demo organisations and users (development only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: the demo users share a public password.")
        with transaction.atomic():
            places = self.organisations()
            places |= self.agreements(places)
            users = self.users(places)
            intakes = seed_catalogue(
                providers={key: places["provider", key] for key in PROVIDERS},
                actor_for={where[1]: users[email] for email, _n, role, where in USERS if role == Role.PROVIDER},
                today=timezone.localdate())
            tracks = seed_tracks(places=places, users=users, intakes=intakes)
            seed_own_pages(users)
            reminders = run_reminders_now()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({len(users)} users, {tracks} new tracks, {reminders} new reminders). "
                f"Password: {DEMO_PASSWORD}"
            )
        )

    def organisations(self):
        places = {}
        for code, name in MUNICIPALITIES.items():
            municipality = Municipality.objects.get(code=code)
            places["municipality", code], _ = Organisation.objects.get_or_create(
                kind=Organisation.Kind.MUNICIPALITY, municipality=municipality, defaults={"name": name}
            )
            places["af", code], _ = Organisation.objects.get_or_create(
                kind=Organisation.Kind.AF_OFFICE, name=AF_OFFICES[code], defaults={"municipality": municipality}
            )
        for key, name, org_number, code, sector, size, industry in EMPLOYERS:
            organisation, _ = Organisation.objects.get_or_create(
                org_number=org_number,
                defaults={"kind": Organisation.Kind.EMPLOYER, "name": name, "municipality_id": code},
            )
            Employer.objects.get_or_create(
                organisation=organisation, defaults={"sector": sector, "size_band": size, "industry": industry}
            )
            places["employer", key] = organisation
        for key, (name, code) in PROVIDERS.items():
            places["provider", key], _ = Organisation.objects.get_or_create(
                kind=Organisation.Kind.PROVIDER, name=name, defaults={"municipality_id": code})
        return places

    def agreements(self, places):
        groups = {}
        for code, name, group_name in AGREEMENTS:
            agreement, _ = LocalAgreement.objects.get_or_create(
                name=name,
                defaults={
                    "municipality": places["municipality", code],
                    "af_office": places["af", code],
                    "valid_from": datetime.date(2025, 1, 1),
                    # Trollhättan's agreement is up for renewal, so the administrator has a reminder.
                    "valid_until": timezone.localdate() + datetime.timedelta(days=20) if code == "1488" else None,
                },
            )
            groups["steering", code], _ = SteeringGroup.objects.get_or_create(
                agreement=agreement, defaults={"name": group_name}
            )
        return groups

    def users(self, places):
        users = {}
        for email, full_name, role, where in USERS:
            user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
            if created:
                user.set_password(DEMO_PASSWORD)
                if role == Role.ADMINISTRATOR:
                    user.is_staff = user.is_superuser = True
                user.save()
            users[email] = user
            scope = {}
            if where and where[0] == "steering":
                scope["steering_group"] = places[where]
            elif where:
                scope["organisation"] = places[where]
            Membership.objects.get_or_create(user=user, role=role, **scope)
        return users


def run_reminders_now():
    """So that every demo role has a reminder waiting right after `make run`."""
    from django.utils import timezone

    return run_all(timezone.localdate())
