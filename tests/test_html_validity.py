"""The main pages are valid HTML, by the Nu HTML checker (vnu.jar from npm, run on Java)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

def on_track(name=None):
    def kwargs(world):
        return {"pk": world.track.pk, **({f"{name}_pk": world.objects[name].pk} if name else {})}

    return kwargs


PAGES = [
    # (persona or None for anonymous, URL name, kwargs from the world)
    (None, "login"),
    (None, "password_reset"),
    (None, "password_reset_done"),
    ("coordinator", "password_change"),
    ("coordinator", "notifications"),
    ("coordinator", "tracks:todo"),
    (None, "accessibility"),
    (None, "api:docs"),
    ("coordinator", "tracks:list"),
    ("coordinator", "tracks:create"),
    ("coordinator", "tracks:detail", on_track()),
    ("employer", "tracks:detail", on_track()),
    ("steering", "tracks:detail", on_track()),
    ("coordinator", "tracks:intervention_edit", on_track("intervention")),
    ("coordinator", "tracks:checklist_edit", on_track("item")),
    ("employer", "tracks:letter_sign", on_track("letter")),
    ("steering", "tracks:problem_decide", on_track("problem")),
    ("coordinator", "employers:profiles"),
    ("coordinator", "tracks:profile", on_track()),
    ("employer", "tracks:profile", on_track()),
    ("coordinator", "tracks:publications"),
    ("administrator", "tracks:publications"),
    ("coordinator", "tracks:to_map"),
    ("municipality_officer", "participants:competence_edit",
     lambda world: {"pk": world.objects["participant"].pk, "competence_pk": world.objects["competence"].pk}),
    ("coordinator", "tracks:candidates", on_track()),
    ("coordinator", "tracks:events", on_track()),
    ("coordinator", "tracks:follow_up", on_track("follow_up")),
    ("coordinator", "tracks:personal_chain", lambda world: {"pk": world.track.pk, "candidacy_pk": world.objects["enrolled"].pk}),
    ("coordinator", "tracks:outcome", lambda world: {"pk": world.track.pk, "candidacy_pk": world.objects["enrolled"].pk}),
    ("employer", "tracks:shortlist", lambda world: {"shortlist_pk": world.objects["shortlist"].pk}),
    ("municipality_officer", "tracks:nominate"),
    ("municipality_officer", "participants:list"),
    ("municipality_officer", "participants:create"),
    ("municipality_officer", "participants:import"),
    ("administrator", "employers:import"),
    ("administrator", "users:import"),
    ("municipality_officer", "participants:detail", lambda world: {"pk": world.objects["participant"].pk}),
    ("coordinator", "participants:history", lambda world: {"pk": world.objects["enrolled"].participant_id}),
    ("privacy_officer", "privacy:audit_log"),
    ("privacy_officer", "privacy:log_review"),
    ("privacy_officer", "privacy:subject_access"),
    ("privacy_officer", "privacy:retention"),
    ("administrator", "privacy:retention"),
    ("privacy_officer", "dashboard"),
    ("coordinator", "reports:list"),
    ("steering", "reports:list"),
    ("steering", "reports:followup"),
    ("coordinator", "reports:detail", lambda world: {"pk": world.objects["report"].pk}),
    ("coordinator", "reports:detail", lambda world: {"pk": world.objects["failed_report"].pk}),
    ("provider", "providers:modules"),
    ("provider", "providers:module_add"),
    ("provider", "providers:module", lambda world: {"pk": world.objects["module"].pk}),
    ("provider", "providers:module_edit", lambda world: {"pk": world.objects["module"].pk}),
    ("coordinator", "providers:module", lambda world: {"pk": world.objects["module"].pk}),
    ("coordinator", "tracks:catalogue", on_track()),
    ("coordinator", "tracks:chain", on_track()),
    ("provider", "tracks:learners"),
    ("provider", "tracks:learners_follow_up", lambda world: {"follow_up_pk": world.objects["meeting"].pk}),
    ("coordinator", "tracks:follow_up_book", on_track("follow_up")),
    ("provider", "tracks:learners_attendance", lambda world: {"pk": world.objects["provided"].pk}),
    ("provider", "tracks:learners_completion",
     lambda world: {"pk": world.objects["provided"].pk, "candidacy_pk": world.objects["learner"].pk}),
    ("coordinator", "calendar"),
    (None, "portal:login"),
    ("participant", "portal:home"),
    ("participant", "portal:track", lambda world: {"pk": world.objects["entry"].candidacy_id}),
    ("participant", "portal:meetings"),
    ("participant", "portal:tasks"),
    ("participant", "portal:skills"),
    ("participant", "portal:presentation"),
    ("participant", "portal:data"),
    ("coordinator", "tracks:participant_tasks",
     lambda world: {"pk": world.track.pk, "candidacy_pk": world.objects["entry"].candidacy_id}),
    *[
        (persona, "dashboard")
        for persona in (
            "coordinator", "municipality_officer", "af_officer", "employer", "steering", "provider", "administrator",
            "no_role",
        )
    ],
]


@pytest.mark.django_db
def test_main_pages_are_valid_html(client, world, tmp_path):
    java = shutil.which("java")
    assert java and VNU.exists(), "`make test` installs Java and vnu.jar (npm ci)"
    files = []
    for persona, url_name, *kwargs in PAGES:
        client.logout()
        if persona:
            client.force_login(world.user(persona))
        response = client.get(reverse(url_name, kwargs=kwargs[0](world) if kwargs else None))
        assert response.status_code == 200, (persona, url_name)
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
        assert "<" not in title and title.strip(), (url_name, title)  # no raw markup, never empty
        path = tmp_path / f"{persona or 'anonymous'}-{url_name.replace(':', '-')}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    # An invalid form's page too: the error summary and field errors.
    client.logout()
    response = client.post(reverse("login"), {"username": "not-an-address", "password": ""})
    (tmp_path / "login-errors.html").write_bytes(response.content)
    files.append(str(tmp_path / "login-errors.html"))
    # An import's preview: a row with errors and a row to import.
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .factories import valid_personnummer

    client.force_login(world.user("municipality_officer"))
    rows = (f"Förnamn;Efternamn;Personnummer;Kön;Utbildningsnivå\r\nAmina;Yusuf;{valid_personnummer()};Kvinna;Gymnasial"
            "\r\nBo;Berg;123;Man;Gymnasial\r\n")
    response = client.post(reverse("participants:import"), {"file": SimpleUploadedFile("rader.csv", rows.encode())})
    assert 'id="rejected"' in response.content.decode() and 'name="token"' in response.content.decode()
    (tmp_path / "import-preview.html").write_bytes(response.content)
    files.append(str(tmp_path / "import-preview.html"))

    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, timeout=180,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    problems = [f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert problems == []
