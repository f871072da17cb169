"""A cluster on this one machine, behind `make cluster` (and `make cluster-test`, jobbspar/cluster_test.py):
PostgreSQL, Redis, two gunicorn web nodes on ports of their own behind HAProxy (which checks each
node's /readyz and sends a GET a node could not answer to the other), two Celery workers and one
beat — all on 127.0.0.1, all in var/cluster/, all stopped when this process ends.

- PostgreSQL: the database jobbspar_cluster on the local server (127.0.0.1:5432), else a private
  server in var/cluster/pg; CLUSTER_DATABASE_URL names another. Its data: the scale data set at
  scale 0.02 (80 tracks, 1,200 participants, their people), made once (seed_scale --if-missing).
- Redis: databases 11 (broker) and 12 (cache and sessions) of the local server at 127.0.0.1:6379,
  emptied at each start (no other database is touched), else a private server on port 16379.
- Each process runs in a session of its own, so a node or a worker is killed whole (its gunicorn
  or Celery pool processes with it), as when its machine dies; each also dies if this process dies.
- With two or more cores, node 1 runs on the first core and node 2 on the second, as on machines
  of their own: that is what the throughput with one node and with two compares."""

import ctypes
import http.client
import os
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "cluster"
PYTHON = sys.executable
LB_PORT = 18100
NODE_PORTS = {"node1": 18101, "node2": 18102}
WORKERS = ("worker1", "worker2")
BROKER_DB, CACHE_DB = 11, 12
PRIVATE_PG_PORT, PRIVATE_REDIS_PORT = 54330, 16379
DATABASE = "jobbspar_cluster"
SCALE = "0.02"


def port_open(port, host="127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _die_with_parent():
    """In the child before exec: a session of its own, and SIGKILL when the cluster's process dies."""
    os.setsid()
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def balancer_config(admin_socket) -> str:
    """HAProxy's configuration (bin/cluster-haproxy.cfg) for the two nodes."""
    template = string.Template((ROOT / "bin" / "cluster-haproxy.cfg").read_text())
    servers = "\n".join(f"    server {name} 127.0.0.1:{port} check" for name, port in NODE_PORTS.items())
    return template.substitute(socket=admin_socket, lb_port=LB_PORT, servers=servers)


@dataclass
class Service:
    name: str
    command: list
    process: subprocess.Popen | None = None
    cpu: int | None = None
    log: Path = field(default=None)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


class Cluster:
    def __init__(self, *, fast_beat=False, node_workers=2, node_threads=2, log=print):
        self.fast_beat, self.node_workers, self.node_threads, self.log = fast_beat, node_workers, node_threads, log
        self.services: dict[str, Service] = {}
        self.private_pg = None
        self.env: dict[str, str] = {}

    # --- Where its data lives ------------------------------------------------------------------

    def database_url(self) -> str:
        if os.environ.get("CLUSTER_DATABASE_URL"):
            return os.environ["CLUSTER_DATABASE_URL"]
        port = 5432 if port_open(5432) else PRIVATE_PG_PORT
        if port == PRIVATE_PG_PORT:
            self._start_private_postgres()
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
        return f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"

    def _start_private_postgres(self):
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise SystemExit("No PostgreSQL: run `make cluster-deps` (it installs postgresql), or start one on 127.0.0.1:5432.")
        pgbin, data = bins[-1], VAR / "pg"
        as_postgres = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            subprocess.run(["id", "postgres"], capture_output=True).returncode == 0 or \
                subprocess.run(["useradd", "--system", "postgres"], check=True)
            as_postgres = ["runuser", "-u", "postgres", "--"]
            VAR.mkdir(parents=True, exist_ok=True)
            shutil.chown(VAR, "postgres")
        if not data.exists():
            subprocess.run([*as_postgres, str(pgbin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                            "-E", "UTF8"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*as_postgres, str(pgbin / "pg_ctl"), "-D", str(data), "-o",
                        f"-p {PRIVATE_PG_PORT} -k /tmp -h 127.0.0.1", "-l", str(VAR / "pg.log"), "-w", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        self.private_pg = [*as_postgres, str(pgbin / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]

    def redis_port(self) -> int:
        if port_open(6379):
            return 6379
        if not shutil.which("redis-server"):
            raise SystemExit("No Redis: run `make cluster-deps` (it installs redis-server), or start one on 127.0.0.1:6379.")
        self._start("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(PRIVATE_REDIS_PORT), "--save", "",
                              "--appendonly", "no"])
        self._wait(lambda: port_open(PRIVATE_REDIS_PORT), "redis", 20)
        return PRIVATE_REDIS_PORT

    def configure(self) -> dict:
        """The environment every process of the cluster runs with (set in this process too)."""
        VAR.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(VAR / "logs", ignore_errors=True)
        redis = self.redis_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        env.update({
            "DJANGO_SETTINGS_MODULE": "jobbspar.cluster_settings",
            "DEBUG": "false", "SECRET_KEY": "cluster-" + secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "false", "SITE_URL": "https://127.0.0.1",
            "ALLOW_NO_EMAIL": "true", "EMAIL_URL": "consolemail://",
            "DATABASE_URL": self.database_url(),
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis}/{BROKER_DB}",
            "REDIS_URL": f"redis://127.0.0.1:{redis}/{CACHE_DB}",
            "MEDIA_ROOT": str(VAR / "media"), "STATIC_ROOT": str(VAR / "static"), "CLUSTER_MAIL_DIR": str(VAR / "mail"),
            # A killed worker's report is queued again after 15 s of silence, looked for every 5 s.
            "REPORT_STALE_SECONDS": "15", "REPORT_SWEEP_INTERVAL_SECONDS": "5", "HEARTBEAT_INTERVAL_SECONDS": "5",
            "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
        })
        if self.fast_beat:
            env["CLUSTER_FAST_BEAT"] = "true"
        self.env = env
        os.environ.update(env)
        for name in [k for k in os.environ if k.startswith("PYTEST")]:
            del os.environ[name]
        return env

    def prepare(self):
        """Migrate, make the data set once, collect the static files; then an empty broker and cache."""
        debug = {**self.env, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "jobbspar.settings"}
        self.log(f"Database {self.env['DATABASE_URL']}: migrating, making the data set if missing…")
        for command in (["migrate", "--no-input", "-v", "0"], ["seed_scale", "--scale", SCALE, "--if-missing"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=debug, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=self.env, check=True)
        import redis

        for url in (self.env["CELERY_BROKER_URL"], self.env["REDIS_URL"]):
            redis.Redis.from_url(url).flushdb()
        for folder in ("mail", "media"):
            shutil.rmtree(VAR / folder, ignore_errors=True)
            (VAR / folder).mkdir(parents=True)
        for schedule in VAR.glob("beat*"):
            schedule.unlink()

    # --- Its processes ------------------------------------------------------------------------

    def _start(self, name, command, cpu=None):
        log = VAR / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        service = Service(name, command, cpu=cpu, log=log)

        def before_exec():
            _die_with_parent()
            if cpu is not None:
                os.sched_setaffinity(0, {cpu})

        with log.open("ab") as out:
            service.process = subprocess.Popen(command, cwd=ROOT, env=self.env or None, stdout=out, stderr=subprocess.STDOUT,
                                               stdin=subprocess.DEVNULL, preexec_fn=before_exec)
        self.services[name] = service
        return service

    def _wait(self, ready, what, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if ready():
                return
            if down := [s.name for s in self.services.values() if not s.running]:
                raise RuntimeError(f"{', '.join(down)} stopped (see {VAR / 'logs'})")
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not get ready in {seconds} s (see {VAR / 'logs'})")

    def start_node(self, name):
        port = NODE_PORTS[name]
        cpus = sorted(os.sched_getaffinity(0))
        cpu = cpus[list(NODE_PORTS).index(name) % len(cpus)] if len(cpus) >= 2 else None
        self._start(name, [PYTHON, "-m", "gunicorn", "jobbspar.wsgi:application", "--bind", f"127.0.0.1:{port}",
                           "--workers", str(self.node_workers), "--threads", str(self.node_threads), "--backlog", "256",
                           "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning"], cpu=cpu)

    def node_ready(self, name) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", NODE_PORTS[name], timeout=2)
            conn.request("GET", "/readyz", headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
            return conn.getresponse().status == 200
        except OSError:
            return False

    def start_worker(self, name):
        self._start(name, [PYTHON, "-m", "celery", "-A", "jobbspar", "worker", "-n", f"{name}@%h", "--concurrency", "1",
                           "--without-gossip", "--without-mingle", "--loglevel", "INFO"])

    def worker_ready(self, name) -> bool:
        return b" ready." in self.services[name].log.read_bytes()

    def start_beat(self, name="beat"):
        self._start(name, [PYTHON, "-m", "celery", "-A", "jobbspar", "beat", "-s", str(VAR / f"{name}-schedule"),
                           "--pidfile", str(VAR / f"{name}.pid"), "--loglevel", "INFO"])

    def start_balancer(self):
        config = VAR / "haproxy.cfg"
        config.write_text(balancer_config(VAR / "haproxy.sock"))
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(haproxy).exists():
            raise SystemExit("No HAProxy: run `make cluster-deps` (it installs haproxy).")
        self._start("haproxy", [haproxy, "-f", str(config), "-db"])

    def balancer(self, command: str) -> str:
        """A command to HAProxy's admin socket (`show stat`, `disable server web/node2`, …)."""
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(5)
            s.connect(str(VAR / "haproxy.sock"))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def servers_up(self) -> dict:
        try:
            lines = self.balancer("show stat").splitlines()
        except OSError:
            return {}
        header = lines[0].lstrip("# ").split(",")
        rows = [dict(zip(header, line.split(","))) for line in lines[1:] if line]
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == "web" and r["svname"] in NODE_PORTS}

    def start(self):
        for name in NODE_PORTS:
            self.start_node(name)
        for name in WORKERS:
            self.start_worker(name)
        self.start_beat("beat")
        self.start_balancer()
        for name in NODE_PORTS:
            self._wait(lambda: self.node_ready(name), name, 90)
        for name in WORKERS:
            self._wait(lambda: self.worker_ready(name), name, 90)
        self._wait(lambda: set(self.servers_up().values()) == {"UP"}, "the balancer's view of both nodes", 30)
        self.log(f"Cluster up: http://127.0.0.1:{LB_PORT}/ → nodes {', '.join(f'127.0.0.1:{p}' for p in NODE_PORTS.values())}; "
                 f"{', '.join(WORKERS)}, beat; logs in {VAR / 'logs'}")

    def kill(self, name):
        """SIGKILL to the whole service: the gunicorn arbiter or Celery's main process and its children."""
        service = self.services[name]
        os.killpg(service.process.pid, signal.SIGKILL)
        service.process.wait(timeout=10)

    def stop(self):
        for service in reversed(list(self.services.values())):
            if service.process is not None and service.process.poll() is None:
                try:
                    os.killpg(service.process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for service in reversed(list(self.services.values())):
            if service.process is None:
                continue
            try:
                service.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            try:  # whatever is left of it, pool processes included
                os.killpg(service.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            service.process.wait()
        self.services.clear()
        if self.private_pg:
            subprocess.run(self.private_pg, stdout=subprocess.DEVNULL)
            self.private_pg = None


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="The loopback cluster: HAProxy, two web nodes, two workers, beat.")
    parser.add_argument("--seconds", type=int, default=3600, help="stop by itself after this long (default an hour)")
    args = parser.parse_args(argv)
    cluster = Cluster()
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    try:
        cluster.configure()
        cluster.prepare()
        cluster.start()
        print(f"Log in at http://127.0.0.1:{LB_PORT}/accounts/login/ as e.g. styrgrupp.0180@skala.jobbspar.example or "
              f"koordinator… users of the scale data set, password jobbspar-bench (see README, Cluster). "
              f"Ctrl-C stops it (by itself after {args.seconds} s).", flush=True)
        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            down = [s.name for s in cluster.services.values() if not s.running]
            if down:
                print(f"Stopped by itself: {', '.join(down)} (see {VAR / 'logs'}); stopping the rest.")
                return 1
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping the cluster…", flush=True)
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
