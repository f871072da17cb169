"""The administrator's view of the vocabulary: concepts are read (an export changes them, through
`manage.py load_taxonomy`); synonyms are Jobbspår's own and are added, corrected and removed here."""

from django.contrib import admin

from accounts.admin import ReferenceDataAdmin

from . import services
from .models import Concept, Synonym, Version


@admin.register(Concept)
class ConceptAdmin(ReferenceDataAdmin):
    list_display = ["label", "kind", "code", "id", "deprecated"]
    list_filter = ["kind", "deprecated"]
    search_fields = ["label", "id", "code"]


@admin.register(Version)
class VersionAdmin(ReferenceDataAdmin):
    list_display = ["label", "loaded_at", "added", "changed", "retired"]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["text", "concept", "note"]
    search_fields = ["text", "concept__label"]
    list_select_related = ["concept"]
    autocomplete_fields = ["concept"]
    fields = ["text", "concept", "note"]

    def save_model(self, request, obj, form, change):
        services.synonym_save(synonym=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.synonym_remove(synonym=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for synonym in queryset.select_related("concept"):
            services.synonym_remove(synonym=synonym, actor=request.user)
