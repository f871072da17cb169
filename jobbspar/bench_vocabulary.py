"""`make bench` rows for matching and the vocabulary (jobbspar/bench.py runs them): ranking 2,000
candidates against 15 requirements, the combobox's suggestions over the whole vocabulary, and the
search of the providers' catalogue."""

import datetime
import random
import time

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .bench import WARM_UP, percentile, second_factor


def matching_ms(candidates=2000, runs=20) -> dict:
    """Ranking 2,000 candidates against a profile of 15 requirements (10 competences, two languages,
    Swedish, a driving licence, education), in memory as the candidates page does after its
    prefetching queries: p50/p95 over `runs` rankings. The candidates are drawn from the real
    vocabulary — held competences partly the asked ones, partly narrower or broader ones, partly
    unrelated — with mixed evidence, licences and languages (seeded, the same every run)."""
    from employers.models import LanguageRequirement, Requirement
    from participants.models import Competence, LanguageSkill, Participant
    from taxonomy.models import Concept
    from tracks.matching import Demand, Known, rank_known

    rng = random.Random(14)
    skills = list(Concept.objects.filter(kind="skill", deprecated=False).only("id", "label", "parent_id", "headline_id"))
    narrower = [c for c in skills if c.parent_id]
    asked = rng.sample(narrower, 5) + rng.sample(skills, 5)
    licences = {c.code: c for c in Concept.objects.filter(kind="licence")}
    languages = list(Concept.objects.filter(kind="language").order_by("label")[:20])
    demand = Demand(
        requirements=[Requirement(pk=n, concept=c, competence=c.label, level=rng.choice(["basic", "good", "very_good"]),
                                  kind="must" if n < 6 else "merit",
                                  validation=rng.choice(["interview", "certificate", "industry"]))
                      for n, c in enumerate(asked)],
        licences=[licences["B"]], languages=[LanguageRequirement(language=languages[0], level="B1", kind="must"),
                                             LanguageRequirement(language=languages[1], level="A2", kind="merit")],
        swedish_level="sfi_d", education_level="upper_secondary")
    by_pk = {c.pk: c for c in skills}
    knowns = []
    for n in range(candidates):
        held = rng.sample(asked, rng.randint(0, 6)) + rng.sample(skills, 4)
        held += [by_pk[c.parent_id] for c in held[:2] if c.parent_id in by_pk]
        competences = [Competence(concept=c, name=c.label, level=rng.choice(["basic", "good", "very_good"]),
                                  source=rng.choice(["self_assessed", "assessed", "validated", "employer_confirmed"]))
                       for c in held]
        knowns.append(Known(Participant(pk=n + 1, first_name="K", last_name=str(n)), competences,
                            rng.sample([licences["B"], licences["C"], licences["AM"]], rng.randint(0, 1)), [],
                            [LanguageSkill(language=rng.choice(languages[:4]), level=rng.choice(["A2", "B1", "C1"]))],
                            rng.choice(["sfi_b", "sfi_c", "sfi_d", "sas_basic", ""]),
                            rng.choice(["below_upper_secondary", "upper_secondary", "post_secondary", ""])))
    assert len(demand.columns()) == 15
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        ranked = rank_known(demand, knowns)
        times.append(1000 * (time.perf_counter() - started))
    assert len(ranked) == candidates
    return {"candidates": candidates, "requirements": len(demand.columns()),
            "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1)}


def suggest_ms(user, n=200) -> dict:
    """The combobox's suggestions over the whole vocabulary, through the whole stack as the browser
    asks for them: 200 typed beginnings (3–8 letters) of real labels and synonyms, p50/p95."""
    from taxonomy.models import Concept, Synonym

    rng = random.Random(50)
    words = [label.split(",")[0] for label in Concept.objects.filter(kind="skill").values_list("label", flat=True)]
    words += list(Synonym.objects.values_list("text", flat=True))
    typed = [w[:rng.randint(3, 8)] for w in rng.sample(words, n)]
    client = Client()
    client.force_login(user)
    second_factor(client, user)
    url = reverse("taxonomy:suggest")
    for text in typed[:WARM_UP]:
        client.get(url, {"kind": "skill", "field": "q", "q": text})
    times = []
    for text in typed:
        started = time.perf_counter()
        response = client.get(url, {"kind": "skill", "field": "q", "q": text})
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (text, response.status_code)
    return {"requests": n, "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1)}


def catalogue_ms(user, n=100) -> dict:
    """The coordinator's search of the providers' catalogue (5,000 intakes), through the whole
    stack: 100 searches by kind, municipality (with or without distance), a start window, or none."""
    from providers.models import Intake, Module
    from tracks.models import WORKING_PHASES, Track

    rng = random.Random(51)
    # A track still being worked on (a closed one's catalogue is not searched): the user's own, else
    # (a small data set) the newest, searched by one of its coordinators.
    working = Track.objects.filter(phase__in=WORKING_PHASES).order_by("-planned_start", "pk")
    track = working.filter(coordinators=user).first() or working.first()
    user = user if track.coordinators.filter(pk=user.pk).exists() else track.coordinators.first()
    codes = list(Module.objects.values_list("municipality_id", flat=True).distinct()[:300])
    kinds = [k for k, _label in Module.Kind.choices]
    today = timezone.localdate()
    searches = []
    for _ in range(n):
        start = today + datetime.timedelta(days=rng.randint(-30, 200))
        searches.append({key: value for key, value in {
            "kind": rng.choice(kinds + [""]), "municipality": rng.choice(codes + [""] * 5),
            "distance": rng.choice(["on", ""]), "start_from": start.isoformat(),
            "start_to": (start + datetime.timedelta(days=rng.choice([30, 90, 365]))).isoformat(),
        }.items() if value})
    client = Client()
    client.force_login(user)
    second_factor(client, user)
    url = reverse("tracks:catalogue", args=[track.pk])
    for query in searches[:WARM_UP]:
        client.get(url, query)
    times = []
    for query in searches:
        started = time.perf_counter()
        response = client.get(url, query)
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (query, response.status_code)
    return {"intakes": Intake.objects.count(), "requests": n, "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1)}
