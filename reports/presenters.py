"""KPIs shaped for a page: labels in the reader's language and bar geometry for the SVG chart."""

from django.utils.translation import gettext_lazy as _

from .kpis import Kpis

STEP_LABELS = {
    "nominated": _("Nominated"),
    "shortlisted": _("On a shortlist"),
    "approved": _("Approved by the employer"),
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "work": _("To work"),
}


def funnel_rows(kpis: Kpis) -> list[dict]:
    largest = max([total for _step, total, _g in kpis.funnel] + [1])
    rows = []
    for n, (step, total, genders) in enumerate(kpis.funnel):
        width = round(60 * total / largest, 2)
        rows.append({
            "label": STEP_LABELS[step], "total": total, "width": width, "value_x": 30 + width,
            "y": 6 + 26 * n, "y_text": 20 + 26 * n,
            "women": genders.get("woman", 0), "men": genders.get("man", 0), "other": genders.get("other", 0),
        })
    return rows


def kpi_context(kpis: Kpis, title) -> dict:
    rows = funnel_rows(kpis)
    return {"kpis": kpis, "kpi_title": title, "funnel_rows": rows, "funnel_height": 12 + 26 * len(rows)}
