"""The track list and the participant list as spreadsheet rows, for the coordinator's exports.
The rows come from the same selectors as the pages, so an export never shows more than the page."""

from django.utils.translation import gettext as _

from participants.models import TargetGroup

from .spreadsheets import Sheet


def track_sheet(tracks) -> Sheet:
    rows = [
        [t.title, t.get_kind_display(), t.occupation.code, t.occupation.name, t.get_phase_display(),
         t.lead_municipality.name, ", ".join(e.name for e in t.employers.all()),
         ", ".join(c.full_name for c in t.coordinators.all()), t.places, t.intended_hires,
         t.planned_start, t.planned_end, t.round_number]
        for t in tracks.prefetch_related("coordinators")
    ]
    headers = [_("Track"), _("Kind"), _("SSYK code"), _("Occupation"), _("Phase"), _("Lead municipality"), _("Employers"),
               _("Coordinators"), _("Places"), _("Intended hires"), _("Planned start"), _("Planned end"), _("Round")]
    return Sheet(_("Job tracks"), headers, rows)


def participant_sheet(participants) -> Sheet:
    """Never the full personnummer, never contact details, never the name of someone with
    protected identity: the export is for planning, and the person's page is where the rest is
    read (and logged)."""
    groups = dict(TargetGroup.choices)
    rows = [
        [*([p.full_name, ""] if p.identity_hidden else [p.last_name, p.first_name]), p.personnummer_masked, p.get_gender_display(), p.get_education_level_display(),
         p.get_swedish_level_display(), p.home_municipality.name, _("Yes") if p.registered_at_af else _("No"),
         p.af_office.name if p.af_office else "", ", ".join(str(groups.get(g, g)) for g in p.target_groups),
         p.available_from, p.created_at.date()]
        for p in participants
    ]
    headers = [_("Last name"), _("First name"), _("Born (personal identity number, masked)"), _("Gender"),
               _("Education level"), _("Swedish level"), _("Home municipality"), _("Registered at Arbetsförmedlingen"),
               _("Arbetsförmedlingen office"), _("Target groups"), _("Available from"), _("Registered in Jobbspår")]
    return Sheet(_("Participants"), headers, rows)
