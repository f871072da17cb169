from django.contrib import admin

from accounts.admin import ReferenceDataAdmin

from .models import CompetenceProfile, Employer, Occupation, Requirement


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "sector", "size_band", "industry"]
    list_filter = ["sector", "size_band"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]


@admin.register(Occupation)
class OccupationAdmin(ReferenceDataAdmin):
    """SSYK 2012 comes from a data migration, like the municipalities."""

    list_display = ["code", "name", "major_name"]
    search_fields = ["code", "name"]


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 1


@admin.register(CompetenceProfile)
class CompetenceProfileAdmin(admin.ModelAdmin):
    """The shared library; a track's own copies are edited on the track."""

    list_display = ["title", "occupation", "swedish_level"]
    search_fields = ["title", "occupation__name", "occupation__code"]
    autocomplete_fields = ["occupation"]
    exclude = ["in_library", "origin", "created_by"]
    inlines = [RequirementInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(in_library=True).select_related("occupation")

    def save_model(self, request, obj, form, change):
        obj.in_library = True
        obj.created_by = obj.created_by or request.user
        super().save_model(request, obj, form, change)
