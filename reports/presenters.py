"""KPIs shaped for a reader: labels in the reader's language, charts and the rows of their tables.
Pages, PDFs and spreadsheets all take their rows from here, and their numbers from `kpis`."""

from django.utils.translation import gettext_lazy as _

from employers.models import Employer
from participants.models import Participant, TargetGroup
from tracks.models import Outcome, Phase

from .charts import bar_chart, percent
from .kpis import DUA_REFERENCE, Kpis

STEP_LABELS = {
    "nominated": _("Nominated"),
    "shortlisted": _("On a shortlist"),
    "approved": _("Approved by the employer"),
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "work": _("To work"),
}
SPLIT_TITLES = {
    "gender": _("By gender"),
    "education": _("By education level"),
    "target_group": _("By target group"),
    "municipality": _("By home municipality"),
    "employer_size": _("By the employer's size"),
    "employer_sector": _("By the employer's sector"),
}
SPLIT_LABELS = {
    "gender": dict(Participant.Gender.choices),
    "education": dict(Participant.Education.choices),
    "target_group": dict(TargetGroup.choices),
    "employer_size": dict(Employer.SizeBand.choices),
    "employer_sector": dict(Employer.Sector.choices),
}
NOT_STATED = _("Not stated")
GENDERS = ["woman", "man", "other"]


def split_value_label(split: str, value) -> str:
    if value in (None, ""):
        return str(NOT_STATED)
    return str(SPLIT_LABELS.get(split, {}).get(value, value))


def funnel_rows(kpis: Kpis) -> list[dict]:
    return [
        {"step": step, "label": STEP_LABELS[step], "total": total,
         **{gender: genders.get(gender, 0) for gender in GENDERS}}
        for step, total, genders in kpis.funnel
    ]


def headline_rows(kpis: Kpis) -> list[dict]:
    """The figures a steering group reads first, with DUA's reference beside them where one exists."""
    dua = DUA_REFERENCE
    return [
        {"label": _("Share to work"), "value": kpis.share_to_work, "display": percent(kpis.share_to_work), "is_share": True,
         "reference": _("DUA's follow-up: %(share)s (%(dec2019)s in December 2019, %(low)s–%(high)s in the best tracks)") % {
             "share": percent(dua["work"]), "dec2019": percent(dua["work_dec_2019"]),
             "low": percent(dua["work_best_low"]), "high": percent(dua["work_best_high"])}},
        {"label": _("Share to studies"), "value": kpis.share_to_studies, "display": percent(kpis.share_to_studies),
         "is_share": True,
         "reference": _("DUA's follow-up: another %(share)s") % {"share": percent(dua["studies"])}},
        {"label": _("Tracks running"), "value": kpis.tracks_running, "display": str(kpis.tracks_running), "reference": ""},
        {"label": _("Tracks closed or cancelled"), "value": kpis.tracks_ended, "display": str(kpis.tracks_ended),
         "reference": ""},
        {"label": _("Participants started"), "value": kpis.started, "display": str(kpis.started), "reference": ""},
        {"label": _("Completed"), "value": kpis.completed, "display": str(kpis.completed), "reference": ""},
        {"label": _("Left early"), "value": kpis.left_early, "display": str(kpis.left_early), "reference": ""},
        {"label": _("Median days from start to work"), "value": kpis.median_days_to_work,
         "display": "–" if kpis.median_days_to_work is None else f"{kpis.median_days_to_work:g}", "reference": ""},
    ]


def outcome_rows(kpis: Kpis) -> list[dict]:
    return [
        {"kind": kind, "label": label, "count": kpis.outcomes.get(kind, 0),
         "share": kpis.outcome_shares.get(kind, 0.0), "display": percent(kpis.outcome_shares.get(kind, 0.0))}
        for kind, label in Outcome.Kind.choices
    ]


def phase_rows(kpis: Kpis) -> list[dict]:
    return [{"label": label, "count": kpis.tracks_by_phase.get(phase, 0)} for phase, label in Phase.choices]


def split_rows(kpis: Kpis, name: str) -> list[dict]:
    rows = [
        {"label": split_value_label(name, value), "total": s.total, "to_work": s.to_work,
         "share_to_work": s.share_to_work, "share_to_studies": s.share_to_studies,
         "work_display": percent(s.share_to_work), "studies_display": percent(s.share_to_studies)}
        for value, s in kpis.split(name).items()
    ]
    return sorted(rows, key=lambda row: row["label"])


def check_rows(kpis: Kpis) -> list[dict]:
    labels = dict(Outcome.Kind.choices)
    return [
        {"days": days, "label": labels.get(status, status), "count": n}
        for days in sorted(kpis.checks) for status, n in sorted(kpis.checks[days].items())
    ]


def charts(kpis: Kpis) -> dict:
    """The three charts of the dashboard and the follow-up report."""
    outcomes = outcome_rows(kpis)
    funnel = funnel_rows(kpis)
    genders = {row["label"]: row for row in split_rows(kpis, "gender")}
    return {
        "outcome_chart": bar_chart(
            "chart-outcomes", _("How participants left their tracks"),
            _("Bar chart of the share of each outcome; the table gives the same numbers."),
            [(row["label"], row["share"], row["display"]) for row in outcomes], maximum=1.0,
        ),
        "funnel_chart": bar_chart(
            "chart-funnel", _("From nomination to work"),
            _("Bar chart of the funnel; the table below gives the same numbers."),
            [(row["label"], row["total"], str(row["total"])) for row in funnel],
        ),
        "gender_chart": bar_chart(
            "chart-gender", _("Share to work by gender"),
            _("Bar chart of the share to work for women, men and others; the table gives the same numbers."),
            [(label, row["share_to_work"], row["work_display"]) for label, row in genders.items()], maximum=1.0,
        ),
    }


def kpi_context(kpis: Kpis, title) -> dict:
    return {
        "kpis": kpis,
        "kpi_title": title,
        "headline": headline_rows(kpis),
        "funnel_rows": funnel_rows(kpis),
        "outcome_rows": outcome_rows(kpis),
        "gender_rows": split_rows(kpis, "gender"),
        **charts(kpis),
    }
