from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("modules/", views.module_list, name="modules"),
    path("modules/new/", views.module_add, name="module_add"),
    path("modules/<id:pk>/", views.module_detail, name="module"),
    path("modules/<id:pk>/edit/", views.module_edit, name="module_edit"),
    path("modules/<id:pk>/competences/", views.competence_add, name="competence_add"),
    path("modules/<id:pk>/competences/<str:concept>/remove/", views.competence_remove, name="competence_remove"),
    path("modules/<id:pk>/intakes/", views.intake_add, name="intake_add"),
]
