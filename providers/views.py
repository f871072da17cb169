"""A provider's own catalogue: its modules, the competences each gives, and their intakes.
The coordinators' search of the catalogue acts on a track's chain and lives in tracks/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation, Role
from accounts.selectors import organisation_ids
from lib.forms import add_errors

from . import forms, services
from .models import Intake, Module
from .selectors import modules_of


def _require(request, perm, obj=None):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _module(request, pk):
    """A module the user's provider offers; one they may only read is forbidden, any other not found."""
    module = get_object_or_404(Module.objects.select_related("provider", "occupation", "municipality"), pk=pk)
    if request.user.has_perm("providers.change_module", module):
        return module
    if request.user.has_perm("providers.view_module", module):
        raise PermissionDenied
    raise Http404


@login_required
def module_list(request):
    _require(request, "providers.manage_catalogue")
    modules = (modules_of(request.user).select_related("occupation", "municipality", "provider")
               .prefetch_related(Prefetch("intakes", Intake.objects.order_by("start_date"))))
    return render(request, "providers/modules.html", {"modules": modules})


@login_required
def module_add(request):
    _require(request, "providers.manage_catalogue")
    membership = request.membership
    provider = (membership.organisation if membership and membership.role == Role.PROVIDER else
                Organisation.objects.filter(pk__in=organisation_ids(request.user, [Role.PROVIDER])).order_by("pk").first())
    return _module_form(request, Module(provider=provider), _("New module"), _("Publish the module"))


@login_required
def module_edit(request, pk):
    module = _module(request, pk)
    return _module_form(request, module, _("Edit the module"), _("Save"))


def _module_form(request, module, title, submit):
    form = forms.ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in forms.ModuleForm.Meta.fields}
        try:
            module = services.module_save(provider=module.provider, actor=request.user,
                                          module=module if module.pk else None, **fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The module is saved."))
            return redirect(module)
    return render(request, "providers/module_form.html", {"form": form, "title": title, "submit": submit,
                                                          "module": module if module.pk else None})


@login_required
def module_detail(request, pk, competence_form=None, intake_form=None):
    module = get_object_or_404(Module.objects.select_related("provider", "occupation", "municipality"), pk=pk)
    if not request.user.has_perm("providers.view_module", module):
        raise Http404
    can_change = request.user.has_perm("providers.change_module", module)
    context = {
        "module": module, "can_change": can_change,
        "competences": module.competences.order_by("label"),
        "intakes": module.intakes.order_by("start_date"),
        "competence_form": competence_form or forms.CompetenceForm(),
        "intake_form": intake_form or forms.IntakeForm(initial={"free_places": module.places}),
    }
    return render(request, "providers/module.html", context)


@login_required
@require_POST
def competence_add(request, pk):
    module = _module(request, pk)
    form = forms.CompetenceForm(request.POST)
    if not form.is_valid():
        return module_detail(request, pk, competence_form=form)
    services.module_competence_add(module=module, actor=request.user, concept=form.cleaned_data["competence"])
    messages.success(request, _("The competence is added."))
    return redirect(module)


@login_required
@require_POST
def competence_remove(request, pk, concept):
    module = _module(request, pk)
    concept = get_object_or_404(module.competences, pk=concept)
    services.module_competence_remove(module=module, actor=request.user, concept=concept)
    messages.success(request, _("The competence is removed."))
    return redirect(module)


@login_required
@require_POST
def intake_add(request, pk):
    module = _module(request, pk)
    form = forms.IntakeForm(request.POST)
    if form.is_valid():
        try:
            services.intake_save(module=module, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The intake is published."))
            return redirect(module)
    return module_detail(request, pk, intake_form=form)

