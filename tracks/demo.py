"""Demo tracks for `seed_demo`: one in every phase across Göteborg, Trollhättan and Jokkmokk, a
closed track with its second round, a chain with a gap, and an escalated problem awaiting the
Göteborg steering group. Built through the services, so every gate is really passed."""

import datetime

from django.utils import timezone

from employers.demo import library_profiles
from lib.workdays import add_working_days
from participants.demo import demo_person

from . import services
from .models import NEXT_PHASE, ChecklistItem, Phase, Problem, RecruitmentActivity, Track


def _weeks(n):
    return datetime.timedelta(weeks=n)


def _finish_checklist(track, phase, actor):
    for item in track.checklist.filter(phase=phase, status=ChecklistItem.Status.OPEN):
        services.checklist_item_set_status(item=item, actor=actor, status=ChecklistItem.Status.DONE)


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _plan(track, actor, chain, signer, today=None, intakes=()):
    """The chain (steps of it taken from the catalogue's `intakes`), two recruitment activities and
    the letters, sent (and signed today by `signer`)."""
    for intake in intakes:
        services.intervention_from_intake(track=track, actor=actor, intake=intake)
    for kind, title, responsible, start, end in chain:
        services.intervention_save(
            track=track, actor=actor, kind=kind, title=title, responsible=responsible, start_date=start, end_date=end,
            hours_per_week=40 if kind == "internship" else 30,
            provider=f"{track.lead_municipality.name}, vuxenutbildningen" if kind in ("sfi", "vocational_swedish") else "",
        )
    services.activity_save(
        track=track, actor=actor, kind=RecruitmentActivity.Kind.INFORMATION_MEETING, organiser="Arbetsförmedlingen",
        starts_at=_at(track.planned_start - _weeks(6), 10), place="Stadsbiblioteket",
        notes="Information om yrket och spåret, med arbetsgivaren på plats.",
    )
    services.activity_save(
        track=track, actor=actor, kind=RecruitmentActivity.Kind.SPEED_DATING, organiser="Koordinatorn",
        starts_at=_at(track.planned_start - _weeks(4), 13), place="Arbetsgivarens lokaler",
        notes="Korta samtal, arbetsgivaren väljer vilka som går vidare.",
    )
    for letter in track.letters.all():
        services.letter_revise(letter=letter, actor=actor, intended_hires=track.intended_hires,
                               internship_places=track.places, supervisors=2)
        services.letter_send(letter=letter, actor=actor)
        if signer:
            services.letter_sign(letter=letter, actor=actor, name=signer[0], title=signer[1],
                                 signed_on=today or timezone.localdate())


def _candidates(track, actor, organisation, people, *, enrol=0, decline=0, today=None, nominator=None):
    """Nominate `people`; the first `enrol` are approved and enrolled (with their follow-ups, the
    past ones held but the latest), the next `decline` declined."""
    from .models import Candidacy

    for i, person in enumerate(people):
        status = (Candidacy.Status.APPROVED if i < enrol else
                  Candidacy.Status.DECLINED if i < enrol + decline else Candidacy.Status.NOMINATED)
        candidacy = Candidacy.objects.create(
            track=track, participant=person, nominated_by=nominator or actor, nominating_organisation=organisation, status=status,
            motivation="Motiverad och har relevant erfarenhet.",
        )
        if i < enrol:
            services.candidacy_enrol(candidacy=candidacy, actor=actor, start=track.planned_start)
            _hold_past_follow_ups(candidacy, actor, today or timezone.localdate(), skip_latest=i % 3 == 0)


def _hold_past_follow_ups(candidacy, actor, today, skip_latest):
    past = list(candidacy.follow_ups.filter(due_date__lt=today))
    for n, follow_up in enumerate(past[:-1] if skip_latest and past else past):
        services.followup_record(
            follow_up=follow_up, actor=actor, held_on=follow_up.due_date, kind="participant" if n % 2 else "three_way",
            attended=True, progress="on_track" if n % 4 else "some_concern", notes="Samtal om hur praktiken går.",
            next_step="Fortsätt enligt plan.",
        )


OUTCOME_MIX = ["employment", "employment", "subsidised", "studies", "job_seeking", "employment", "left_early"]


def _record_outcomes(track, actor, limit=None):
    """About half to work, a fifth to studies, as in the source documents."""
    from .models import Candidacy

    enrolled = list(track.candidacies.filter(status=Candidacy.Status.ENROLLED).order_by("pk"))
    employer = track.employers.first()
    for i, candidacy in enumerate(enrolled[:limit]):
        kind = OUTCOME_MIX[i % len(OUTCOME_MIX)]
        working = kind in ("employment", "subsidised")
        services.outcome_record(
            candidacy=candidacy, actor=actor, kind=kind, date=min(track.planned_end, timezone.localdate()),
            subsidy="new_start" if kind == "subsidised" else "", employer=employer if working else None,
            employment_form="permanent" if kind == "employment" else "fixed_term" if working else "",
            study_plan=kind == "studies", reason="Flyttade till annan ort." if kind == "left_early" else "",
        )


def _advance(track, actor, to):
    """Walk the track through the gates to `to`, doing what each asks for."""
    order = [Phase.PLANNING, Phase.RECRUITMENT, Phase.EXECUTION, Phase.CLOSING, Phase.CLOSED]
    while order.index(track.phase) < order.index(to):
        _finish_checklist(track, track.phase, actor)
        if track.phase == Phase.EXECUTION:
            track.interventions.update(finished=True)
        if track.phase == Phase.CLOSING:
            _record_outcomes(track, actor)
        if track.phase == Phase.CLOSING and not track.evaluation:
            services.track_update(track=track, actor=actor, evaluation=(
                "Sju av åtta deltagare fullföljde spåret. Fem fick anställning hos arbetsgivaren, varav två med "
                "lönestöd, och en gick vidare till studier. Speeddejtningen gav bra matchning; övergången "
                "mellan SFI och praktik behöver planeras tidigare nästa omgång."))
        track = services.track_change_phase(track=track, actor=actor, to=NEXT_PHASE[track.phase])
    return track


def accept_all(track, users, actor):
    from accounts.models import Membership

    from .models import ANSWERING_ROLES

    for invitation in track.invitations.filter(status="invited").select_related("organisation"):
        member = Membership.objects.filter(organisation=invitation.organisation,
                                           role__in=ANSWERING_ROLES[invitation.taking_part_as]).first()
        services.invitation_accept(invitation=invitation, actor=member.user if member else actor)


def _report_attendance(track, provider_user, today):
    """The provider of the track's vocational Swedish has reported every week but the last: all
    present, but for one illness."""
    from .selectors import learners_of
    from .services.provision import monday

    step = track.interventions.filter(intake__isnull=False, kind="vocational_swedish").first()
    if step is None or provider_user is None:
        return
    placed = learners_of([step])[step.pk]
    week = monday(step.start_date)
    while week <= monday(today) - _weeks(2):
        entries = {c: ("present", "", "") for c in placed}
        if placed and week == monday(today) - _weeks(3):
            entries[placed[0]] = ("absent", "illness", "")
        services.attendance_record(intervention=step, week=week, entries=entries, actor=provider_user)
        week += _weeks(1)


def seed_tracks(*, places, users, today=None, intakes=None):
    """`places` and `users` come from seed_demo, `intakes` from the demo catalogue (by title and
    weeks from today). Returns how many tracks were created."""
    if Track.objects.exists():
        return 0
    today = today or timezone.localdate()
    gbg, thn, jkk = places["municipality", "1480"], places["municipality", "1488"], places["municipality", "2510"]
    af_gbg, af_thn, af_jkk = places["af", "1480"], places["af", "1488"], places["af", "2510"]
    k_gbg, k_af, k_thn, k_jkk = (users[e] for e in (
        "koordinator@goteborg.jobbspar.example", "koordinator@af.jobbspar.example",
        "koordinator@trollhattan.jobbspar.example", "koordinator@jokkmokk.jobbspar.example"))
    library = library_profiles(k_gbg)
    agreement_gbg, agreement_thn = places["steering", "1480"].agreement, places["steering", "1488"].agreement

    def create(actor, **fields):
        """A track whose partners and employers accept at once, each answered by one of its own
        people where the demo has one (else by the coordinator, for the demo's sake)."""
        track = services.track_create(actor=actor, **fields)
        accept_all(track, users, actor)
        return track

    # Göteborg, execution: property caretakers with the housing company; an escalated problem.
    start = today - _weeks(8)
    caretakers = create(
        k_gbg, title="Fastighetsskötare hos Framtidens Bostäder", occupation_id="5152", lead_municipality=gbg,
        agreement=agreement_gbg, employers=[places["employer", "bostad"]], partners=[af_gbg], places=8,
        intended_hires=6, planned_start=start, planned_end=start + _weeks(30),
        target_groups=["newly_arrived", "long_term_unemployed"], library_profile=library["5152"],
    )
    caretakers.coordinators.add(k_af)
    from_catalogue = [intake for intake in ((intakes or {}).get(key) for key in (
        ("Yrkessvenska för fastighetsskötare", -8), ("Fastighetsskötarutbildning", -6))) if intake]
    _plan(caretakers, k_gbg, [] if from_catalogue else [
        ("vocational_swedish", "Yrkessvenska för fastighetsskötare", "municipality", start, start + _weeks(12) - datetime.timedelta(days=3)),
        ("labour_market_training", "Fastighetsskötarutbildning", "af", start + _weeks(2), start + _weeks(16)),
    ] + [
        ("internship", "Praktik i bostadsområdena", "employer", start + _weeks(16), start + _weeks(30)),
        ("mentor", "Handledare från bolaget", "employer", start + _weeks(16), start + _weeks(30)),
    ], signer=("Johan Berg", "Förvaltningschef"), intakes=from_catalogue)
    caretakers = _advance(caretakers, k_gbg, Phase.RECRUITMENT)
    people = [demo_person(n, municipality_code="1480", af_office=af_gbg, actor=k_gbg,
                          competences=[("Grundläggande fastighetsskötsel", "good")] if n % 2 else [])
              for n in range(0, 9)]
    _candidates(caretakers, k_gbg, af_gbg, [p for p in people if p.registered_at_af], enrol=6, decline=1,
                nominator=users["arbetsformedlare@goteborg.jobbspar.example"])
    caretakers = _advance(caretakers, k_gbg, Phase.EXECUTION)
    _report_attendance(caretakers, users.get("utbildning@komvux.jobbspar.example"), today)
    quitter = caretakers.candidacies.filter(status="enrolled").order_by("-pk").first()
    services.outcome_record(candidacy=quitter, actor=k_gbg, kind="left_early", date=today - _weeks(2),
                            reason="Fick ett annat arbete utanför spåret.")
    problem = services.problem_create(
        track=caretakers, actor=k_gbg, title="Handledare saknas i två bostadsområden", severity=Problem.Severity.HIGH,
        description="Två av praktikplatserna saknar utsedd handledare från v. 16. Bolaget behöver stöd för att "
                    "frigöra tid, annars riskerar deltagarna ett glapp mellan utbildning och praktik.",
    )
    services.problem_escalate(
        problem=problem, actor=k_gbg,
        question="Kan parterna avsätta två handledare från v. 16, så att praktiken kan börja som planerat?",
        proposal="Bostadsbolaget frigör två handledare fyra timmar i veckan; AF erbjuder handledarutbildning.")
    Problem.objects.filter(pk=problem.pk).update(escalated_at=timezone.now() - _weeks(3))

    # Göteborg, planning: assistant nurses with the care provider; a gap in the chain, letter sent.
    start = today + _weeks(10)
    nurses = create(
        k_gbg, title="Undersköterskor till Omsorgspartner Väst", occupation_id="5321", lead_municipality=gbg,
        agreement=agreement_gbg, employers=[places["employer", "omsorg"]], partners=[af_gbg], places=10,
        intended_hires=8, planned_start=start, planned_end=start + _weeks(40), target_groups=["newly_arrived"],
        library_profile=library["5321"],
    )
    _plan(nurses, k_gbg, [
        ("sfi", "SFI kurs D med vårdinriktning", "municipality", start, start + _weeks(14)),
        ("yrkesvux", "Yrkesvux vård och omsorg", "provider", start + _weeks(18), start + _weeks(34)),
        ("internship", "Praktik på äldreboende", "employer", start + _weeks(34), start + _weeks(40)),
    ], signer=None)
    _finish_checklist(nurses, Phase.PLANNING, k_gbg)
    nurses.checklist.filter(key="employer_commitment").update(
        status=ChecklistItem.Status.OPEN, completed_at=None,
        assignee=users["handlaggare@goteborg.jobbspar.example"], due_date=add_working_days(today, 1))

    # Göteborg, recruiting for both Göteborg employers: candidates ranked, shortlists awaiting them.
    for title, ssyk, employer_key, library_key, first in (
        ("Lokalvårdare i bostadsområdena", "9111", "bostad", "9111", 60),
        ("Vårdbiträden i hemtjänsten", "5321", "omsorg", "5321", 70),
    ):
        start = today + _weeks(6)
        track = create(
            k_gbg, title=title, occupation_id=ssyk, lead_municipality=gbg, agreement=agreement_gbg,
            employers=[places["employer", employer_key]], partners=[af_gbg], places=6, intended_hires=5,
            planned_start=start, planned_end=start + _weeks(26), target_groups=["newly_arrived", "young"],
            library_profile=library[library_key],
        )
        _plan(track, k_gbg, [
            ("sfi", "SFI med yrkesinriktning", "municipality", start, start + _weeks(10)),
            ("internship", "Praktik med handledare", "employer", start + _weeks(10), start + _weeks(26)),
        ], signer=("Johan Berg", "Förvaltningschef") if employer_key == "bostad" else ("Leila Karimi", "Verksamhetschef"))
        track = _advance(track, k_gbg, Phase.RECRUITMENT)
        # Competences as an officer would type them: "Lokalvård" and "Städning" are Städtjänster,
        # Sjukhusstädning a kind of it, "Kemikaliehantering" in no list.
        typed = {"9111": ["Lokalvård", "Städning", "Sjukhusstädning", "Kemikaliehantering"],
                 "5321": ["Omvårdnad", "Basala hygienrutiner", "Demensvård", "Dokumentation i journalsystem"]}[ssyk]
        people = [demo_person(n, municipality_code="1480", af_office=af_gbg, actor=k_gbg,
                              competences=[(typed[n % len(typed)], ["good", "basic", "very_good"][n % 3])])
                  for n in range(first, first + 7)]
        _candidates(track, k_gbg, af_gbg if first == 60 else gbg, people,
                    nominator=users["arbetsformedlare@goteborg.jobbspar.example" if first == 60 else "handlaggare@goteborg.jobbspar.example"])
        pending = list(track.candidacies.order_by("pk")[:3])
        shortlist = services.shortlist_create(track=track, employer=places["employer", employer_key], candidacies=pending,
                                              deadline=add_working_days(today, 2), actor=k_gbg, today=today)
        services.shortlist_send(shortlist=shortlist, actor=k_gbg)
        # The employer has begun: one approved for the track, one for an interview, one still waiting.
        representative = users["arbetsgivare@bostad.jobbspar.example" if employer_key == "bostad" else "arbetsgivare@omsorg.jobbspar.example"]
        first_entries = list(shortlist.entries.order_by("pk")[:2])
        services.shortlist_decide(entry=first_entries[0], actor=representative, decision="approved")
        services.shortlist_decide(entry=first_entries[1], actor=representative, decision="interview")

    # Göteborg, cancelled.
    cancelled = create(
        k_gbg, title="Lagerarbetare, e-handel", occupation_id="4322", lead_municipality=gbg, agreement=agreement_gbg,
        employers=[places["employer", "handel"]], places=6, intended_hires=4,
        planned_start=today - _weeks(20), planned_end=today + _weeks(6), target_groups=["young"],
    )
    services.track_change_phase(track=cancelled, actor=k_gbg, to=Phase.CANCELLED,
                                reason="Arbetsgivaren flyttade lagret till en annan ort.")

    # Trollhättan: a closed first round of shop assistants and its second round, now recruiting.
    start = today - _weeks(60)
    shop = create(
        k_thn, title="Butikssäljare i Trollhättan", occupation_id="5222", lead_municipality=thn, agreement=agreement_thn,
        employers=[places["employer", "handel"]], partners=[af_thn], places=6, intended_hires=4,
        planned_start=start, planned_end=start + _weeks(24), target_groups=["young", "long_term_unemployed"],
        library_profile=library["5222"],
    )
    _plan(shop, k_thn, [
        ("sfi", "SFI kurs C", "municipality", start, start + _weeks(10)),
        ("internship", "Praktik i butik", "employer", start + _weeks(10), start + _weeks(24)),
    ], signer=("Lena Ek", "Butikschef"))
    shop = _advance(shop, k_thn, Phase.RECRUITMENT)
    people = [demo_person(n, municipality_code="1488", af_office=af_thn, actor=k_thn,
                          competences=[("Kassahantering", "good")]) for n in range(20, 27)]
    _candidates(shop, k_thn, thn, [p for p in people if p.registered_at_af], enrol=6)
    shop = _advance(shop, k_thn, Phase.CLOSED)
    second = services.track_start_new_round(track=shop, actor=k_thn, today=today - _weeks(12))
    accept_all(second, users, k_thn)
    for letter in second.letters.all():
        services.letter_send(letter=letter, actor=k_thn)
        services.letter_sign(letter=letter, actor=k_thn, name="Lena Ek", title="Butikschef", signed_on=today)
    # Held a week ago: who came is known.
    services.activity_save(track=second, actor=k_thn, kind=RecruitmentActivity.Kind.SPEED_DATING,
                           organiser="Arbetsförmedlingen Trollhättan", starts_at=_at(today - _weeks(1), 9),
                           place="Handelshuset")
    second = _advance(second, k_thn, Phase.RECRUITMENT)
    people = [demo_person(n, municipality_code="1488", af_office=af_thn, actor=k_thn,
                          competences=[("Kassahantering", "good" if n % 2 else "basic"), ("Varuplock och påfyllning", "good")])
              for n in range(30, 42)]
    _candidates(second, k_thn, thn, people, nominator=users["handlaggare@trollhattan.jobbspar.example"])
    task = second.checklist.filter(phase=Phase.RECRUITMENT, status=ChecklistItem.Status.OPEN).first()
    ChecklistItem.objects.filter(pk=task.pk).update(assignee=users["handlaggare@trollhattan.jobbspar.example"],
                                                   due_date=add_working_days(today, 2))
    pending = [c for c in second.candidacies.select_related("participant")][:4]
    shortlist = services.shortlist_create(track=second, employer=places["employer", "handel"], candidacies=pending,
                                          deadline=add_working_days(today, 1), actor=k_thn, today=today)
    services.shortlist_send(shortlist=shortlist, actor=k_thn)
    speed_dating = second.activities.get(kind=RecruitmentActivity.Kind.SPEED_DATING)
    services.activity_invite(activity=speed_dating, candidacies=pending, actor=k_thn)
    services.activity_record_attendance(activity=speed_dating, attended_ids=[c.pk for c in pending[:3]], actor=k_thn)

    # Jokkmokk, closing: cleaners, a small municipality where the coordinator does it all.
    start = today - _weeks(26)
    cleaners = create(
        k_jkk, title="Lokalvårdare i Jokkmokk", occupation_id="9111", lead_municipality=jkk,
        employers=[places["employer", "stad"]], partners=[af_jkk], places=4, intended_hires=3,
        planned_start=start, planned_end=today - datetime.timedelta(days=3), target_groups=["newly_arrived"],
        library_profile=library["9111"],
    )
    _plan(cleaners, k_jkk, [
        ("validation", "Branschvalidering lokalvård", "provider", start, start + _weeks(2)),
        ("internship", "Praktik med handledare", "employer", start + _weeks(2), today - datetime.timedelta(days=3)),
    ], signer=("Nils Labba", "Verksamhetsansvarig"))
    cleaners = _advance(cleaners, k_jkk, Phase.RECRUITMENT)
    people = [demo_person(n, municipality_code="2510", af_office=af_jkk, actor=k_jkk) for n in range(50, 53)]
    _candidates(cleaners, k_jkk, af_jkk, people, enrol=3)
    cleaners = _advance(cleaners, k_jkk, Phase.CLOSING)
    _record_outcomes(cleaners, k_jkk, limit=2)
    cleaners.checklist.filter(phase=Phase.CLOSING, key="evaluation").update(assignee=k_jkk, due_date=add_working_days(today, 3))
    return Track.objects.count()

