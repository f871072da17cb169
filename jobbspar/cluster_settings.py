"""Settings of the loopback cluster (`make cluster`, jobbspar/cluster.py): the production settings,
read from the environment the cluster sets, with two differences that only a test of the whole
cluster wants:

- e-mail goes to one file per message in CLUSTER_MAIL_DIR (jobbspar.cluster_mail), so the test
  can count what every web node and worker sent;
- with CLUSTER_FAST_BEAT set, beat sends the reminder, shortlist, digest and report-sweep jobs
  every few seconds instead of once a day or hour, so a run of a minute sees many of them — and a
  second beat started by mistake sends each of them twice."""

from .settings import *  # noqa: F403

EMAIL_BACKEND = "jobbspar.cluster_mail.EmailBackend"
CLUSTER_MAIL_DIR = env.str("CLUSTER_MAIL_DIR", default=str(VAR_DIR / "cluster" / "mail"))  # noqa: F405

if env.bool("CLUSTER_FAST_BEAT", default=False):  # noqa: F405
    _every = env.float("CLUSTER_BEAT_SECONDS", default=3.0)  # noqa: F405
    CELERY_BEAT_SCHEDULE = {
        **CELERY_BEAT_SCHEDULE,  # noqa: F405
        "reminders": {"task": "tracks.tasks.run_reminders", "schedule": _every},
        "shortlists": {"task": "tracks.tasks.check_shortlists", "schedule": _every * 2},
        "digests": {"task": "tracks.tasks.send_digests", "schedule": _every * 3},
    }
