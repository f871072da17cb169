from django.urls import path

from lib.imports import urlpatterns as import_urls

from . import views
from .imports import EmployerImport

app_name = "employers"

urlpatterns = [
    path("profiles/", views.profile_library, name="profiles"),
    *import_urls(EmployerImport),
]
