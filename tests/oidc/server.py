"""The tests' own OpenID Connect provider: tests/oidc/provider.mjs (the npm package oidc-provider) in
a process of its own on 127.0.0.1, started once per test session and stopped at its end. Not a
mock: discovery, the login form, codes, PKCE, signed id_tokens, JWKS and userinfo are the real
package's. Tests add the people it knows (`add_account`); identity providers in the database
point at it (`identity_provider`)."""

import json
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

SCRIPT = Path(__file__).with_name("provider.mjs")
ROOT = SCRIPT.parents[2]
STAFF_CLIENT = ("jobbspar-staff", "staff-secret-for-tests")
EID_CLIENT = ("jobbspar-eid", "eid-secret-for-tests")
SECRET_ENV = "JOBBSPAR_TEST_OIDC_SECRET"  # the staff client's secret, named by the provider row
STAFF_CALLBACK = "http://testserver/accounts/sso/callback/"
EID_CALLBACK = "http://testserver/mina-sidor/logga-in/e-legitimation/klar/"
PASSWORD = "provider-password"


@dataclass
class TestProvider:
    issuer: str
    accounts_file: Path

    def add_account(self, login, *, password=PASSWORD, **claims):
        accounts = json.loads(self.accounts_file.read_text())
        accounts[login] = {"password": password, "claims": {"sub": f"sub-{login}", **claims}}
        self.accounts_file.write_text(json.dumps(accounts))
        return accounts[login]["claims"]["sub"]


def _first_line(process, timeout):
    lines = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines[0] if lines else ""


@pytest.fixture(scope="session")
def oidc_server(tmp_path_factory):
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.fail("Node and the npm package oidc-provider are needed: `make test` runs npm ci.")
    folder = tmp_path_factory.mktemp("oidc")
    accounts = folder / "accounts.json"
    accounts.write_text("{}")
    config = folder / "config.json"
    config.write_text(json.dumps({"port": 0, "accounts": str(accounts), "clients": [
        {"client_id": STAFF_CLIENT[0], "client_secret": STAFF_CLIENT[1], "redirect_uris": [STAFF_CALLBACK]},
        {"client_id": EID_CLIENT[0], "client_secret": EID_CLIENT[1], "redirect_uris": [EID_CALLBACK]},
    ]}))
    process = subprocess.Popen([node, str(SCRIPT), str(config)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        line = _first_line(process, 30)
        if not line.startswith("listening "):
            pytest.fail(f"the test OIDC provider did not start: {line!r}")
        issuer = line.split()[1]
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the test OIDC provider's discovery does not answer")
            time.sleep(0.1)
        yield TestProvider(issuer, accounts)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def oidc_secret(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, STAFF_CLIENT[1])


def identity_provider(server, *, organisations=(), domains="", kind="organisation", **fields):
    """An IdentityProvider row for the test provider: the staff client (its secret from the
    environment) or the e-identification client (its secret kept in the row)."""
    from accounts.models import IdentityProvider

    if kind == IdentityProvider.Kind.E_IDENTIFICATION:
        defaults = {"name": "BankID (test)", "client_id": EID_CLIENT[0], "client_secret": EID_CLIENT[1],
                    "scopes": "openid https://id.oidc.se/scope/naturalPersonNumber"}
    else:
        defaults = {"name": "Kommunens inloggning", "client_id": STAFF_CLIENT[0], "client_secret_env": SECRET_ENV,
                    "scopes": "openid email profile groups"}
    provider = IdentityProvider.objects.create(kind=kind, issuer=server.issuer, email_domains=domains,
                                               **{**defaults, **fields})
    provider.organisations.set(organisations)
    return provider


def sign_in_at_provider(authorize_url, login, password=PASSWORD, *, stop="http://testserver/"):
    """What a person does at the provider, by HTTP: open its login form, post it, follow the
    redirects until the provider sends the browser back to `stop`. Returns that address."""
    http = requests.Session()
    response = http.get(authorize_url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if response.status_code not in (302, 303):
            break
        url = urljoin(response.url, response.headers["Location"])
        if url.startswith(stop):
            return url
        response = http.get(url, allow_redirects=False, timeout=10)
    assert response.status_code == 200, response.text[:300]
    action = urljoin(response.url, response.text.split('action="', 1)[1].split('"', 1)[0])
    response = http.post(action, data={"login": login, "password": password}, allow_redirects=False, timeout=10)
    for _ in range(10):
        assert response.status_code in (302, 303), response.text[:300]
        url = urljoin(response.url, response.headers["Location"])
        if url.startswith(stop):
            return url
        response = http.get(url, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")


__all__ = ["oidc_secret", "oidc_server", "identity_provider", "sign_in_at_provider"]
