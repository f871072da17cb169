"""Who may ask for which report, and who may download one (django-rules). A download is checked
again against the report's subject: losing access to a track also loses access to its reports."""

import rules

from accounts.models import Membership, Role
from accounts.personal_data import Kind
from accounts.rules import has_role, sees
from tracks.rules import can_see_track, sits_on_track_steering_group, works_with_track

from .models import Report

# Roles that follow up tracks and may ask for follow-up reports and list exports.
FOLLOW_UP_ROLES = [Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER, Role.STEERING_GROUP_MEMBER]
EXPORT_ROLES = [Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER]


follows_up_tracks = has_role(*FOLLOW_UP_ROLES)
works_with_tracks = has_role(*EXPORT_ROLES)


@rules.predicate
def requested_it(user, report):
    return report is not None and report.requested_by_id == user.pk


@rules.predicate
def sits_on_report_steering_group(user, report):
    """The monthly report of an agreement is its steering group's."""
    return report is not None and report.requested_by_id is None and report.agreement_id is not None and (
        Membership.objects.filter(user=user, role=Role.STEERING_GROUP_MEMBER, steering_group__agreement=report.agreement_id)
        .exists()
    )


@rules.predicate
def may_still_read_subject(user, report):
    if report is None:
        return False
    if report.kind == Report.Kind.FOLLOWUP:
        return follows_up_tracks(user)
    # The same permissions that let the user ask for this report in the first place.
    if report.variant == Report.Variant.NAMES:
        return user.has_perm("reports.track_status_with_names", report.track)
    return user.has_perm("reports.request_track_status", report.track)


rules.add_perm("reports.request_followup", rules.is_authenticated & follows_up_tracks)
# Coordinators and partners get names; the steering group numbers only (the view picks the variant).
rules.add_perm("reports.request_track_status", can_see_track & (works_with_track | sits_on_track_steering_group))
rules.add_perm("reports.track_status_with_names", can_see_track & works_with_track & sees(Kind.NAME))
rules.add_perm("reports.view_report", (requested_it & may_still_read_subject) | sits_on_report_steering_group)
rules.add_perm("reports.retry_report", requested_it & may_still_read_subject)
rules.add_perm("reports.export_tracks", rules.is_authenticated & works_with_tracks)
