"""What the API gives of each thing: the fields the pages show the same role, no more. A person
is given as the participant list shows them (the display name, the masked personnummer: birth
date and four stars, nothing when the identity is hidden); never the full personnummer."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from participants.models import Participant
from tracks.models import Candidacy, Intervention, Phase, RecruitmentActivity, Track


class OrganisationRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MunicipalityRef(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The municipality's organisation in Jobbspår."))
    name = serializers.CharField()
    code = serializers.CharField(source="municipality_id", help_text=_("The official four-digit municipality code."))


class OccupationRef(serializers.Serializer):
    code = serializers.CharField(help_text=_("SSYK 2012 unit group."))
    name = serializers.CharField()


class TrackSerializer(serializers.ModelSerializer):
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    occupation = OccupationRef(read_only=True)
    lead_municipality = MunicipalityRef(read_only=True)
    employers = OrganisationRef(many=True, read_only=True)
    target_groups = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Track
        fields = ["id", "title", "kind", "phase", "phase_changed_at", "planned_start", "planned_end", "occupation",
                  "lead_municipality", "employers", "places", "intended_hires", "round_number", "target_groups",
                  "created_at"]
        read_only_fields = fields


class InterventionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Intervention
        fields = ["id", "kind", "title", "provider", "responsible", "start_date", "end_date", "hours_per_week",
                  "place", "finished"]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = RecruitmentActivity
        fields = ["id", "kind", "starts_at", "place", "organiser"]
        read_only_fields = fields


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True,
                                 help_text=_("The name, or a placeholder when the identity is protected."))
    birth_date = serializers.CharField(source="personnummer_masked", read_only=True,
                                       help_text=_("The personnummer's birth date and four stars; \"–\" when hidden."))
    home_municipality = serializers.CharField(source="home_municipality_id", read_only=True, allow_null=True,
                                              help_text=_("The official four-digit municipality code."))
    af_office = serializers.IntegerField(source="af_office_id", read_only=True, allow_null=True)

    class Meta:
        model = Participant
        fields = ["id", "name", "birth_date", "home_municipality", "af_office", "registered_at_af", "created_at"]
        read_only_fields = fields


class CandidacySerializer(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=Candidacy.Status.choices, read_only=True)
    track = serializers.IntegerField(source="track_id", read_only=True)
    participant = serializers.IntegerField(source="participant_id", read_only=True)
    nominating_organisation = OrganisationRef(read_only=True)

    class Meta:
        model = Candidacy
        fields = ["id", "track", "participant", "status", "nominating_organisation", "nominated_at", "enrolled_on"]
        read_only_fields = fields


class NominationSerializer(serializers.Serializer):
    """What a nomination is asked with; checked by the pages' nomination form and service."""

    track = serializers.IntegerField(min_value=1)
    participant = serializers.IntegerField(min_value=1)
    motivation = serializers.CharField(max_length=5000)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   help_text=_("Messages per field; \"__all__\" for the nomination as a whole."))


# --- Key figures (reports.kpis) ------------------------------------------------------------

Counts = serializers.DictField(child=serializers.IntegerField())


class AgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    municipality = MunicipalityRef()
    af_office = OrganisationRef()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class FunnelStep(serializers.Serializer):
    step = serializers.CharField()
    total = serializers.IntegerField()
    by_gender = serializers.DictField(child=serializers.IntegerField())


class KpisSerializer(serializers.Serializer):
    period_from = serializers.DateField(allow_null=True)
    period_to = serializers.DateField(allow_null=True)
    tracks = serializers.IntegerField()
    tracks_by_phase = serializers.DictField(child=serializers.IntegerField())
    started = serializers.IntegerField()
    completed = serializers.IntegerField()
    left_early = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField())
    outcome_shares = serializers.DictField(child=serializers.FloatField())
    share_to_work = serializers.FloatField()
    share_to_studies = serializers.FloatField()
    funnel = FunnelStep(many=True)
    by = serializers.DictField(child=serializers.DictField(child=serializers.DictField(child=serializers.IntegerField())),
                               help_text=_("Outcomes per split (gender, education, municipality, target group, "
                                           "employer size and sector): value → outcome kind → count."))
    median_days_to_work = serializers.FloatField(allow_null=True)
    checks = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()),
                                   help_text=_("Days after the outcome (90, 180) → status → count."))
    computed_at = serializers.DateTimeField()


def kpis_data(kpis, *, period_from=None, period_to=None) -> dict:
    """A `reports.kpis.Kpis` as plain data (keys as strings: a split's empty value is "")."""
    def keys(mapping):
        return {("" if key is None else str(key)): value for key, value in mapping.items()}

    return {
        "period_from": period_from, "period_to": period_to, "tracks": kpis.tracks,
        "tracks_by_phase": kpis.tracks_by_phase, "started": kpis.started, "completed": kpis.completed,
        "left_early": kpis.left_early, "outcomes": kpis.outcomes, "outcome_shares": kpis.outcome_shares,
        "share_to_work": kpis.share_to_work, "share_to_studies": kpis.share_to_studies,
        "funnel": [{"step": step, "total": total, "by_gender": keys(genders)} for step, total, genders in kpis.funnel],
        "by": {name: keys(values) for name, values in kpis.by.items()},
        "median_days_to_work": kpis.median_days_to_work,
        "checks": {str(days): statuses for days, statuses in kpis.checks.items()},
        "computed_at": kpis.computed_at,
    }
