from django.contrib import admin

from .models import Employer


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "sector", "size_band", "industry"]
    list_filter = ["sector", "size_band"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
