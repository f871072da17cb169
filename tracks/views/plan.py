"""Actions on what a track plans: the requirement profile and the employer's proposals, the
intervention chain, letters of intent (and the employer signing them), recruitment activities."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.rules import is_administrator
from accounts.selectors import organisation_ids
from employers.models import CompetenceProfile, LanguageRequirement, Requirement
from lib.forms import add_errors
from lib.pdf import render_pdf_response

from .. import forms, services
from ..models import COMMITMENTS, Intervention, LetterOfIntent, ProfileProposal, ProfilePublication, RecruitmentActivity
from .common import answer, errors_action, form_action, get_on_track, get_track

# --- Requirement profile -------------------------------------------------------------------


@login_required
@require_POST
def profile_copy(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "profile", forms.ProfileCopyForm(request.POST), "copy_form",
                       lambda profile: services.profile_copy(track=track, source=profile, actor=request.user),
                       _("The requirement profile is copied from the library."))


@login_required
@require_POST
def requirement_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "profile", forms.RequirementForm(request.POST), "requirement_form",
                       lambda **data: services.requirement_add(track=track, actor=request.user, **data),
                       _("The requirement is added."))


@login_required
@require_POST
def requirement_delete(request, pk, requirement_pk):
    track = get_track(request, pk, "tracks.change_track")
    requirement = get_object_or_404(Requirement, profile__track=track, pk=requirement_pk)
    services.requirement_remove(track=track, actor=request.user, requirement=requirement)
    return answer(request, track, "profile", message=_("The requirement is removed."))


@login_required
@require_POST
def requirements_add_usual(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    profile = track.requirement_profile
    have = profile.requirements.exclude(concept=None).values_list("concept_id", flat=True) if profile else []
    form = forms.UsualSkillsForm(request.POST, occupation=track.occupation, have=list(have))
    return form_action(request, track, "profile", form, "usual_form",
                       lambda **data: services.requirements_add_usual(track=track, actor=request.user, **data),
                       _("The competences are added."))


@login_required
@require_POST
def profile_settings(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "profile", forms.ProfileSettingsForm(request.POST), "settings_form",
                       lambda **data: services.profile_settings_save(track=track, actor=request.user, **data),
                       _("The requirement profile is saved."))


@login_required
@require_POST
def profile_language_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "profile", forms.LanguageRequirementForm(request.POST), "language_form",
                       lambda **data: services.profile_language_add(track=track, actor=request.user, **data),
                       _("The language requirement is saved."))


@login_required
@require_POST
def profile_language_delete(request, pk, language_pk):
    track = get_track(request, pk, "tracks.change_track")
    asked = get_object_or_404(LanguageRequirement.objects.select_related("language"), profile__track=track,
                              pk=language_pk)
    services.profile_language_remove(track=track, actor=request.user, asked=asked)
    return answer(request, track, "profile", message=_("The language requirement is removed."))


@login_required
@require_POST
def profile_publish(request, pk):
    """Ask for the track's adapted profile to become a version in the shared library."""
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "profile", forms.PublishForm(request.POST), "publish_form",
                       lambda **data: services.profile_publish(track=track, actor=request.user, **data),
                       _("The profile is sent for approval to the shared library."))


@login_required
@require_POST
def proposal_add(request, pk):
    track = get_track(request, pk, "tracks.propose_profile_change")
    return form_action(request, track, "profile", forms.ProposalForm(request.POST), "proposal_form",
                       lambda **data: services.proposal_create(track=track, actor=request.user, **data),
                       _("Your proposal is sent to the coordinator."))


@login_required
@require_POST
def proposal_decide(request, pk, proposal_pk):
    track = get_track(request, pk)
    proposal = get_on_track(ProfileProposal, track, proposal_pk)
    if not request.user.has_perm("tracks.decide_proposal", proposal):
        raise PermissionDenied
    accept = request.POST.get("decision") == "accept"
    return errors_action(request, track, "profile", lambda: services.proposal_decide(
        proposal=proposal, actor=request.user, accept=accept), _("The proposal is decided."))


# --- Interventions -------------------------------------------------------------------------


def _form_page(request, form, track, title):
    return render(request, "tracks/form_page.html", {"form": form, "track": track, "title": title, "submit": _("Save")})


@login_required
def intervention_edit(request, pk, intervention_pk=None):
    track = get_track(request, pk, "tracks.change_track")
    intervention = get_on_track(Intervention, track, intervention_pk) if intervention_pk else Intervention(track=track)
    form = forms.InterventionForm(request.POST or None, instance=intervention)
    if request.method == "POST" and form.is_valid():
        try:
            services.intervention_save(track=track, actor=request.user, intervention=intervention, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return answer(request, track, "chain", message=_("The intervention is saved."))
    return _form_page(request, form, track, _("Edit intervention") if intervention.pk else _("Add an intervention"))


@login_required
@require_POST
def intervention_delete(request, pk, intervention_pk):
    track = get_track(request, pk, "tracks.change_track")
    intervention = get_on_track(Intervention, track, intervention_pk)
    return errors_action(request, track, "chain",
                         lambda: services.intervention_remove(track=track, actor=request.user, intervention=intervention),
                         message=_("The intervention is removed."))


# --- Letters of intent ---------------------------------------------------------------------


def get_letter(request, pk, letter_pk, perm):
    track = get_track(request, pk)
    letter = get_object_or_404(LetterOfIntent.objects.select_related("employer", "track"), track=track, pk=letter_pk)
    if not request.user.has_perm("tracks.view_letter", letter):
        raise Http404
    if perm and not request.user.has_perm(perm, letter if perm == "tracks.sign_letter" else track):
        raise PermissionDenied
    return track, letter


@login_required
def letter_edit(request, pk, letter_pk):
    """The commitments of a letter. A signed letter is not changed: saving makes a new version."""
    track, letter = get_letter(request, pk, letter_pk, "tracks.change_track")
    # Not bound to the letter itself: the service compares the new commitments with the saved ones.
    form = forms.LetterForm(request.POST or None, initial=model_to_dict(letter, fields=COMMITMENTS))
    if request.method == "POST" and form.is_valid():
        was = letter.status
        services.letter_revise(letter=letter, actor=request.user, **form.cleaned_data)
        revised = was == LetterOfIntent.Status.SIGNED and letter.status == LetterOfIntent.Status.DRAFT
        message = (_("Version %(version)s of the letter is a draft: send it to the employer to sign again.")
                   % {"version": letter.version}) if revised else _("The letter of intent is saved.")
        return answer(request, track, "letters", message=message)
    context = {"form": form, "track": track, "letter": letter, "submit": _("Save"),
               "title": _("Letter of intent: %(employer)s") % {"employer": letter.employer.name}}
    return render(request, "tracks/letter_edit.html", context)


@login_required
@require_POST
def letter_send(request, pk, letter_pk):
    track, letter = get_letter(request, pk, letter_pk, "tracks.change_track")
    return errors_action(request, track, "letters", lambda: services.letter_send(letter=letter, actor=request.user),
                         _("The letter is sent to the employer."))


@login_required
@require_POST
def letter_waive(request, pk, letter_pk):
    track, letter = get_letter(request, pk, letter_pk, "tracks.change_track")
    reason = request.POST.get("reason", "")
    return errors_action(request, track, "letters",
                         lambda: services.letter_waive(letter=letter, actor=request.user, reason=reason),
                         _("The letter of intent is waived."))


@login_required
def letter_sign(request, pk, letter_pk):
    """The employer's representative reads the letter and signs or declines it."""
    track, letter = get_letter(request, pk, letter_pk, "tracks.sign_letter")
    form = forms.SignLetterForm(request.POST or None, initial={"name": request.user.full_name})
    decline_form = forms.ReasonForm(request.POST or None, prefix="decline")
    if request.method == "POST" and request.POST.get("decision") == "decline":
        form = forms.SignLetterForm(initial={"name": request.user.full_name})
        if decline_form.is_valid():
            services.letter_decline(letter=letter, actor=request.user, reason=decline_form.cleaned_data["reason"])
            messages.success(request, _("You have declined the letter of intent. The coordinator is told."))
            return redirect("tracks:letters", pk=track.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.letter_sign(letter=letter, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you: the letter of intent is signed."))
            return redirect("tracks:letters", pk=track.pk)
    context = {"track": track, "letter": letter, "form": form, "decline_form": decline_form}
    return render(request, "tracks/letter_sign.html", context)


@login_required
def letter_pdf(request, pk, letter_pk):
    """The letter as it reads now (a draft, sent, or the signed current version)."""
    track, letter = get_letter(request, pk, letter_pk, None)
    filename = f"avsiktsforklaring-{track.pk}-{letter.employer_id}-v{letter.version}.pdf"
    return render_pdf_response(request, "tracks/letter_pdf.html", {"track": track, "letter": letter}, filename)


@login_required
def letter_version_pdf(request, pk, letter_pk, version):
    """A signed version, exactly as it was signed."""
    track, letter = get_letter(request, pk, letter_pk, None)
    signed = get_object_or_404(letter.signed_versions, version=version)
    filename = f"avsiktsforklaring-{track.pk}-{letter.employer_id}-v{version}-undertecknad.pdf"
    return render_pdf_response(request, "tracks/letter_pdf.html", {"track": track, "letter": signed}, filename)


# --- Recruitment activities ----------------------------------------------------------------


@login_required
@require_POST
def activity_add(request, pk):
    track = get_track(request, pk, "tracks.change_track")
    return form_action(request, track, "activities", forms.ActivityForm(request.POST), "activity_form",
                       lambda **data: services.activity_save(track=track, actor=request.user, **data),
                       _("The activity is added."))


@login_required
@require_POST
def activity_delete(request, pk, activity_pk):
    track = get_track(request, pk, "tracks.change_track")
    activity = get_on_track(RecruitmentActivity, track, activity_pk)
    services.activity_remove(track=track, actor=request.user, activity=activity)
    return answer(request, track, "activities", message=_("The activity is removed."))


# --- Publishing to the shared library ------------------------------------------------------


def _publications_for(user):
    """Requests the user may decide, and the user's own."""
    pending = ProfilePublication.objects.filter(status=ProfilePublication.Status.PENDING)
    if not is_administrator.test(user):  # the owning organisation's coordinators decide theirs
        pending = pending.filter(owner__in=organisation_ids(user, [Role.COORDINATOR])).exclude(requested_by=user)
    mine = ProfilePublication.objects.filter(requested_by=user)
    profiles = Prefetch("requirements", queryset=Requirement.objects.select_related("concept"))
    related = ["proposed__occupation", "replaces", "source_track", "requested_by", "decided_by", "owner"]
    prefetch = [Prefetch("proposed", queryset=CompetenceProfile.objects.prefetch_related(
                    profiles, "licence_concepts", "languages__language")),
                Prefetch("replaces", queryset=CompetenceProfile.objects.prefetch_related(
                    profiles, "licence_concepts", "languages__language"))]
    return (list(pending.select_related(*related).prefetch_related(*prefetch)),
            list(mine.select_related(*related).order_by("-requested_at")[:20]))


@login_required
def publications(request):
    """Requests to publish a track's profile to the shared library: to approve, and one's own."""
    if not request.user.has_perm("tracks.view_publications"):
        raise PermissionDenied
    pending, mine = _publications_for(request.user)
    for publication in pending:
        publication.changes = (services.differences(publication.proposed, publication.replaces)
                               if publication.replaces else [])
    return render(request, "tracks/publications.html", {"pending": pending, "mine": mine})


@login_required
@require_POST
def publication_decide(request, publication_pk):
    publication = get_object_or_404(ProfilePublication.objects.select_related("proposed", "replaces"),
                                    pk=publication_pk)
    if not request.user.has_perm("tracks.decide_publication", publication):
        raise PermissionDenied
    try:
        services.publication_decide(publication=publication, actor=request.user,
                                    approve=request.POST.get("decision") == "approve",
                                    note=request.POST.get("note", "")[:2000])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is decided."))
    return redirect("tracks:publications")
