"""There is no Docker engine here: check that the compose file parses, describes the production
deployment, and gives every service the variables production settings require — and that those
settings pass Django's deployment checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
APP_SERVICES = ["migrate", "web", "worker", "beat"]
TEST_SECRETS = {
    "SECRET_KEY": "k7#Qw9!zR2@vL5$mN8^pX3&cT6*bY1(dF4)gH0_jK-sA2+eW-test-only-u8Zq",
    "POSTGRES_PASSWORD": "pg-secret",
    "ALLOWED_HOSTS": "jobbspar.example.se",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.se:587",
    "SITE_URL": "https://jobbspar.example.se",
}


def interpolate(value, variables):
    """Compose's ${X}, ${X:-default} and ${X:?error}, enough for this file."""

    def replace(match):
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if variables.get(name):
            return variables[name]
        assert op != ":?", f"{name} is required: {arg}"
        return arg or ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", replace, str(value))


def service_environment(name, variables=TEST_SECRETS):
    return {key: interpolate(value, variables) for key, value in COMPOSE["services"][name]["environment"].items()}


def test_compose_has_the_production_services():
    assert set(COMPOSE["services"]) == {"postgres", "redis", *APP_SERVICES}
    assert COMPOSE["services"]["web"]["command"][0] == "gunicorn"
    assert COMPOSE["services"]["worker"]["command"][:4] == ["celery", "-A", "jobbspar", "worker"]
    assert COMPOSE["services"]["beat"]["command"][:4] == ["celery", "-A", "jobbspar", "beat"]


def test_compose_sets_every_variable_production_requires():
    for name in APP_SERVICES:
        environment = service_environment(name)
        missing = [v for v in settings.PRODUCTION_REQUIRED_ENV if not environment.get(v)]
        assert (name, missing) == (name, [])
        assert environment["DEBUG"] == "false"
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")


def test_compose_refuses_to_start_without_secrets():
    for secret in ("SECRET_KEY", "POSTGRES_PASSWORD", "ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL"):
        variables = {k: v for k, v in TEST_SECRETS.items() if k != secret}
        try:
            service_environment("web", variables)
        except AssertionError as error:
            assert secret in str(error)
        else:
            raise AssertionError(f"compose would start without {secret}")


def run_manage(args, environment):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check():
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], service_environment("web"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_a_missing_secret_key():
    environment = {k: v for k, v in service_environment("web").items() if k != "SECRET_KEY"}
    result = run_manage(["check"], environment)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_dockerfile_runs_gunicorn_as_unprivileged_user():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "USER jobbspar" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
