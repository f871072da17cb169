from django.urls import path

from . import views

app_name = "taxonomy"

urlpatterns = [
    path("suggestions/", views.suggestions, name="suggest"),
]
