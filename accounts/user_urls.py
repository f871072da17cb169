"""The administrator's import of staff users (accounts/imports.py), under /users/."""

from lib.imports import urlpatterns as import_urls

from .imports import UserImport

app_name = "users"

urlpatterns = import_urls(UserImport)
