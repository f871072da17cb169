"""The coordinator's tasks per phase, from the process model ("Jobbspårsprocessen — koordinatorns
roll, ansvar och arbetsuppgifter i de olika faserna", seeds/004). Every new track gets them all."""

from django.utils.translation import gettext_lazy as _

from .models import Phase

SEED = {
    Phase.PLANNING: [
        ("coordinate_parties", _("Coordinate with strategic groups, Arbetsförmedlingen, the municipality, education providers and employers")),
        ("requirement_profile", _("Map the employer's competence needs into a requirement profile")),
        ("plan_steps", _("Plan every step of the track so that every party knows what to do and when")),
        ("intervention_package", _("Make sure the intervention package is in place, with agreements")),
        ("plan_recruitment", _("Plan the selection and recruitment method")),
        ("employer_commitment", _("Secure the employer's participation, preferably through a letter of intent")),
    ],
    Phase.RECRUITMENT: [
        ("reach_target_group", _("Coordinate Arbetsförmedlingen's and the municipality's work to reach the target group")),
        ("recruitment_activities", _("Carry out the planned recruitment activities")),
        ("employer_selection", _("Make sure the employer takes part in the selection as planned")),
    ],
    Phase.EXECUTION: [
        ("responsibilities", _("Make sure every party takes its responsibility")),
        ("follow_up", _("Structured, regular follow-up of participants and employer")),
        ("no_gaps", _("No gap at the transitions between interventions")),
        ("problems", _("Solve problems, or escalate them to the steering group")),
    ],
    Phase.CLOSING: [
        ("structured_exit", _("Structured exit for each participant: employment, wage subsidy or studies in place")),
        ("evaluation", _("Summarise and evaluate the track")),
        ("new_round", _("Plan a new round, if wanted")),
    ],
}

SEEDED_TASKS = {key: title for tasks in SEED.values() for key, title in tasks}
