from django.urls import path

from . import views

app_name = "tracks"

urlpatterns = [
    path("", views.track_list_view, name="list"),
    path("new/", views.track_create, name="create"),
    path("nominate/", views.nominate, name="nominate"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path("<int:pk>/shortlists/", views.shortlist_create, name="shortlist_create"),
    path("<int:pk>/shortlists/<int:shortlist_pk>/send/", views.shortlist_send, name="shortlist_send"),
    path("<int:pk>/candidates/<int:candidacy_pk>/enrol/", views.enrol, name="enrol"),
    path("shortlists/<int:shortlist_pk>/", views.shortlist, name="shortlist"),
    path("shortlists/<int:shortlist_pk>/entries/<int:entry_pk>/", views.shortlist_decide, name="shortlist_decide"),
    path("<int:pk>/", views.track_detail, name="detail"),
    path("<int:pk>/edit/", views.track_edit, name="edit"),
    path("<int:pk>/phase/", views.track_phase, name="phase"),
    path("<int:pk>/new-round/", views.track_new_round, name="new_round"),
    path("<int:pk>/evaluation/", views.track_evaluation, name="evaluation"),
    path("<int:pk>/profile/copy/", views.profile_copy, name="profile_copy"),
    path("<int:pk>/profile/requirements/", views.requirement_add, name="requirement_add"),
    path("<int:pk>/profile/requirements/<int:requirement_pk>/delete/", views.requirement_delete, name="requirement_delete"),
    path("<int:pk>/profile/proposals/", views.proposal_add, name="proposal_add"),
    path("<int:pk>/profile/proposals/<int:proposal_pk>/", views.proposal_decide, name="proposal_decide"),
    path("<int:pk>/interventions/new/", views.intervention_edit, name="intervention_add"),
    path("<int:pk>/interventions/<int:intervention_pk>/", views.intervention_edit, name="intervention_edit"),
    path("<int:pk>/interventions/<int:intervention_pk>/delete/", views.intervention_delete, name="intervention_delete"),
    path("<int:pk>/letters/<int:letter_pk>/", views.letter_edit, name="letter_edit"),
    path("<int:pk>/letters/<int:letter_pk>/send/", views.letter_send, name="letter_send"),
    path("<int:pk>/letters/<int:letter_pk>/waive/", views.letter_waive, name="letter_waive"),
    path("<int:pk>/letters/<int:letter_pk>/sign/", views.letter_sign, name="letter_sign"),
    path("<int:pk>/letters/<int:letter_pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("<int:pk>/activities/<int:activity_pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/checklist/", views.checklist_add, name="checklist_add"),
    path("<int:pk>/checklist/<int:item_pk>/", views.checklist_edit, name="checklist_edit"),
    path("<int:pk>/checklist/<int:item_pk>/status/", views.checklist_status, name="checklist_status"),
    path("<int:pk>/problems/", views.problem_add, name="problem_add"),
    path("<int:pk>/problems/<int:problem_pk>/", views.problem_action, name="problem_action"),
    path("<int:pk>/problems/<int:problem_pk>/decision/", views.problem_decide, name="problem_decide"),
]
