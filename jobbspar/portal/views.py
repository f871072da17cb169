"""The participant's own pages (Mina sidor): phone first, in Swedish, English or Arabic. Each
shows the person their own records only — another person's ids are "not found" — and a fixed
number of queries. What they write goes through the same services as staff's, self-reported."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import Read, record_read
from jobbspar.models import RetentionPolicy
from jobbspar.privacy import subject_access
from lib import throttle
from lib.forms import submit
from participants import services, signin
from participants.account import OneTimeCode
from participants.models import Competence, LanguageSkill
from tracks import own
from tracks.services import errands

from .access import PORTAL_429, participant_required
from .calendar import meetings_ics
from .forms import ChangeRequestForm, CodeForm, LicenceForm, PresentationForm, SkillForm, SpokenForm, TaskForm


def _page(request, template, context):
    return render(request, f"portal/{template}.html", {"participant": request.participant, **context})


@participant_required
def home(request):
    """What happens next: my tracks in plain words, the next meeting and the tasks not yet done."""
    person = request.participant
    candidacies = list(own.own_candidacies(person))
    open_tasks = [t for t in own.own_tasks(person) if t.done_at is None]
    return _page(request, "home", {
        "candidacies": [(c, own.STATUS_SENTENCES.get(c.status, "")) for c in candidacies],
        "meetings": own.own_meetings(person)[:3], "tasks": open_tasks[:5], "task_count": len(open_tasks),
    })


@participant_required
def track(request, pk):
    """One of my tracks: the steps as a timeline and a list, and whom I turn to."""
    candidacy = own.own_candidacy(request.participant, pk)
    if candidacy is None:
        raise Http404
    return _page(request, "track", {"candidacy": candidacy, "sentence": own.STATUS_SENTENCES.get(candidacy.status, ""),
                                    "steps": own.own_chain(candidacy), "contacts": own.own_contacts(candidacy)})


@participant_required
def meetings(request):
    return _page(request, "meetings", {"meetings": own.own_meetings(request.participant)})


@participant_required
def meeting_ics(request, uid):
    """One meeting as a calendar file ("add to calendar")."""
    found = [m for m in own.own_meetings(request.participant) if m.uid == uid]
    if not found:
        raise Http404
    response = HttpResponse(meetings_ics(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{uid}.ics"'
    return response


def _tasks_page(request, failed=None):
    """Open tasks first, each question with its own answer form; `failed` a form with its errors."""
    items = list(own.own_tasks(request.participant))
    for task in items:
        task.form = failed if failed is not None and failed.task_pk == task.pk else TaskForm(prefix=f"task{task.pk}")
    return _page(request, "tasks", {"open": [t for t in items if t.done_at is None],
                                    "done": [t for t in items if t.done_at is not None]})


@participant_required
def tasks(request):
    return _tasks_page(request)


@participant_required
@require_POST
def task_done(request, pk):
    task = get_object_or_404(own.own_tasks(request.participant), pk=pk)
    form = TaskForm(request.POST, prefix=f"task{task.pk}")
    form.task_pk = task.pk
    if submit(form, lambda answer: errands.task_done(task=task, actor=request.user, answer=answer)):
        messages.success(request, _("Thank you! Your coordinator can see that it is done."))
        return redirect("portal:tasks")
    return _tasks_page(request, failed=form)


def _skills_context(request, **bound):
    person = request.participant
    mine = list(person.competences.select_related("concept"))
    known = {c.concept_id for c in mine if c.concept_id}
    candidacy = own.own_candidacies(person).filter(status__in=own.ACTIVE).first()
    wanted = own.profile_of(candidacy) if candidacy else []
    return {"competences": mine, "languages": list(person.languages.select_related("language")),
            "candidacy": candidacy, "wanted": [(r, r.concept_id in known) for r in wanted],
            "skill_form": bound.get("skill_form") or SkillForm(), "spoken_form": bound.get("spoken_form") or SpokenForm(),
            "licence_form": LicenceForm(initial={"licence_concepts": [c.pk for c in person.licence_concepts.all()]})}


@participant_required
def skills(request):
    """What I know, against what the employer asks for and beyond: self-reported, marked so."""
    if request.method == "POST":
        form = SkillForm(request.POST)
        if submit(form, lambda **data: services.competence_add(
                participant=request.participant, actor=request.user, source=Competence.Source.SELF_ASSESSED, **data)):
            messages.success(request, _("Saved. Your officer may confirm it."))
            return redirect("portal:skills")
        return _page(request, "skills", _skills_context(request, skill_form=form))
    return _page(request, "skills", _skills_context(request))


@participant_required
@require_POST
def skill_remove(request, pk):
    """Only what I reported myself; what an officer or provider assessed stays."""
    competence = get_object_or_404(Competence, participant=request.participant, pk=pk,
                                   source=Competence.Source.SELF_ASSESSED)
    services.competence_remove(competence=competence, actor=request.user)
    messages.success(request, _("Removed."))
    return redirect("portal:skills")


@participant_required
@require_POST
def spoken_add(request):
    form = SpokenForm(request.POST)
    if submit(form, lambda **data: services.language_add(participant=request.participant, actor=request.user, **data)):
        messages.success(request, _("Saved."))
        return redirect("portal:skills")
    return _page(request, "skills", _skills_context(request, spoken_form=form))


@participant_required
@require_POST
def spoken_remove(request, pk):
    skill = get_object_or_404(LanguageSkill.objects.select_related("language"), participant=request.participant, pk=pk,
                              self_reported=True)
    services.language_remove(skill=skill, actor=request.user)
    messages.success(request, _("Removed."))
    return redirect("portal:skills")


@participant_required
@require_POST
def licences(request):
    form = LicenceForm(request.POST)
    if submit(form, lambda **data: services.licences_add(participant=request.participant, actor=request.user,
                                                         licence_concepts=data["licence_concepts"])):
        messages.success(request, _("Saved."))
    return redirect("portal:skills")


@participant_required
def presentation(request):
    """A few sentences about me, shown to employers only if I say so."""
    person = request.participant
    form = PresentationForm(request.POST or None, initial={"presentation": person.presentation,
                                                           "presentation_shown": person.presentation_shown})
    if request.method == "POST" and form.is_valid():
        services.presentation_save(participant=person, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Your presentation is saved.") + " " + (
            _("Employers who receive you on a shortlist can read it.") if person.presentation_shown
            else _("It is not shown to employers.")))
        return redirect("portal:presentation")
    return _page(request, "presentation", {"form": form})


def _data_context(request, **bound):
    return {"policy": RetentionPolicy.current(), "code_form": bound.get("code_form") or CodeForm(),
            "change_form": bound.get("change_form") or ChangeRequestForm(), "code_sent": bound.get("code_sent", False)}


@participant_required
def my_data(request):
    """What is recorded about me, why, who sees it and for how long (GDPR art. 13)."""
    return _page(request, "data", _data_context(request))


@participant_required
@require_POST
def extract_code(request):
    """A fresh code before the register extract, even in a session already open."""
    verdict = signin.code_send(address=request.account.address, client=request.META.get("REMOTE_ADDR", ""),
                               purpose=OneTimeCode.Purpose.EXTRACT, account=request.account)
    if not verdict.allowed:
        return throttle.too_many(request, verdict, PORTAL_429)
    return _page(request, "data", _data_context(request, code_sent=True))


@participant_required
@require_POST
def extract(request):
    """My register extract (GDPR art. 15), the same as staff make, after a fresh code."""
    form = CodeForm(request.POST)
    if form.is_valid() and signin.code_check(account=request.account, code=form.cleaned_data["code"],
                                             purpose=OneTimeCode.Purpose.EXTRACT):
        person = request.participant
        record_read(request, person, Read.SUBJECT_ACCESS, by="the person")
        response = HttpResponse(subject_access.export_zip(person), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="registerutdrag-{timezone.localdate():%Y-%m-%d}.zip"'
        return response
    if form.is_valid():
        form.add_error("code", _("The code is wrong or no longer valid. Check it, or ask for a new code."))
    return _page(request, "data", _data_context(request, code_form=form, code_sent=True))


@participant_required
@require_POST
def change_request(request):
    form = ChangeRequestForm(request.POST)
    try:
        sent = submit(form, lambda text: errands.change_request(participant=request.participant, actor=request.user,
                                                                text=text))
    except errands.TooManyRequests as refused:
        return throttle.too_many(request, refused.verdict, PORTAL_429)
    if sent:
        messages.success(request, _("Your request is sent. Your coordinator will answer you."))
        return redirect("portal:data")
    return _page(request, "data", _data_context(request, change_form=form))
