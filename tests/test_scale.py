"""The scale data set for the benchmark: realistic shares, the same data from the same seed."""

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from jobbspar.scale import DOMAIN, Generator, Size
from participants.models import Participant
from reports.kpis import compute
from tracks.models import FollowUp, Phase, Track

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


def fingerprint():
    rows = [*Track.objects.order_by("title").values_list("title", "planned_start", "phase", "places"),
            *Participant.objects.order_by("personnummer").values_list("personnummer", "gender", "home_municipality_id"),
            FollowUp.objects.count()]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def generate(seed):
    with transaction.atomic():
        counts = Generator(Size.scaled(0.01), seed, TODAY, log=lambda line: None).run()
        result = counts, fingerprint(), compute(Track.objects.all())
        transaction.set_rollback(True)
    return result


def test_the_same_seed_gives_the_same_data(reference_data):
    first, second, other = generate(2026), generate(2026), generate(7)
    assert first[1] == second[1] != other[1]
    counts, _fingerprint, kpis = first
    assert counts["tracks"] == 40 and counts["participants"] == 600
    assert 9_000 <= counts["follow_ups"] <= 11_000


def test_the_data_looks_like_the_source_documents(reference_data):
    with transaction.atomic():
        Generator(Size.scaled(0.05), 2026, TODAY, log=lambda line: None).run()
        kpis = compute(Track.objects.all())
        closed = Track.objects.filter(phase__in=[Phase.CLOSED, Phase.CANCELLED]).count()
        women = Participant.objects.filter(gender="woman").count() / Participant.objects.count()
        transaction.set_rollback(True)
    assert 0.4 <= kpis.share_to_work <= 0.6  # DUA: about half to work
    assert 0.1 <= kpis.share_to_studies <= 0.3  # and another fifth to studies
    assert closed / 200 > 0.7  # ten years, mostly closed
    assert 0.55 <= women <= 0.65  # 60 % women


def test_seed_scale_refuses_production_and_a_second_run(reference_data, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_scale", "--scale", "0.01")
    settings.DEBUG = True
    call_command("seed_scale", "--scale", "0.01", stdout=open("/dev/null", "w"))
    assert Participant.objects.filter(created_by__email__endswith=DOMAIN).count() == 600
    with pytest.raises(CommandError, match="already has"):
        call_command("seed_scale", "--scale", "0.01")
    call_command("seed_scale", "--if-missing", stdout=open("/dev/null", "w"))
