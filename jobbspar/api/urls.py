from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import docs, views

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("v1/tracks/", views.TrackList.as_view(), name="tracks"),
    path("v1/tracks/<str:id>/", views.TrackDetail.as_view(), name="track"),
    path("v1/tracks/<str:id>/interventions/", views.InterventionList.as_view(), name="interventions"),
    path("v1/tracks/<str:id>/activities/", views.ActivityList.as_view(), name="activities"),
    path("v1/kpis/agreements/", views.AgreementList.as_view(), name="agreements"),
    path("v1/kpis/agreements/<str:id>/", views.AgreementKpis.as_view(), name="agreement_kpis"),
    path("v1/kpis/municipalities/<str:code>/", views.MunicipalityKpis.as_view(), name="municipality_kpis"),
    path("v1/participants/", views.ParticipantList.as_view(), name="participants"),
    path("v1/participants/<str:id>/", views.ParticipantDetail.as_view(), name="participant"),
    path("v1/participants/<str:id>/candidacies/", views.CandidacyList.as_view(), name="candidacies"),
    path("v1/nominations/", views.NominationCreate.as_view(), name="nominations"),
]
