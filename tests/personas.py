"""One user per role in a home world (Göteborg), and an outsider of the same role in another
(Trollhättan): the outsider must never see the home world's objects."""

from dataclasses import dataclass

from accounts.models import Membership, Role

from .factories import (
    AFOfficeFactory,
    EmployerFactory,
    MembershipFactory,
    MunicipalityOrganisationFactory,
    OrganisationFactory,
    ParticipantFactory,
    SteeringGroupFactory,
    UserFactory,
    make_track,
)

ROLE_PERSONAS = {
    "coordinator": Role.COORDINATOR,
    "municipality_officer": Role.MUNICIPALITY_OFFICER,
    "af_officer": Role.AF_OFFICER,
    "employer": Role.EMPLOYER_REPRESENTATIVE,
    "steering": Role.STEERING_GROUP_MEMBER,
    "provider": Role.PROVIDER,
}
# Every persona the permission matrix walks; "anonymous" is the logged-out visitor.
PERSONAS = (
    ["anonymous"]
    + list(ROLE_PERSONAS)
    + [f"{name}_outsider" for name in ROLE_PERSONAS]
    + ["administrator", "privacy_officer", "no_role"]
    + ["participant", "participant_outsider"]
)
# Participants log in to their own pages only: the home participant (nominated to the home track)
# and a participant of the other municipality, on no track.
PARTICIPANT_PERSONAS = ("participant", "participant_outsider")


@dataclass
class Side:
    """The organisations of one municipality's world."""

    municipality: object
    af_office: object
    employer: object
    steering_group: object
    provider: object

    @classmethod
    def build(cls, municipality_code):
        municipality = MunicipalityOrganisationFactory(municipality_id=municipality_code)
        af_office = AFOfficeFactory(municipality_id=municipality_code)
        employer = EmployerFactory(organisation__municipality_id=municipality_code).organisation
        group = SteeringGroupFactory(agreement__municipality=municipality, agreement__af_office=af_office)
        provider = OrganisationFactory(kind="provider", name=f"Vuxenutbildningen {municipality_code}",
                                       municipality_id=municipality_code)
        return cls(municipality, af_office, employer, group, provider)

    def scope_for(self, role):
        return {
            Role.COORDINATOR: {"organisation": self.municipality},
            Role.MUNICIPALITY_OFFICER: {"organisation": self.municipality},
            Role.AF_OFFICER: {"organisation": self.af_office},
            Role.EMPLOYER_REPRESENTATIVE: {"organisation": self.employer},
            Role.STEERING_GROUP_MEMBER: {"steering_group": self.steering_group, "organisation": None},
            Role.PROVIDER: {"organisation": self.provider},
        }[role]


@dataclass
class World:
    home: Side
    away: Side
    users: dict
    track: object = None
    objects: dict = None

    def user(self, persona):
        return self.users.get(persona)


def build_track(home, coordinator, employer_user=None):
    """A home track with one of everything, so every track URL has something to act on. Its
    letter of intent was signed once (version 1), changed, and sent again as version 2."""
    import datetime

    from django.utils import timezone

    from employers.models import LanguageRequirement, Requirement
    from participants.models import Competence, LanguageSkill
    from tracks.models import Candidacy, Intervention, Problem, ProfileProposal, RecruitmentActivity
    from tracks.services import (
        candidacy_enrol,
        letter_revise,
        letter_send,
        letter_sign,
        outcome_record,
        problem_escalate,
        profile_ensure,
        profile_publish,
        shortlist_create,
        shortlist_send,
    )

    track = make_track(
        coordinator=coordinator,
        municipality=home.municipality,
        employers=[home.employer],
        partners=[home.af_office],
        agreement=home.steering_group.agreement,
    )
    profile = profile_ensure(track=track, actor=coordinator)
    requirement = Requirement.objects.create(profile=profile, concept_id=CARETAKING, competence="Fastighetsskötsel")
    language_requirement = LanguageRequirement.objects.create(profile=profile, language_id=ENGLISH, level="A2",
                                                              kind="merit")
    publication = profile_publish(track=track, actor=coordinator, note="Lagt till engelska.")
    letter = letter_send(letter=track.letters.get(), actor=coordinator)
    letter_sign(letter=letter, actor=employer_user or coordinator, name="Johan Berg", title="VD",
                signed_on=timezone.localdate())
    letter_revise(letter=letter, actor=coordinator, intended_hires=5)
    letter = letter_send(letter=letter, actor=coordinator)
    intervention = Intervention.objects.create(
        track=track, kind="sfi", title="SFI C", responsible="municipality",
        start_date=datetime.date(2026, 9, 7), end_date=datetime.date(2026, 12, 18),
    )
    activity = RecruitmentActivity.objects.create(
        track=track, kind="speed_dating", starts_at=timezone.now(), place="Biblioteket", organiser="AF"
    )
    problem = Problem.objects.create(track=track, title="Handledare saknas", created_by=coordinator)
    problem_escalate(problem=problem, actor=coordinator, question="Vem utser handledare?")
    proposal = ProfileProposal.objects.create(track=track, competence="Truckkort", proposed_by=coordinator)
    participant = ParticipantFactory(home_municipality_id="1480", af_office=home.af_office)
    competence = Competence.objects.create(participant=participant, concept_id=CARETAKING, name="Fastighetsskötsel",
                                           level="good")
    language = LanguageSkill.objects.create(participant=participant, language_id=ENGLISH, level="B1")
    # Written as "other, not in the list": free text to map.
    Competence.objects.create(participant=participant, name="Kemikaliehantering", level="basic")
    candidacy = Candidacy.objects.create(
        track=track, participant=participant, nominated_by=coordinator, nominating_organisation=home.af_office,
        motivation="Erfarenhet av fastighetsskötsel från hemlandet.",
    )
    approved = Candidacy.objects.create(
        track=track, participant=ParticipantFactory(home_municipality_id="1480"), nominated_by=coordinator,
        nominating_organisation=home.municipality, motivation="Godkänd", status=Candidacy.Status.APPROVED,
    )
    shortlist = shortlist_create(track=track, employer=home.employer, candidacies=[candidacy],
                                 deadline=datetime.date(2099, 1, 1), actor=coordinator)
    shortlist_send(shortlist=shortlist, actor=coordinator)
    enrolled = candidacy_enrol(candidacy=Candidacy.objects.create(
        track=track, participant=ParticipantFactory(home_municipality_id="1480"), nominated_by=coordinator,
        nominating_organisation=home.municipality, motivation="Antagen", status=Candidacy.Status.APPROVED,
    ), actor=coordinator, start=datetime.date(2026, 9, 7))
    # Started in May and left for studies in August: its +90 check is due, so it can be recorded.
    finished = candidacy_enrol(candidacy=Candidacy.objects.create(
        track=track, participant=ParticipantFactory(home_municipality_id="1480"), nominated_by=coordinator,
        nominating_organisation=home.municipality, motivation="Klar", status=Candidacy.Status.APPROVED,
    ), actor=coordinator, start=datetime.date(2026, 5, 4))
    outcome_record(candidacy=finished, actor=coordinator, kind="studies", date=datetime.date(2026, 8, 3), study_plan=True)
    objects = {
        "requirement": requirement, "letter": letter, "intervention": intervention, "activity": activity,
        "problem": problem, "proposal": proposal, "item": track.checklist.first(),
        "participant": participant, "candidacy": approved, "shortlist": shortlist,
        "entry": shortlist.entries.get(), "enrolled": enrolled, "finished": finished,
        "follow_up": enrolled.follow_ups.first(), "check": finished.outcome_checks.first(),
        "competence": competence, "language": language, "language_requirement": language_requirement,
        "publication": publication,
    }
    return track, objects


CARETAKING, ENGLISH = "J5Xc_doF_TUR", "NVxJ_hLg_TYS"  # Fastighetsskötsel, Engelska: concepts of the vocabulary


def build_world() -> World:
    home, away = Side.build("1480"), Side.build("1488")
    users = {}
    for persona, role in ROLE_PERSONAS.items():
        for side, name in ((home, persona), (away, f"{persona}_outsider")):
            membership = MembershipFactory(
                user=UserFactory(email=f"{name}@test.jobbspar.example"), role=role, **side.scope_for(role)
            )
            users[name] = membership.user
    admin = UserFactory(email="administrator@test.jobbspar.example", is_staff=True, is_superuser=True)
    Membership.objects.create(user=admin, role=Role.ADMINISTRATOR)
    users["administrator"] = admin
    privacy_officer = UserFactory(email="privacy_officer@test.jobbspar.example")
    Membership.objects.create(user=privacy_officer, role=Role.PRIVACY_OFFICER)
    users["privacy_officer"] = privacy_officer
    users["no_role"] = UserFactory(email="no_role@test.jobbspar.example")
    track, objects = build_track(home, users["coordinator"], users["employer"])
    objects.update(build_reports(home, track, users["coordinator"]))
    objects["invitation"] = build_invitation(home, users["coordinator"])
    objects.update(build_provided(home, users["coordinator"]))
    own, outsider = build_own_pages(objects, track, users["coordinator"], away)
    objects.update(own)
    users["participant"], users["participant_outsider"] = own["account"].user, outsider.user
    return World(home=home, away=away, users=users, track=track, objects=objects)


def build_provided(home, coordinator):
    """A second home track, running, whose vocational Swedish is taken from the home provider's
    catalogue, with two learners placed there; a three-way meeting is booked for the first."""
    import datetime

    from django.utils import timezone

    from providers import services as catalogue
    from taxonomy.models import Concept
    from tracks.models import Candidacy
    from tracks.services import candidacy_enrol, followup_book, intervention_from_intake

    today = timezone.localdate()
    start = today - datetime.timedelta(weeks=4)  # started four weeks ago, whenever the tests run
    track = make_track(coordinator=coordinator, municipality=home.municipality, employers=[home.employer],
                       title="Fastighetsskötare, vårens spår", planned_start=start,
                       planned_end=start + datetime.timedelta(weeks=30))
    module = catalogue.module_save(
        provider=home.provider, actor=coordinator, kind="vocational_swedish", title="Yrkessvenska fastighet", weeks=12,
        hours_per_week=15, places=16, municipality_id="1480", distance=False)
    catalogue.module_competence_add(module=module, actor=coordinator, concept=Concept.objects.get(pk=CARETAKING))
    intake = catalogue.intake_save(module=module, actor=coordinator, free_places=10, start_date=start)
    provided = intervention_from_intake(track=track, actor=coordinator, intake=intake)
    learners = [candidacy_enrol(candidacy=Candidacy.objects.create(
        track=track, participant=ParticipantFactory(home_municipality_id="1480"), nominated_by=coordinator,
        nominating_organisation=home.municipality, motivation=f"Motivering {n}: praktik i hemlandet",
        status=Candidacy.Status.APPROVED), actor=coordinator, start=start) for n in range(2)]
    meeting = followup_book(follow_up=learners[0].follow_ups.order_by("due_date").first(), actor=coordinator,
                            meeting_at=timezone.now() + datetime.timedelta(days=3), place="Vuxenutbildningen, rum 4")
    return {"module": module, "intake": intake, "provided": provided, "learner": learners[0],
            "other_learner": learners[1], "meeting": meeting}


def build_invitation(home, coordinator):
    """A second home track that has asked the home AF office to take part, still unanswered: the
    office's people do not see it yet, and answer for it on their start page."""
    from tracks.models import Invitation

    invited = make_track(coordinator=coordinator, municipality=home.municipality, employers=[],
                         partners=[home.af_office], accepted=False, title="Lokalvårdare, inbjudan")
    return Invitation.objects.get(track=invited, organisation=home.af_office)


def build_reports(home, track, coordinator):
    """The coordinator's track status report (done, and a failed one), and the monthly follow-up
    report of the home steering group (done, with its file)."""
    import datetime

    from django.core.files.base import ContentFile

    from reports.models import Report
    from reports.storage import report_storage

    def done(report):
        report.file_name = report_storage().save(f"{report.pk}/{report.download_name}", ContentFile(b"%PDF-1.7 test"))
        report.status, report.file_size = Report.Status.DONE, 13
        report.save()
        return report

    mine = done(Report.objects.create(kind=Report.Kind.TRACK_STATUS, track=track, variant=Report.Variant.NAMES,
                                      requested_by=coordinator))
    failed = Report.objects.create(kind=Report.Kind.TRACK_STATUS, track=track, variant=Report.Variant.NAMES,
                                   requested_by=coordinator, status=Report.Status.FAILED)
    monthly = done(Report.objects.create(
        kind=Report.Kind.FOLLOWUP, agreement=home.steering_group.agreement, key=f"monthly:{home.steering_group.agreement.pk}:2026-09",
        period_from=datetime.date(2026, 9, 1), period_to=datetime.date(2026, 9, 30),
    ))
    return {"report": mine, "failed_report": failed, "monthly_report": monthly}


def build_own_pages(objects, track, coordinator, away):
    """The home participant invited to their own pages, with a task, a self-reported competence and
    an invitation to the home track's speed dating; a participant of the other side invited too."""
    import datetime

    from django.utils import timezone

    from participants import services as people
    from participants.signin import account_invite
    from taxonomy.models import Concept
    from tracks.models import ActivityInvitation, RecruitmentActivity
    from tracks.services import errands

    participant = objects["participant"]
    participant.email = "deltagare@test.jobbspar.example"
    participant.save(update_fields=["email"])
    account = account_invite(participant=participant, actor=coordinator, channel="email", language="sv")
    candidacy = objects["entry"].candidacy
    task = errands.task_set(candidacy=candidacy, actor=coordinator, kind="question", title="Vilka tider passar?",
                            due_on=timezone.localdate() + datetime.timedelta(days=7))
    own_competence = people.competence_add(participant=participant, actor=account.user, competence="Städtjänster",
                                           level="good", source="self_assessed", learned="work_abroad", years=3)
    own_language = people.language_add(participant=participant, actor=account.user,
                                       language=Concept.objects.get(kind="language", label="Arabiska"), level="C2")
    interview = RecruitmentActivity.objects.create(track=track, kind="interview", place="Biblioteket", organiser="AF",
                                                   starts_at=timezone.now() + datetime.timedelta(days=2))
    ActivityInvitation.objects.create(activity=interview, candidacy=candidacy)
    stranger = ParticipantFactory(home_municipality_id="1488", af_office=away.af_office,
                                  email="annan.deltagare@test.jobbspar.example")
    outsider = account_invite(participant=stranger, actor=coordinator, channel="email", language="sv")
    from django.core import mail

    if hasattr(mail, "outbox"):
        mail.outbox.clear()  # the invitations: a test that reads the outbox reads its own e-mails
    return {"account": account, "task": task, "own_competence": own_competence, "own_language": own_language,
            "meeting_uid": f"activity-{interview.pk}", "interview": interview}, outsider
