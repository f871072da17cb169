from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("followup/", views.followup_request, name="followup"),
    path("tracks/<id:pk>/", views.track_status_request, name="track_status"),
    path("<id:pk>/", views.report_detail, name="detail"),
    path("<id:pk>/retry/", views.report_retry, name="retry"),
    path("<id:pk>/download/", views.report_download, name="download"),
    path("exports/tracks.<str:fmt>", views.export_tracks, name="export_tracks"),
    path("exports/participants.<str:fmt>", views.export_participants, name="export_participants"),
]
