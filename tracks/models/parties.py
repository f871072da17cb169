"""Who takes part in a track besides its coordinators: partner organisations and employers join
only by accepting. Naming an organisation invites it; until someone of it accepts, it sees nothing
of the track and its people cannot be nominated into it. Accepted parties are the track's
`partners` and `employers`; this is the record of who asked whom, and who answered what, when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

from .track import Track


class Invitation(models.Model):
    class As(models.TextChoices):
        PARTNER = "partner", _("Partner organisation")
        EMPLOYER = "employer", _("Employer")

    class Status(models.TextChoices):
        INVITED = "invited", _("Awaiting an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the coordinator")

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="track_invitations",
        verbose_name=_("organisation"),
    )
    taking_part_as = models.CharField(_("taking part as"), max_length=10, choices=As.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("why the organisation declined"), blank=True)

    class Meta:
        verbose_name = _("invitation to a track")
        verbose_name_plural = _("invitations to tracks")
        ordering = ["-invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["track", "organisation", "taking_part_as"],
                                               name="one_invitation_per_party")]

    def __str__(self):
        return f"{self.organisation} – {self.track}"

    @property
    def is_open(self):
        return self.status == self.Status.INVITED


# Who in an invited organisation may answer for it.
ANSWERING_ROLES = {
    Invitation.As.PARTNER: [Role.COORDINATOR, Role.MUNICIPALITY_OFFICER, Role.AF_OFFICER],
    Invitation.As.EMPLOYER: [Role.EMPLOYER_REPRESENTATIVE],
}
