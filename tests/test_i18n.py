import re
import socket
from pathlib import Path

import pytest
from django.urls import reverse
from pytest_socket import SocketConnectBlockedError

PO = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def po_entries():
    """(msgid, msgstr, flags) for every entry but the header, read without a third-party parser."""
    entries, flags, current = [], "", {}
    key = None
    for line in PO.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#,"):
            flags = line
        elif line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
            key, _, rest = line.partition(" ")
            current[key] = current.get(key, "") + rest.strip()[1:-1]
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        elif not line.strip() and current:
            if current.get("msgid"):
                strs = [v for k, v in current.items() if k.startswith("msgstr")]
                entries.append((current["msgid"], strs, flags))
            flags, current, key = "", {}, None
    return entries


def test_every_string_has_a_swedish_translation():
    entries = po_entries()
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs, _ in entries if not all(strs)]
    fuzzy = [msgid for msgid, _, flags in entries if "fuzzy" in flags]
    assert (untranslated, fuzzy) == ([], [])


def test_swedish_translations_keep_their_placeholders():
    wrong = [
        msgid for msgid, strs, _ in entries_with_placeholders() if any(placeholders(s) != placeholders(msgid) for s in strs)
    ]
    assert wrong == []


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)s|%s|%d", text))


def entries_with_placeholders():
    return [e for e in po_entries() if placeholders(e[0])]


@pytest.mark.django_db
def test_swedish_is_the_default_and_english_can_be_chosen(client):
    assert '<html lang="sv">' in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "<h1>Log in to Jobbspår</h1>" in page


def test_tests_cannot_reach_the_network():
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


@pytest.mark.django_db
def test_browser_language_does_not_override_swedish(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in page


def test_employers_are_addressed_as_ni_never_du():
    """One form of address per audience: an employer is an organisation, addressed "ni"."""
    import re

    import polib

    po = polib.pofile(str(Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"))
    employer_pages = ("employer_representative.html", "shortlist.html", "letter_sign.html", "_letter_text.html")
    du = [e.msgstr or " ".join(e.msgstr_plural.values()) for e in po
          if any(any(page in where for page in employer_pages) for where, _line in e.occurrences)
          and re.search(r"\b([Dd]u|[Dd]in|[Dd]ina|[Dd]itt|[Dd]ig)\b", e.msgstr or " ".join(e.msgstr_plural.values()))]
    assert du == []
