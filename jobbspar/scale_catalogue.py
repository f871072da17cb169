"""The scale data set's providers' catalogue (see scale.py): an adult-education provider in every
municipality and 20 regional training suppliers; 1,000 modules of every kind at full size, each
with five intakes from a year ago to a year ahead — the 5,000 intakes `make bench` searches."""

import datetime
import random

from accounts.models import Municipality, Organisation
from providers.models import Intake, Module, intake_end

BATCH = 5000


def catalogue(modules: int, today: datetime.date, occupations: list, log=print, intakes_each=5, seed=7):
    rng = random.Random(seed)
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True))
    providers = Organisation.objects.bulk_create(
        [Organisation(kind="provider", name=f"Vuxenutbildningen {code} (skala)", municipality_id=code) for code in codes]
        + [Organisation(kind="provider", name=f"Utbildningsföretag {n} (skala)", municipality_id=rng.choice(codes))
           for n in range(20)], batch_size=BATCH)
    kinds = [k for k, _label in Module.Kind.choices]
    made = []
    for n in range(modules):
        provider, kind = rng.choice(providers), rng.choice(kinds)
        made.append(Module(
            provider=provider, kind=kind, title=f"{Module.Kind(kind).label} {n}",
            occupation_id=rng.choice(occupations) if kind != "sfi" else None, weeks=rng.choice([2, 4, 8, 10, 12, 20, 40]),
            hours_per_week=rng.choice([10, 15, 20, 30, 40]), places=rng.choice([8, 12, 16, 20, 25]),
            municipality_id=provider.municipality_id, distance=rng.random() < 0.15))
    made = Module.objects.bulk_create(made, batch_size=BATCH)
    rows = []
    for module in made:
        for _ in range(intakes_each):
            start = today + datetime.timedelta(weeks=rng.randint(-52, 52))
            start -= datetime.timedelta(days=start.weekday())
            rows.append(Intake(module=module, start_date=start, end_date=intake_end(start, module.weeks),
                               free_places=rng.randint(0, module.places)))
    Intake.objects.bulk_create(rows, batch_size=BATCH)
    log(f"{len(providers)} providers, {len(made)} modules, {len(rows)} intakes")
