from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("profiles/", views.profile_library, name="profiles"),
]
