"""A realistic national data set for the benchmark: every municipality with its AF office, local
agreement and steering group; employers; ten years of job tracks (mostly closed); participants with
candidacies, shortlists, enrolments, follow-ups and outcomes in the shares the source documents
give (about half to work, a fifth to studies). Deterministic: the same seed gives the same data.

Everything is written with bulk inserts in dependency order; history and audit rows are not
written (the data is generated, not entered)."""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from accounts.models import LocalAgreement, Membership, Municipality, Organisation, Role, SteeringGroup, User
from employers.models import Employer
from participants.models import Participant, TargetGroup
from tracks.checklists import SEED
from tracks.models import (
    TOOK_PART,
    Candidacy,
    ChecklistItem,
    FollowUp,
    Intervention,
    Invitation,
    LetterOfIntent,
    Outcome,
    OutcomeCheck,
    PersonalIntervention,
    Phase,
    Problem,
    Shortlist,
    ShortlistEntry,
    Track,
)

from .scale_catalogue import catalogue

SCALE_PASSWORD = "jobbspar-bench"
DOMAIN = "skala.jobbspar.example"
BATCH = 5000
# Municipalities that get many tracks (the big cities and regional centres).
LARGE = {"0180": 12, "1480": 10, "1280": 8, "0380": 5, "0580": 4, "1880": 4, "1281": 3, "0680": 3, "2480": 3, "1980": 3}
OCCUPATIONS = ["5321", "5322", "5152", "5221", "9111", "5120", "9412", "8332", "7231", "4321", "5311", "9331", "5341"]
FIRST = {"woman": ["Amina", "Sara", "Fatima", "Maria", "Hawa", "Leila", "Anna", "Elin", "Noor", "Samira", "Emma", "Sofia"],
         "man": ["Ahmed", "Erik", "Mohamed", "Johan", "Ali", "Omar", "Lars", "Yusuf", "Karl", "Hassan", "Nils", "Abdi"],
         "other": ["Alex", "Robin", "Kim", "Sam"]}
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Hassan", "Ali", "Mohammed", "Eriksson", "Larsson", "Olsson",
        "Persson", "Svensson", "Gustafsson", "Pettersson", "Yusuf", "Abdi", "Jonsson", "Jansson", "Hansson", "Ahmadi"]


@dataclass
class Size:
    tracks: int = 4000
    participants: int = 60000
    employers: int = 2000
    follow_ups: int = 1_000_000
    modules: int = 1000  # in the providers' catalogue, five intakes each

    @classmethod
    def scaled(cls, factor: float) -> "Size":
        return cls(*(max(1, round(v * factor)) for v in (4000, 60000, 2000, 1_000_000, 1000)))


def org_number(n: int) -> str:
    base = f"55{n:07d}"
    return f"{base[:6]}-{base[6:]}{luhn.calc_check_digit(base)}"


def personnummer(rng: random.Random, used: set) -> str:
    while True:
        born = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(16000))
        base = f"{born:%y%m%d}{rng.randrange(1000):03d}"
        number = f"{born.year // 100}{base}{luhn.calc_check_digit(base)}"
        if number not in used:
            used.add(number)
            return number


def bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


class Generator:
    def __init__(self, size: Size, seed: int, today: datetime.date, log=print):
        self.size, self.rng, self.today, self.log = size, random.Random(seed), today, log
        self.password = make_password(SCALE_PASSWORD)

    @transaction.atomic
    def run(self) -> dict:
        self.places()
        self.employer_organisations()
        self.people_who_work_here()
        self.tracks()
        self.participants()
        self.candidacies()
        self.follow_ups()
        catalogue(self.size.modules, self.today, OCCUPATIONS, self.log)
        return {"tracks": len(self.all_tracks), "participants": len(self.all_participants),
                "follow_ups": self.follow_up_count, "users": User.objects.filter(email__endswith=DOMAIN).count()}

    # --- Organisations and people who work with tracks ----------------------------------------

    def places(self):
        municipalities = list(Municipality.objects.order_by("code"))
        existing = {o.municipality_id: o for o in Organisation.objects.filter(kind="municipality")}
        bulk(Organisation, [Organisation(kind="municipality", name=f"{m.name} kommun", municipality=m)
                            for m in municipalities if m.code not in existing])
        self.municipality_orgs = {o.municipality_id: o for o in Organisation.objects.filter(kind="municipality")}
        self.af_offices = {o.municipality_id: o for o in bulk(Organisation, [
            Organisation(kind="af_office", name=f"Arbetsförmedlingen {m.name} (skala)", municipality=m) for m in municipalities])}
        self.agreements = {a.municipality.municipality_id: a for a in bulk(LocalAgreement, [
            LocalAgreement(name=f"Överenskommelse {m.name} (skala)", municipality=self.municipality_orgs[m.code],
                           af_office=self.af_offices[m.code], valid_from=datetime.date(2016, 1, 1))
            for m in municipalities])}
        self.groups = {code: g for code, g in zip(self.agreements, bulk(SteeringGroup, [
            SteeringGroup(agreement=a, name=f"Styrgruppen {m} (skala)") for m, a in self.agreements.items()]))}
        self.codes = [m.code for m in municipalities]
        self.weights = [LARGE.get(code, 1) for code in self.codes]
        self.log(f"{len(municipalities)} municipalities, AF offices, agreements and steering groups")

    def employer_organisations(self):
        orgs = bulk(Organisation, [
            Organisation(kind="employer", name=f"Arbetsgivare {n} AB", org_number=org_number(n),
                         municipality_id=self.rng.choices(self.codes, self.weights)[0])
            for n in range(self.size.employers)])
        bulk(Employer, [Employer(organisation=o, sector=self.rng.choices(["public", "private"], [3, 7])[0],
                                 size_band=self.rng.choice(["micro", "small", "medium", "large"]), industry="Skala")
                        for o in orgs])
        self.employers_by_code: dict = {}
        for org in orgs:
            self.employers_by_code.setdefault(org.municipality_id, []).append(org)
        self.all_employers = orgs
        self.log(f"{len(orgs)} employers")

    def people_who_work_here(self):
        users, memberships, self.coordinators = [], [], {}
        for code in self.codes:
            for n in range(1 + LARGE.get(code, 0) // 3):
                users.append(User(email=f"koordinator{n}.{code}@{DOMAIN}", full_name=f"Koordinator {n} {code}", password=self.password))
            users.append(User(email=f"handlaggare.{code}@{DOMAIN}", full_name=f"Handläggare {code}", password=self.password))
            users.append(User(email=f"arbetsformedlare.{code}@{DOMAIN}", full_name=f"Arbetsförmedlare {code}", password=self.password))
            users.append(User(email=f"styrgrupp.{code}@{DOMAIN}", full_name=f"Styrgrupp {code}", password=self.password))
        users += [User(email=f"arbetsgivare{n}@{DOMAIN}", full_name=f"Arbetsgivare {n}", password=self.password)
                  for n in range(len(self.all_employers))]
        users = {u.email: u for u in bulk(User, users)}
        for code in self.codes:
            coordinators = [u for e, u in users.items() if e.startswith("koordinator") and e.endswith(f".{code}@{DOMAIN}")]
            self.coordinators[code] = coordinators
            memberships += [Membership(user=u, role=Role.COORDINATOR, organisation=self.municipality_orgs[code]) for u in coordinators]
            memberships += [
                Membership(user=users[f"handlaggare.{code}@{DOMAIN}"], role=Role.MUNICIPALITY_OFFICER, organisation=self.municipality_orgs[code]),
                Membership(user=users[f"arbetsformedlare.{code}@{DOMAIN}"], role=Role.AF_OFFICER, organisation=self.af_offices[code]),
                Membership(user=users[f"styrgrupp.{code}@{DOMAIN}"], role=Role.STEERING_GROUP_MEMBER, steering_group=self.groups[code]),
            ]
        memberships += [Membership(user=users[f"arbetsgivare{n}@{DOMAIN}"], role=Role.EMPLOYER_REPRESENTATIVE, organisation=org)
                        for n, org in enumerate(self.all_employers)]
        bulk(Membership, memberships)
        self.officers = {code: users[f"handlaggare.{code}@{DOMAIN}"] for code in self.codes}
        self.log(f"{len(users)} users")

    # --- Tracks ---------------------------------------------------------------------------------

    def phase_on(self, start, end):
        if end < self.today - datetime.timedelta(days=30):
            return Phase.CANCELLED if self.rng.random() < 0.05 else Phase.CLOSED
        if end < self.today:
            return Phase.CLOSING
        if start <= self.today:
            return Phase.EXECUTION
        return Phase.RECRUITMENT if start - self.today < datetime.timedelta(days=60) else Phase.PLANNING

    def tracks(self):
        first = self.today - datetime.timedelta(days=3650)
        tracks, links = [], []
        for n in range(self.size.tracks):
            code = self.rng.choices(self.codes, self.weights)[0]
            # Most tracks are in the past ten years; the newest tenth starts within the coming months.
            start = first + datetime.timedelta(days=self.rng.randrange(3650 + 150))
            end = start + datetime.timedelta(days=self.rng.choice([91, 126, 182, 240, 300, 365]))
            phase = self.phase_on(start, end)
            changed = min(end + datetime.timedelta(days=self.rng.randrange(3, 40)), self.today) if phase in (
                Phase.CLOSED, Phase.CANCELLED) else start
            places = self.rng.randrange(6, 21)
            tracks.append(Track(
                title=f"Jobbspår {n} {code}", occupation_id=self.rng.choice(OCCUPATIONS),
                lead_municipality=self.municipality_orgs[code], agreement=self.agreements[code], places=places,
                intended_hires=places - self.rng.randrange(0, 4), planned_start=start, planned_end=end,
                target_groups=self.rng.sample(list(TargetGroup.values), self.rng.randrange(1, 3)), phase=phase,
                phase_changed_at=timezone.make_aware(datetime.datetime.combine(changed, datetime.time(12))),
                evaluation="Utvärderat." if phase == Phase.CLOSED else "",
            ))
            links.append(code)
        self.all_tracks = bulk(Track, tracks)
        self.track_code = {t.pk: code for t, code in zip(self.all_tracks, links)}
        through = Track.coordinators.through, Track.employers.through, Track.partners.through
        coordinators, employers, partners, self.track_employers = [], [], [], {}
        for track in self.all_tracks:
            code = self.track_code[track.pk]
            coordinators.append(through[0](track_id=track.pk, user_id=self.rng.choice(self.coordinators[code]).pk))
            pool = self.employers_by_code.get(code) or self.all_employers
            chosen = self.rng.sample(pool, min(len(pool), self.rng.choice([1, 1, 1, 2])))
            self.track_employers[track.pk] = chosen
            employers += [through[1](track_id=track.pk, organisation_id=e.pk) for e in chosen]
            partners.append(through[2](track_id=track.pk, organisation_id=self.af_offices[code].pk))
        for model, rows in zip(through, (coordinators, employers, partners)):
            bulk(model, rows)
        # Every partner and employer took part by accepting (tracks.services.parties).
        first = {row.track_id: row.user_id for row in coordinators}
        bulk(Invitation, [
            Invitation(track_id=row.track_id, organisation_id=row.organisation_id, taking_part_as=as_,
                       status=Invitation.Status.ACCEPTED, invited_by_id=first[row.track_id],
                       answered_by_id=first[row.track_id])
            for rows, as_ in ((employers, Invitation.As.EMPLOYER), (partners, Invitation.As.PARTNER)) for row in rows])
        self.track_details()
        self.log(f"{len(self.all_tracks)} tracks")

    def track_details(self):
        items, interventions, letters, problems = [], [], [], []
        kinds = ["sfi", "vocational_swedish", "yrkesvux", "internship", "validation"]
        someone = User.objects.filter(email__endswith=DOMAIN).order_by("pk").first()
        for track in self.all_tracks:
            done = list(Phase.values).index(track.phase) if track.phase != Phase.CANCELLED else 0
            position = 0
            for phase_index, (phase, tasks) in enumerate(SEED.items()):
                for key, _title in tasks:
                    position += 1
                    items.append(ChecklistItem(track=track, phase=phase, key=key, position=position,
                                               status="done" if phase_index < done else "open",
                                               due_date=track.planned_start + datetime.timedelta(days=7 * phase_index)))
            day, length = track.planned_start, (track.planned_end - track.planned_start).days
            for n, kind in enumerate(kinds[: self.rng.randrange(3, 6)]):
                stop = min(track.planned_end, day + datetime.timedelta(days=max(14, length // 4)))
                interventions.append(Intervention(track=track, kind=kind, title=f"Insats {n + 1}", responsible="provider",
                                                  start_date=day, end_date=stop, finished=track.phase == Phase.CLOSED))
                day = stop + datetime.timedelta(days=1)
            letters += [LetterOfIntent(track=track, employer=e, status="signed", signed_on=track.planned_start,
                                       signed_by_name="Chef", intended_hires=track.intended_hires)
                        for e in self.track_employers[track.pk]]
            if self.rng.random() < 0.15:
                escalated = timezone.make_aware(datetime.datetime.combine(track.planned_start, datetime.time(9)))
                decided = track.phase in (Phase.CLOSED, Phase.CANCELLED)
                problems.append(Problem(track=track, title="Handledare saknas", severity="medium", created_by=someone,
                                        escalated_at=escalated, escalated_by=someone, created_at=escalated,
                                        decision="Beslut: ny handledare." if decided else "",
                                        decided_by=someone if decided else None, decided_at=escalated if decided else None))
        for model, rows in ((ChecklistItem, items), (Intervention, interventions), (LetterOfIntent, letters), (Problem, problems)):
            bulk(model, rows)
        self.interventions: dict = {}
        for i in Intervention.objects.filter(track__in=self.all_tracks).order_by("start_date"):
            self.interventions.setdefault(i.track_id, []).append(i)

    # --- Participants, candidacies, outcomes ----------------------------------------------------

    def participants(self):
        used, people = set(), []
        for n in range(self.size.participants):
            gender = self.rng.choices(["woman", "man", "other"], [60, 39, 1])[0]
            code = self.rng.choices(self.codes, self.weights)[0]
            people.append(Participant(
                first_name=self.rng.choice(FIRST[gender]), last_name=self.rng.choice(LAST),
                personnummer=personnummer(self.rng, used), gender=gender,
                education_level=self.rng.choices(["below_upper_secondary", "upper_secondary", "post_secondary"], [80, 15, 5])[0],
                swedish_level=self.rng.choice(["sfi_c", "sfi_d", "sas_basic", "fluent"]), registered_at_af=True,
                home_municipality_id=code, af_office=self.af_offices[code],
                target_groups=self.rng.sample(list(TargetGroup.values), self.rng.randrange(0, 3)),
                created_by=self.officers[code],
            ))
        self.all_participants = bulk(Participant, people)
        self.log(f"{len(self.all_participants)} participants")

    def candidacies(self):
        """Each person is put forward for one track (a few for two), in their own municipality when it
        has one; about 70 % of those in a finished track took part."""
        by_code: dict = {}
        for track in self.all_tracks:
            by_code.setdefault(self.track_code[track.pk], []).append(track)
        candidacies = []
        for person in self.all_participants:
            tracks = by_code.get(person.home_municipality_id) or self.all_tracks
            for track in self.rng.sample(tracks, min(len(tracks), 1 if self.rng.random() < 0.9 else 2)):
                candidacies.append(self.candidacy(person, track))
        self.all_candidacies = bulk(Candidacy, candidacies)
        self.shortlists_and_outcomes()
        self.log(f"{len(self.all_candidacies)} candidacies")

    def candidacy(self, person, track):
        status = self.status_for(track)
        nominated = timezone.make_aware(datetime.datetime.combine(track.planned_start - datetime.timedelta(days=30), datetime.time(10)))
        return Candidacy(track=track, participant=person, status=status, nominated_by=self.officers[self.track_code[track.pk]],
                         nominating_organisation=self.af_offices[self.track_code[track.pk]], motivation="Nominerad.",
                         nominated_at=nominated, enrolled_on=track.planned_start if status in TOOK_PART else None)

    def status_for(self, track):
        S = Candidacy.Status
        if track.phase == Phase.PLANNING:
            return S.NOMINATED
        if track.phase == Phase.RECRUITMENT:
            return self.rng.choice([S.NOMINATED, S.SHORTLISTED, S.APPROVED])
        roll = self.rng.random()
        if roll < 0.2:
            return S.DECLINED
        if roll < 0.3:
            return S.WITHDRAWN
        if track.phase == Phase.EXECUTION:
            return S.ENROLLED
        return S.LEFT_EARLY if roll > 0.93 else S.COMPLETED

    def shortlists_and_outcomes(self):
        shortlists = {}
        for track in self.all_tracks:
            if track.phase != Phase.PLANNING:
                shortlists[track.pk] = Shortlist(track=track, employer=self.track_employers[track.pk][0],
                                                 deadline=track.planned_start, created_by=self.officers[self.track_code[track.pk]],
                                                 sent_at=timezone.make_aware(datetime.datetime.combine(
                                                     track.planned_start - datetime.timedelta(days=20), datetime.time(9))))
        bulk(Shortlist, list(shortlists.values()))
        S, D = Candidacy.Status, ShortlistEntry.Decision
        decision = {S.DECLINED: D.DECLINED, S.APPROVED: D.APPROVED, S.SHORTLISTED: D.PENDING}
        entries, outcomes, checks = [], [], []
        for c in self.all_candidacies:
            if c.track_id in shortlists and c.status != S.NOMINATED:
                entries.append(ShortlistEntry(shortlist=shortlists[c.track_id], candidacy=c,
                                              decision=decision.get(c.status, D.APPROVED),
                                              decline_reason="swedish" if c.status == S.DECLINED else ""))
            if c.status in (S.COMPLETED, S.LEFT_EARLY):
                outcome = self.outcome(c)
                outcomes.append(outcome)
                checks += [OutcomeCheck(candidacy=c, days_after=days, due_date=outcome.date + datetime.timedelta(days=days),
                                        status=outcome.kind if outcome.date + datetime.timedelta(days=days) < self.today else "")
                           for days in (90, 180)]
        for model, rows in ((ShortlistEntry, entries), (Outcome, outcomes), (OutcomeCheck, checks)):
            bulk(model, rows)

    def outcome(self, c):
        track = c.track
        K = Outcome.Kind
        if c.status == Candidacy.Status.LEFT_EARLY:
            kind = K.LEFT_EARLY
        else:  # of those who completed: about 55 % to work, 22 % to studies (DUA: 50 % and another 20 % of all)
            kind = self.rng.choices([K.EMPLOYMENT, K.SUBSIDISED, K.STUDIES, K.JOB_SEEKING, K.OTHER], [33, 22, 22, 18, 5])[0]
        work = kind in (K.EMPLOYMENT, K.SUBSIDISED)
        return Outcome(candidacy=c, kind=kind, date=track.planned_end + datetime.timedelta(days=self.rng.randrange(0, 60)),
                       subsidy="new_start" if kind == K.SUBSIDISED else "",
                       employer=self.track_employers[track.pk][0] if work else None,
                       employment_form="permanent" if work else "", reason="Flyttade." if kind == K.LEFT_EARLY else "",
                       recorded_by=self.officers[self.track_code[track.pk]])

    def follow_ups(self):
        """Every fortnight from the start to the end of each took-part candidacy, until the target
        count is reached; held when in the past. Personal chains for those enrolled now."""
        took_part = [c for c in self.all_candidacies if c.status in TOOK_PART]
        per_person = max(1, round(self.size.follow_ups / max(1, len(took_part))))
        self.follow_up_count, batch, chains = 0, [], []
        for c in took_part:
            track = c.track
            step = max(7, (track.planned_end - track.planned_start).days // per_person)
            for n in range(per_person):
                due = track.planned_start + datetime.timedelta(days=step * (n + 1))
                held = due < self.today
                batch.append(FollowUp(candidacy=c, due_date=due, held_on=due if held else None, attended=True if held else None,
                                      progress=self.rng.choice(["on_track", "on_track", "some_concern"]) if held else "",
                                      notes="Samtal om praktiken." if held else ""))
            if len(batch) >= 50_000:
                self.follow_up_count += len(bulk(FollowUp, batch))
                batch = []
            if c.status == Candidacy.Status.ENROLLED:
                chains += [PersonalIntervention(candidacy=c, source=i, kind=i.kind, title=i.title, start_date=i.start_date,
                                                end_date=i.end_date) for i in self.interventions.get(c.track_id, [])]
        self.follow_up_count += len(bulk(FollowUp, batch))
        bulk(PersonalIntervention, chains)
        self.log(f"{self.follow_up_count} follow-ups, {len(chains)} personal chain steps")
