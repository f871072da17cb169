from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import DateInput
from accounts.models import LocalAgreement, Organisation
from employers.fields import OccupationField
from employers.models import CompetenceProfile, EducationLevel, Requirement, SwedishLevel
from participants.models import Participant
from taxonomy.fields import ConceptField
from taxonomy.models import Cefr, Concept
from taxonomy.search import licence_field, usual_skills

from .models import (
    Candidacy,
    ChecklistItem,
    FollowUp,
    Intervention,
    LetterOfIntent,
    Outcome,
    PersonalIntervention,
    Phase,
    Problem,
    RecruitmentActivity,
    TargetGroup,
    Track,
    WorkplaceFeedback,
)
from .selectors import lead_municipalities_for


class TrackForm(forms.ModelForm):
    occupation = OccupationField(
        label=_("Occupation (SSYK 2012)"),
        help_text=_("Type the code, the name of the group, or an occupation's name (e.g. lokalvårdare), and choose."),
    )
    employers = forms.ModelMultipleChoiceField(
        Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER),
        label=_("Employers"),
        help_text=_("One or more: for example a housing company and its subcontractors."),
    )
    partners = forms.ModelMultipleChoiceField(
        Organisation.objects.exclude(kind=Organisation.Kind.EMPLOYER), label=_("Partner organisations"), required=False
    )
    target_groups = forms.MultipleChoiceField(
        choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False, label=_("Target groups")
    )
    library_profile = forms.ModelChoiceField(
        CompetenceProfile.objects.filter(in_library=True),
        required=False,
        label=_("Start the requirement profile from"),
        help_text=_("A profile from the shared library, copied to the track and adapted there."),
    )

    class Meta:
        model = Track
        fields = [
            "kind", "title", "occupation", "lead_municipality", "agreement", "employers", "partners", "places",
            "intended_hires", "planned_start", "planned_end", "follow_up_days", "target_groups",
        ]
        widgets = {"planned_start": DateInput(), "planned_end": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # A coordinator leads tracks for their own municipality, or, at an AF office, for the
        # municipalities their office has a local agreement with; the agreement is the lead
        # municipality's. Partners and employers are invited: they take part once they accept.
        municipalities = lead_municipalities_for(user)
        if self.instance.pk:
            municipalities = municipalities | Organisation.objects.filter(pk=self.instance.lead_municipality_id)
        self.fields["lead_municipality"].queryset = municipalities
        self.fields["agreement"].queryset = LocalAgreement.objects.filter(
            municipality__in=municipalities).select_related("municipality")
        self.fields["partners"].help_text = _(
            "Other municipalities, Arbetsförmedlingen offices and education providers. Each is invited and takes "
            "part once someone of it accepts; your own organisation joins at once.")
        self.fields["employers"].help_text = _(
            "One or more: for example a housing company and its subcontractors. Each is invited and takes part "
            "once its representative accepts.")
        if self.instance.pk:
            del self.fields["library_profile"]
            named = self.instance.invitations.filter(status__in=["invited", "accepted"])
            self.initial["partners"] = [i.organisation_id for i in named if i.taking_part_as == "partner"]
            self.initial["employers"] = [i.organisation_id for i in named if i.taking_part_as == "employer"]

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end must be on or after the planned start."))
        agreement, lead = data.get("agreement"), data.get("lead_municipality")
        if agreement and lead and agreement.municipality_id != lead.pk:
            self.add_error("agreement", _("Choose a local agreement of the lead municipality."))
        return data


class RequirementForm(forms.Form):
    prefix = "requirement"
    competence = ConceptField(kind=Concept.Kind.SKILL, allow_other=True, label=_("Competence"))
    level = forms.ChoiceField(choices=Requirement.Level.choices, label=_("Level"), initial=Requirement.Level.GOOD)
    kind = forms.ChoiceField(choices=Requirement.Kind.choices, label=_("Must or merit"))
    validation = forms.ChoiceField(choices=Requirement.Validation.choices, label=_("How it must be shown"),
                                   initial=Requirement.Validation.INTERVIEW)


class UsualSkillsForm(forms.Form):
    """The occupation's usual competences (the taxonomy relates them to its SSYK group), to tick
    and add at once."""

    prefix = "usual"
    concepts = forms.ModelMultipleChoiceField(Concept.objects.none(), widget=forms.CheckboxSelectMultiple,
                                              label=_("Usual competences of the occupation"))
    kind = forms.ChoiceField(choices=Requirement.Kind.choices, label=_("Add them as"), initial=Requirement.Kind.MERIT)
    level = forms.ChoiceField(choices=Requirement.Level.choices, label=_("Level"), initial=Requirement.Level.BASIC)

    def __init__(self, *args, occupation=None, have=(), **kwargs):
        super().__init__(*args, **kwargs)
        skills = [c for c in usual_skills(occupation.pk) if c.pk not in set(have)] if occupation else []
        field = self.fields["concepts"]
        field.queryset = Concept.objects.filter(pk__in=[c.pk for c in skills])
        field.choices = [(c.pk, c.label) for c in skills]  # shown without another query


class ProfileSettingsForm(forms.Form):
    """What the profile asks beyond competences."""

    prefix = "settings"
    swedish_level = forms.ChoiceField(choices=SwedishLevel.choices, required=False, label=_("Swedish level"),
                                      help_text=_("SFI courses A–D lie at about CEFR A1, A2, B1 and B2."))
    licence_concepts = forms.ModelMultipleChoiceField(
        Concept.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label=_("Driving licences"),
        help_text=_("A licence includes the lighter ones: C includes B, CE includes C."))
    licences = forms.CharField(label=_("Other licences and certificates"), max_length=300, required=False,
                               help_text=_("Only what is not a driving licence, e.g. a forklift licence."))
    education_level = forms.ChoiceField(choices=[("", _("No requirement")), *EducationLevel.choices], required=False,
                                        label=_("Education level"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        licence_field(self.fields["licence_concepts"])


class LanguageRequirementForm(forms.Form):
    prefix = "language"
    language = ConceptField(kind=Concept.Kind.LANGUAGE, label=_("Language"))
    level = forms.ChoiceField(choices=Cefr.choices, label=_("Level (CEFR)"), initial=Cefr.B1,
                              help_text=_("A1–A2 basic, B1–B2 independent, C1–C2 proficient."))
    kind = forms.ChoiceField(choices=Requirement.Kind.choices, label=_("Must or merit"))


class ProfileCopyForm(forms.Form):
    prefix = "copy"
    profile = forms.ModelChoiceField(
        CompetenceProfile.objects.filter(in_library=True).select_related("occupation"), label=_("Library profile")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].label_from_instance = lambda p: _("%(title)s (%(code)s), version %(version)s") % {
            "title": p.title, "code": p.occupation_id, "version": p.version}


class ProposalForm(forms.Form):
    prefix = "proposal"
    competence = ConceptField(kind=Concept.Kind.SKILL, allow_other=True, label=_("Competence"))
    level = forms.ChoiceField(choices=Requirement.Level.choices, label=_("Level"), initial=Requirement.Level.GOOD)
    kind = forms.ChoiceField(choices=Requirement.Kind.choices, label=_("Must or merit"))
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PublishForm(forms.Form):
    prefix = "publish"
    note = forms.CharField(label=_("What changed and why"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("The approver reads this beside the changes."))
    as_new = forms.BooleanField(label=_("Publish as a new library profile, not as a new version"), required=False)


class InterventionForm(forms.ModelForm):
    prefix = "intervention"

    class Meta:
        model = Intervention
        fields = ["kind", "title", "provider", "responsible", "start_date", "end_date", "hours_per_week", "place", "finished"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end must be on or after the start."))
        return data


class LetterForm(forms.ModelForm):
    class Meta:
        model = LetterOfIntent
        fields = ["intended_hires", "internship_places", "supervisors", "takes_part_in_selection", "other_commitments"]
        widgets = {"other_commitments": forms.Textarea(attrs={"rows": 3})}


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SignLetterForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    title = forms.CharField(label=_("Your title"), max_length=200)
    signed_on = forms.DateField(label=_("Date"), widget=DateInput())


class ActivityForm(forms.ModelForm):
    prefix = "activity"
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    class Meta:
        model = RecruitmentActivity
        fields = ["kind", "starts_at", "place", "organiser", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class ChecklistAddForm(forms.Form):
    prefix = "task"
    phase = forms.ChoiceField(choices=[(p.value, p.label) for p in (Phase.PLANNING, Phase.RECRUITMENT, Phase.EXECUTION, Phase.CLOSING)], label=_("Phase"))
    title = forms.CharField(label=_("Task"), max_length=300)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())


class ChecklistEditForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["assignee", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, assignees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees


class ProblemForm(forms.ModelForm):
    prefix = "problem"

    class Meta:
        model = Problem
        fields = ["title", "description", "severity"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EscalationForm(forms.Form):
    prefix = "escalate"
    question = forms.CharField(label=_("What is the steering group asked to decide?"),
                               widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.CharField(label=_("What do you propose?"), widget=forms.Textarea(attrs={"rows": 3}),
                               required=False)


class DecisionForm(forms.Form):
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))
    owner = forms.CharField(label=_("Who carries it out"), max_length=200,
                            help_text=_("A person or an organisation, e.g. “AF Göteborg, Maria Lind”."))
    due = forms.DateField(label=_("By when"), widget=DateInput())


class EvaluationForm(forms.ModelForm):
    prefix = "evaluation"

    class Meta:
        model = Track
        fields = ["evaluation"]
        widgets = {"evaluation": forms.Textarea(attrs={"rows": 6})}


class NominationForm(forms.Form):
    track = forms.ModelChoiceField(Track.objects.none(), label=_("Job track"), help_text=_("Tracks that are recruiting now."))
    participant = forms.ModelChoiceField(Participant.objects.none(), label=_("Participant"))
    motivation = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why this person fits the track. The employer never sees this."),
    )

    def __init__(self, *args, tracks, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = tracks
        self.fields["participant"].queryset = participants.select_related("home_municipality")
        self.fields["participant"].label_from_instance = self.person_label

    @staticmethod
    def person_label(person) -> str:
        """Two people of the same name told apart: birth year and home municipality."""
        return _("%(name)s (born %(year)s, %(municipality)s)") % {
            "name": person.sort_name, "year": (person.personnummer or "")[:4] or "–",
            "municipality": person.home_municipality.name if person.home_municipality_id else "–"}

    def clean(self):
        data = super().clean()
        track, participant = data.get("track"), data.get("participant")
        if track and participant and track.candidacies.filter(participant=participant).exists():
            raise forms.ValidationError(_("%(name)s is already nominated to this track.") % {"name": participant.full_name})
        return data


class ShortlistForm(forms.Form):
    prefix = "shortlist"
    candidacies = forms.ModelMultipleChoiceField(
        Candidacy.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Candidates to put on the shortlist")
    )
    employer = forms.ModelChoiceField(Organisation.objects.none(), label=_("Employer who decides"))
    deadline = forms.DateField(label=_("Decision deadline"), widget=DateInput())

    def __init__(self, *args, track, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidacies"].queryset = track.candidacies.filter(status=Candidacy.Status.NOMINATED).select_related("participant")
        self.fields["candidacies"].label_from_instance = lambda c: c.participant.full_name
        self.fields["employer"].queryset = track.employers.all()


class EnrolForm(forms.Form):
    start = forms.DateField(label=_("Start date"), widget=DateInput())


class FollowUpForm(forms.ModelForm):
    attended = forms.NullBooleanField(
        label=_("Did the participant attend?"), required=False,
        widget=forms.Select(choices=[("unknown", "–"), ("true", _("Yes")), ("false", _("No"))]),
    )

    class Meta:
        model = FollowUp
        fields = ["kind", "held_on", "attended", "progress", "participant_part", "employer_part", "notes", "next_step"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 4}), "next_step": forms.Textarea(attrs={"rows": 2}),
                   "participant_part": forms.Textarea(attrs={"rows": 2}), "employer_part": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        self.fields["progress"].required = True


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "date", "subsidy", "employer", "employment_form", "study_plan", "reason"]
        widgets = {"date": DateInput(), "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, track, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Organisation.objects.filter(kind=Organisation.Kind.EMPLOYER).order_by("name")
        self.fields["employer"].initial = track.employers.values_list("pk", flat=True).first()


class FeedbackForm(forms.ModelForm):
    prefix = "feedback"

    class Meta:
        model = WorkplaceFeedback
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class PersonalInterventionForm(forms.ModelForm):
    class Meta:
        model = PersonalIntervention
        fields = ["kind", "title", "start_date", "end_date", "skipped"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The end must be on or after the start."))
        return data


class MapForm(forms.Form):
    """One free text mapped to the concept it means (tracks/views/vocabulary.py)."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=200)
    concept = ConceptField(kind=Concept.Kind.SKILL, label=_("Means"))
    as_synonym = forms.BooleanField(required=False, label=_(
        "Keep the text as a synonym, so that it is found when typed again (for everyone)"))

    def __init__(self, *args, may_add_synonym=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_add_synonym:
            del self.fields["as_synonym"]


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=200)
