"""Registerutdrag (GDPR art. 15): everything Jobbspår holds about one person — the record, the
candidacies with the employers' decisions, invitations, the person's own chain, follow-ups,
workplace feedback, outcomes and later checks, the change history, and the access log about them —
as a PDF for the person to read and JSON for a machine, together in one ZIP file."""

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import label
from lib.history import newest_first
from lib.pdf import render_pdf
from participants.account import ParticipantAccount
from participants.history import personal_details_history
from tracks.history import track_history
from tracks.models import ActivityInvitation, FollowUp, ShortlistEntry

from .access_log import search


def _choice(obj, name):
    return getattr(obj, f"get_{name}_display")() if getattr(obj, name) else ""


def _person(p) -> dict:
    return {
        "first_name": p.first_name, "last_name": p.last_name, "personal_identity_number": p.personnummer_formatted,
        "email": p.email, "phone": p.phone, "gender": _choice(p, "gender"), "education_level": _choice(p, "education_level"),
        "swedish_level": _choice(p, "swedish_level"), "registered_at_af": p.registered_at_af,
        "registered_at_af_since": p.registered_at_af_since, "home_municipality": p.home_municipality.name,
        "af_office": p.af_office.name if p.af_office else "", "target_groups": p.target_groups, "licences": p.licences,
        "available_from": p.available_from, "protected_identity": p.protected_identity,
        "registered_in_jobbspar": p.created_at, "registered_by": p.created_by.full_name if p.created_by else "",
        "competences": [{"name": c.name, "level": c.get_level_display(), "source": c.get_source_display(),
                         "learned": _choice(c, "learned"), "years": c.years} for c in p.competences.all()],
        "presentation": p.presentation, "presentation_shown_to_employers": p.presentation_shown,
        "own_pages": _access(p),
    }


def _access(p) -> dict | None:
    account = ParticipantAccount.objects.filter(participant=p).first()
    if account is None:
        return None
    return {"codes_sent_to": account.address, "language": account.get_language_display(),
            "invited": account.invited_at, "first_logged_in": account.activated_at, "closed": account.closed_at}


def _candidacy(c) -> dict:
    outcome = getattr(c, "outcome", None)
    return {
        "track": c.track.title, "lead_municipality": c.track.lead_municipality.name, "status": c.get_status_display(),
        "nominated_at": c.nominated_at, "nominated_by": c.nominating_organisation.name, "motivation": c.motivation,
        "start_date": c.enrolled_on,
        "employer_decisions": [
            {"employer": e.shortlist.employer.name, "sent": e.shortlist.sent_at, "decision": e.get_decision_display(),
             "reason": _choice(e, "decline_reason"), "comment": e.decline_text, "decided_at": e.decided_at}
            for e in c.shortlist_entries.all()
        ],
        "recruitment_activities": [
            {"activity": i.activity.get_kind_display(), "when": i.activity.starts_at, "place": i.activity.place,
             "attended": i.attended} for i in c.invitations.all()
        ],
        "own_chain": [{"kind": s.get_kind_display(), "title": s.title, "start": s.start_date, "end": s.end_date,
                       "skipped": s.skipped} for s in c.chain.all()],
        "follow_ups": [
            {"due": f.due_date, "held_on": f.held_on, "kind": f.get_kind_display(), "attended": f.attended,
             "progress": _choice(f, "progress"), "notes": f.notes, "next_step": f.next_step} for f in c.follow_ups.all()
        ],
        "workplace_feedback": [{"date": w.created_at, "text": w.text} for w in c.workplace_feedback.all()],
        "tasks": [{"task": t.title, "kind": t.get_kind_display(), "due": t.due_on, "details": t.details,
                   "done": t.done_at, "answer": t.answer} for t in c.tasks.all()],
        "outcome": None if outcome is None else {
            "outcome": outcome.get_kind_display(), "date": outcome.date, "wage_subsidy": _choice(outcome, "subsidy"),
            "employer": outcome.employer.name if outcome.employer else "",
            "form_of_employment": _choice(outcome, "employment_form"), "study_plan": outcome.study_plan,
            "reason": outcome.reason,
        },
        "later_checks": [{"days_after": k.days_after, "due": k.due_date, "status": _choice(k, "status")}
                         for k in c.outcome_checks.all()],
    }


def collect(participant) -> dict:
    candidacies = (
        participant.candidacies.select_related("track__lead_municipality", "nominating_organisation", "outcome__employer")
        .prefetch_related(
            Prefetch("shortlist_entries", queryset=ShortlistEntry.objects.select_related("shortlist__employer")),
            Prefetch("invitations", queryset=ActivityInvitation.objects.select_related("activity")),
            "chain", Prefetch("follow_ups", queryset=FollowUp.objects.order_by("due_date")), "workplace_feedback",
            "outcome_checks", "tasks",
        )
        .order_by("nominated_at")
    )
    return {
        "made_at": timezone.now(),
        "person": _person(participant),
        "candidacies": [_candidacy(c) for c in candidacies],
        "change_history": [
            {"when": e["when"], "who": e["who"].full_name if e["who"] else "", "what": str(e["what"]), "about": e["about"],
             "kind": str(e["kind"]), "changes": [{"field": str(c["field"]), "old": c["old"], "new": c["new"]} for c in e["changes"]]}
            for e in newest_first(personal_details_history(participant), track_history(participant))
        ],
        "access_log": [
            {"when": e.created_at, "who": e.actor.full_name if e.actor else "", "action": label(e.action), "action_code": e.action,
             "page": e.detail.get("page", "")} for e in search(participant=participant)
        ],
    }


def export_zip(participant) -> bytes:
    """The ZIP with registerutdrag.pdf and registerutdrag.json, both in Swedish."""
    with translation.override("sv"):
        data = collect(participant)
        pdf = render_pdf("privacy/subject_access_pdf.html", {"data": data, "participant": participant})
        text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        readme = _("Registerutdrag from Jobbspår: everything held about the person, as a PDF to read and as JSON.")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("registerutdrag.pdf", pdf)
        archive.writestr("registerutdrag.json", text)
        archive.writestr("LASMIG.txt", readme)
    return out.getvalue()
