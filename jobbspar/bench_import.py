"""The import's benchmark row (`make bench`, and `manage.py bench --import-only`): 2,000 generated
participants uploaded, previewed and confirmed by a municipality officer through the pages, in a
transaction that is rolled back so the data set stays as it was. Target: ≤ 10 s in all."""

import csv
import io
import re
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from stdnum import luhn

from .bench import second_factor

HEADERS = ["Förnamn", "Efternamn", "Personnummer", "Kön", "Utbildningsnivå", "Svensknivå",
           "Inskriven på Arbetsförmedlingen", "Kommunkod", "Målgrupper", "Körkort"]


def numbers(count: int) -> list[str]:
    """Valid personnummer that nobody in the database has: born 1951–1999, serials from 900."""
    from participants.models import Participant

    found, n = [], 0
    while len(found) < count:
        batch = []
        for _ in range(count * 2):
            year, month, day, serial = 1951 + n % 49, 1 + (n // 49) % 12, 1 + (n // 588) % 28, 900 + (n // 16464) % 99
            base = f"{year % 100:02d}{month:02d}{day:02d}{serial:03d}"
            batch.append(f"{year // 100}{base}{luhn.calc_check_digit(base)}")
            n += 1
        taken = set(Participant.objects.filter(personnummer__in=batch).values_list("personnummer", flat=True))
        found += [b for b in batch if b not in taken and b not in found]
    return found[:count]


def generated_file(count: int, municipality: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    for i, number in enumerate(numbers(count)):
        writer.writerow([f"Förnamn{i}", f"Efternamn{i}", number, ("Kvinna", "Man")[i % 2], "Gymnasial", "SFI kurs C",
                         "ja" if i % 3 else "nej", municipality, "Nyanlända" if i % 4 == 0 else "", "B" if i % 5 == 0 else ""])
    return ("\ufeff" + out.getvalue()).encode()


def import_seconds(user, rows: int = 2000) -> dict:
    membership = user.memberships.select_related("organisation").first()
    body = generated_file(rows, membership.organisation.municipality_id)
    client = Client()
    client.force_login(user)
    second_factor(client, user)
    with transaction.atomic():
        started = time.perf_counter()
        preview = client.post(reverse("participants:import"), {"file": SimpleUploadedFile("deltagare.csv", body)})
        previewed = time.perf_counter()
        token = re.search(r'name="token" value="([^"]+)"', preview.content.decode()).group(1)
        confirmed = client.post(reverse("participants:import_confirm"), {"token": token})
        done = time.perf_counter()
        if confirmed.status_code != 302:
            raise RuntimeError(f"the import was not confirmed: {confirmed.status_code}")
        transaction.set_rollback(True)
    return {"rows": rows, "bytes": len(body), "preview_s": round(previewed - started, 2),
            "confirm_s": round(done - previewed, 2), "total_s": round(done - started, 2)}
