"""There is no cluster here: render the manifests in deploy/ as kustomize would (the subset they
use: resources, labels, namespace, images, JSON patches), validate every document against the
Kubernetes schemas of a fixed version (kubernetes-validate ships them), and hold our own rules:
two or more web pods probed on /readyz and /healthz, exactly one beat, the migration before the
rollout, non-root on a read-only root file system, limits on every container, the network closed."""

import copy
import ipaddress
import re
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
KUBERNETES_VERSION = "1.31.0"
PLACEHOLDER = "CHANGE-ME"


def _pointer(path: str) -> list:
    return [part.replace("~1", "/").replace("~0", "~") for part in path.lstrip("/").split("/")]


def _apply_json_patch(document: dict, operations: list) -> None:
    for op in operations:
        *parents, last = _pointer(op["path"])
        target = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        key = int(last) if isinstance(target, list) and last != "-" else last
        assert op["op"] in ("add", "replace"), op
        if op["op"] == "replace":
            assert key in target if isinstance(target, dict) else key < len(target), f"nothing at {op['path']}"
            target[key] = op["value"]
        elif isinstance(target, list):
            target.append(op["value"]) if key == "-" else target.insert(key, op["value"])
        else:
            target[key] = op["value"]


def render(directory: Path) -> list[dict]:
    """The documents `kubectl apply -k directory` would send."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    unknown = set(kustomization) - {"apiVersion", "kind", "resources", "labels", "namespace", "images", "patches"}
    assert not unknown, f"the test renders no {unknown}"
    documents = []
    for resource in kustomization["resources"]:
        path = directory / resource
        if path.is_dir():
            documents += render(path)
        else:
            documents += [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    documents = copy.deepcopy(documents)
    for document in documents:
        for label in kustomization.get("labels", []):
            document["metadata"].setdefault("labels", {}).update(label["pairs"])
        if "namespace" in kustomization and document["kind"] != "Namespace":
            document["metadata"]["namespace"] = kustomization["namespace"]
        for image in kustomization.get("images", []):
            for container in containers(document):
                if container["image"].split(":")[0] == image["name"]:
                    container["image"] = f"{image.get('newName', image['name'])}:{image['newTag']}"
    for patch in kustomization.get("patches", []):
        matches = [d for d in documents if d["kind"] == patch["target"]["kind"]
                   and d["metadata"]["name"] == patch["target"]["name"]]
        assert len(matches) == 1, patch["target"]
        _apply_json_patch(matches[0], yaml.safe_load(patch["patch"]))
    return documents


def pod_spec(document: dict) -> dict | None:
    kind = document["kind"]
    if kind in ("Deployment", "Job"):
        return document["spec"]["template"]["spec"]
    if kind == "CronJob":
        return document["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return None


def containers(document: dict, init=True) -> list[dict]:
    spec = pod_spec(document)
    if spec is None:
        return []
    return spec["containers"] + (spec.get("initContainers", []) if init else [])


BASE = render(DEPLOY / "base")
OVERLAY = render(DEPLOY / "overlays" / "example")


def one(documents, kind, name):
    found = [d for d in documents if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(found) == 1, (kind, name, len(found))
    return found[0]


def app_container(documents, name):
    return one(documents, "Deployment", name)["spec"]["template"]["spec"]["containers"][0]


@pytest.mark.parametrize("rendered", [BASE, OVERLAY], ids=["base", "example-overlay"])
def test_every_manifest_is_valid_kubernetes(rendered):
    errors = []
    for document in rendered:
        try:
            kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            errors.append(f"{document['kind']}/{document['metadata']['name']}: {error.message} at {list(error.path)}")
    assert errors == []


def test_a_broken_manifest_fails_validation():
    """The validator is not a formality: a misspelt field and a wrong type are caught."""
    web = copy.deepcopy(one(BASE, "Deployment", "jobbspar-web"))
    web["spec"]["replica"] = 2
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)
    web = copy.deepcopy(one(BASE, "Deployment", "jobbspar-web"))
    web["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "eight thousand"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSION, strict=True)


def test_the_deployment_has_its_parts():
    kinds = sorted((d["kind"], d["metadata"]["name"]) for d in BASE)
    assert kinds == sorted([
        ("ConfigMap", "jobbspar-config"), ("Secret", "jobbspar-secrets"),
        ("PersistentVolumeClaim", "jobbspar-media"), ("PersistentVolumeClaim", "jobbspar-backups"),
        ("Job", "jobbspar-migrate"),
        ("Deployment", "jobbspar-web"), ("Service", "jobbspar-web"),
        ("HorizontalPodAutoscaler", "jobbspar-web"), ("PodDisruptionBudget", "jobbspar-web"),
        ("Deployment", "jobbspar-worker"), ("PodDisruptionBudget", "jobbspar-worker"),
        ("Deployment", "jobbspar-beat"),
        ("CronJob", "jobbspar-clearsessions"), ("CronJob", "jobbspar-backup"),
        ("Ingress", "jobbspar"),
        ("NetworkPolicy", "jobbspar-default-deny"), ("NetworkPolicy", "jobbspar-web-ingress"),
        ("NetworkPolicy", "jobbspar-to-db-and-redis"), ("NetworkPolicy", "jobbspar-external-egress"),
        ("NetworkPolicy", "db-and-redis-from-jobbspar"),
    ])


def test_the_web_runs_two_or_more_probed_pods_that_scale():
    web = one(BASE, "Deployment", "jobbspar-web")
    assert web["spec"]["replicas"] >= 2
    assert web["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    container = app_container(BASE, "jobbspar-web")
    assert container["command"][0] == "gunicorn"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    hpa = one(BASE, "HorizontalPodAutoscaler", "jobbspar-web")
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "jobbspar-web"}
    assert 2 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
    pdb = one(BASE, "PodDisruptionBudget", "jobbspar-web")
    assert pdb["spec"]["minAvailable"] == 1
    assert pdb["spec"]["selector"]["matchLabels"] == web["spec"]["selector"]["matchLabels"]
    service = one(BASE, "Service", "jobbspar-web")
    assert service["spec"]["selector"] == web["spec"]["selector"]["matchLabels"]


def test_the_probes_reach_django_by_the_pods_address():
    """The kubelet asks for /readyz at the pod's IP address: the pod adds it to ALLOWED_HOSTS."""
    env = {e["name"]: e for e in app_container(BASE, "jobbspar-web")["env"]}
    assert env["POD_IP"]["valueFrom"] == {"fieldRef": {"fieldPath": "status.podIP"}}
    assert env["ALLOWED_HOSTS"]["value"] == "$(ALLOWED_HOSTS),$(POD_IP)"


def test_the_worker_is_alive_when_celery_answers_its_ping():
    container = app_container(BASE, "jobbspar-worker")
    assert container["command"][:4] == ["celery", "-A", "jobbspar", "worker"]
    assert "inspect ping --destination celery@$HOSTNAME" in container["livenessProbe"]["exec"]["command"][-1]


def test_exactly_one_beat_and_never_two_at_once():
    beat = one(BASE, "Deployment", "jobbspar-beat")
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    assert app_container(BASE, "jobbspar-beat")["command"][:4] == ["celery", "-A", "jobbspar", "beat"]
    scaled = [d["spec"]["scaleTargetRef"]["name"] for d in BASE if d["kind"] == "HorizontalPodAutoscaler"]
    assert scaled == ["jobbspar-web"]


def test_the_schema_is_migrated_before_new_code_runs():
    job = one(BASE, "Job", "jobbspar-migrate")
    assert pod_spec(job)["containers"][0]["command"] == ["python", "manage.py", "migrate", "--no-input"]
    for name in ("jobbspar-web", "jobbspar-worker", "jobbspar-beat"):
        spec = pod_spec(one(BASE, "Deployment", name))
        [init] = spec["initContainers"]
        assert "manage.py migrate --check" in init["command"][-1], name
        assert init["image"] == spec["containers"][0]["image"]


def test_every_pod_runs_unprivileged_on_a_read_only_root():
    pods = [d for d in BASE if pod_spec(d) is not None]
    assert len(pods) == 6
    for document in pods:
        spec = pod_spec(document)
        name = document["metadata"]["name"]
        assert spec["securityContext"]["runAsNonRoot"] is True, name
        assert spec["securityContext"]["runAsUser"] == 1000, name  # the Dockerfile's jobbspar user
        assert spec["automountServiceAccountToken"] is False, name
        volumes = {v["name"]: v for v in spec["volumes"]}
        assert "emptyDir" in volumes["tmp"], name
        for container in containers(document):
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, (name, container["name"])
            assert context["allowPrivilegeEscalation"] is False, (name, container["name"])
            assert context["capabilities"]["drop"] == ["ALL"], (name, container["name"])
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert mounts["/tmp"] == "tmp", (name, container["name"])


def test_the_report_files_are_on_a_shared_volume_where_the_app_writes():
    for name in ("jobbspar-web", "jobbspar-worker"):
        spec = pod_spec(one(BASE, "Deployment", name))
        volumes = {v["name"]: v for v in spec["volumes"]}
        mounts = {m["mountPath"]: m["name"] for m in spec["containers"][0]["volumeMounts"]}
        assert volumes[mounts["/app/var/media"]]["persistentVolumeClaim"] == {"claimName": "jobbspar-media"}
    assert one(BASE, "PersistentVolumeClaim", "jobbspar-media")["spec"]["accessModes"] == ["ReadWriteMany"]
    assert one(BASE, "ConfigMap", "jobbspar-config")["data"]["MEDIA_ROOT"] == "/app/var/media"


def _quantity(value: str) -> float:
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    match = re.fullmatch(r"([\d.]+)(m|Ki|Mi|Gi)?", str(value))
    return float(match.group(1)) * units.get(match.group(2), 1)


def test_every_container_has_requests_and_limits():
    for document in BASE:
        for container in containers(document):
            resources = container["resources"]
            where = (document["metadata"]["name"], container["name"])
            for kind in ("cpu", "memory"):
                assert _quantity(resources["requests"][kind]) <= _quantity(resources["limits"][kind]), where


def test_the_nightly_jobs_back_up_and_clear_sessions_once_at_a_time():
    backup = one(BASE, "CronJob", "jobbspar-backup")
    assert pod_spec(backup)["containers"][0]["command"][0] == "bin/backup"
    assert (ROOT / "bin" / "backup").exists()
    clear = one(BASE, "CronJob", "jobbspar-clearsessions")
    assert pod_spec(clear)["containers"][0]["command"] == ["python", "manage.py", "clearsessions"]
    for cronjob in (backup, clear):
        assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
        assert cronjob["spec"]["timeZone"] == "Europe/Stockholm"


def test_the_web_takes_traffic_from_the_ingress_and_prometheus_only():
    policies = [d for d in BASE if d["kind"] == "NetworkPolicy"]
    deny = one(BASE, "NetworkPolicy", "jobbspar-default-deny")
    assert deny["spec"]["podSelector"] == {"matchLabels": {"app.kubernetes.io/name": "jobbspar"}}
    assert deny["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]
    # The only rule that lets anything in to Jobbspår's pods is the web's, on gunicorn's port.
    letting_in = [p["metadata"]["name"] for p in policies if p["spec"].get("ingress")
                  and p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name") == "jobbspar"]
    assert letting_in == ["jobbspar-web-ingress"]
    [rule] = one(BASE, "NetworkPolicy", "jobbspar-web-ingress")["spec"]["ingress"]
    assert rule["ports"] == [{"protocol": "TCP", "port": 8000}]
    assert sorted(peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for peer in rule["from"]) == [
        "ingress-nginx", "prometheus"]


def test_the_pods_reach_the_database_redis_and_nothing_private_else():
    egress = one(BASE, "NetworkPolicy", "jobbspar-to-db-and-redis")["spec"]["egress"]
    assert [(rule["to"][0]["podSelector"]["matchLabels"], rule["ports"][0]["port"]) for rule in egress] == [
        ({"app.kubernetes.io/name": "postgresql"}, 5432),
        ({"app.kubernetes.io/name": "redis"}, 6379),
        ({"k8s-app": "kube-dns"}, 53),
    ]
    [outside] = one(BASE, "NetworkPolicy", "jobbspar-external-egress")["spec"]["egress"]
    block = outside["to"][0]["ipBlock"]
    for private in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"):
        assert private in block["except"]
    assert sorted(port["port"] for port in outside["ports"]) == [443, 465, 587]
    inward = one(BASE, "NetworkPolicy", "db-and-redis-from-jobbspar")["spec"]["ingress"]
    assert inward[0]["from"] == [{"podSelector": {"matchLabels": {"app.kubernetes.io/name": "jobbspar"}}}]


def _readme_variables() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    names = set()
    for row in rows:
        first, *rest = row.strip("|").split("|")
        names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", first))
        names |= set(re.findall(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+)`", "|".join(rest)))  # e.g. REPORTS_S3_BUCKET
    return names


def test_every_documented_variable_is_configured():
    documented = _readme_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "LOG_FORMAT", "SENTRY_DSN", "METRICS_ALLOWED_CIDRS"} <= documented
    config = set(one(BASE, "ConfigMap", "jobbspar-config")["data"])
    secret = set(one(BASE, "Secret", "jobbspar-secrets")["stringData"])
    web_env = {e["name"] for e in app_container(BASE, "jobbspar-web")["env"]}
    assert sorted(documented - config - secret - web_env) == []
    assert config & secret == set()
    for name in ("jobbspar-web", "jobbspar-worker", "jobbspar-beat"):
        sources = app_container(BASE, name)["envFrom"]
        assert sources == [{"configMapRef": {"name": "jobbspar-config"}}, {"secretRef": {"name": "jobbspar-secrets"}}]


def test_the_secret_holds_only_placeholders():
    secret = one(BASE, "Secret", "jobbspar-secrets")
    assert "data" not in secret
    for name, value in secret["stringData"].items():
        assert value == "" or PLACEHOLDER in value, name
    assert secret["stringData"]["SENTRY_DSN"] == ""  # nothing is reported unless someone asks


def test_the_config_is_production():
    from django.conf import settings

    config = one(BASE, "ConfigMap", "jobbspar-config")["data"]
    secret = one(BASE, "Secret", "jobbspar-secrets")["stringData"]
    environment = {**config, **secret}
    assert [v for v in settings.PRODUCTION_REQUIRED_ENV if not environment.get(v)] == []
    assert config["DEBUG"] == "false"
    assert config["SITE_URL"].startswith("https://")
    assert config["LOG_FORMAT"] == "json"
    for cidr in config["METRICS_ALLOWED_CIDRS"].split(","):
        assert ipaddress.ip_network(cidr).is_private, cidr


def test_the_ingress_serves_the_site_over_tls_to_the_web():
    ingress = one(BASE, "Ingress", "jobbspar")
    [rule] = ingress["spec"]["rules"]
    assert ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]
    assert [p["backend"]["service"]["name"] for p in rule["http"]["paths"]] == ["jobbspar-web"]
    config = one(BASE, "ConfigMap", "jobbspar-config")["data"]
    assert config["ALLOWED_HOSTS"].split(",") == [rule["host"]]


def test_the_example_overlay_names_namespace_image_and_host():
    assert {d["metadata"].get("namespace") for d in OVERLAY if d["kind"] != "Namespace"} == {"jobbspar"}
    images = {c["image"] for d in OVERLAY for c in containers(d)}
    assert images == {"registry.example.se/jobbspar:2026.12.1"}
    host = one(OVERLAY, "Ingress", "jobbspar")["spec"]["rules"][0]["host"]
    assert one(OVERLAY, "ConfigMap", "jobbspar-config")["data"]["ALLOWED_HOSTS"] == host
    assert one(OVERLAY, "ConfigMap", "jobbspar-config")["data"]["SITE_URL"] == f"https://{host}"
    namespace = one(OVERLAY, "Namespace", "jobbspar")
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    # The base is unchanged by rendering the overlay.
    assert one(BASE, "Ingress", "jobbspar")["spec"]["rules"][0]["host"] == "jobbspar.example.se"


def test_the_image_runs_as_the_user_the_pods_expect():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "useradd --system --uid 1000 jobbspar" in dockerfile
    assert "USER jobbspar" in dockerfile
    assert "postgresql-client" in dockerfile  # bin/backup's pg_dump
