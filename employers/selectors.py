from django.db.models import Prefetch, Q

from .models import CompetenceProfile, LanguageRequirement, Requirement


def library_profiles(*, search=""):
    profiles = CompetenceProfile.objects.filter(in_library=True).select_related("occupation", "owner").prefetch_related(
        Prefetch("requirements", queryset=Requirement.objects.select_related("concept")), "licence_concepts",
        Prefetch("languages", queryset=LanguageRequirement.objects.select_related("language")))
    if search:
        profiles = profiles.filter(Q(title__icontains=search) | Q(occupation__name__icontains=search) | Q(occupation__code=search))
    return profiles.order_by("title")
