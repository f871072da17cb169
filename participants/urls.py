from django.urls import path

from lib.imports import urlpatterns as import_urls

from . import views
from .imports import ParticipantImport

app_name = "participants"

urlpatterns = [
    path("", views.participant_list, name="list"),
    path("new/", views.participant_create, name="create"),
    *import_urls(ParticipantImport),
    path("<id:pk>/", views.participant_detail, name="detail"),
    path("<id:pk>/edit/", views.participant_edit, name="edit"),
    path("<id:pk>/history/", views.participant_history, name="history"),
    path("<id:pk>/personnummer/", views.participant_reveal, name="reveal"),
    path("<id:pk>/competences/", views.competence_add, name="competence_add"),
    path("<id:pk>/competences/<id:competence_pk>/", views.competence_edit, name="competence_edit"),
    path("<id:pk>/competences/<id:competence_pk>/delete/", views.competence_delete, name="competence_delete"),
    path("<id:pk>/competences/<id:competence_pk>/confirm/", views.competence_confirm, name="competence_confirm"),
    path("<id:pk>/invite/", views.invite, name="invite"),
    path("<id:pk>/access/close/", views.access_close, name="access_close"),
    path("<id:pk>/languages/", views.language_add, name="language_add"),
    path("<id:pk>/languages/<id:language_pk>/delete/", views.language_delete, name="language_delete"),
]
