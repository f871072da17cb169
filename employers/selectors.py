from django.db.models import Q

from .models import CompetenceProfile


def library_profiles(*, search=""):
    profiles = CompetenceProfile.objects.filter(in_library=True).select_related("occupation").prefetch_related("requirements")
    if search:
        profiles = profiles.filter(Q(title__icontains=search) | Q(occupation__name__icontains=search) | Q(occupation__code=search))
    return profiles.order_by("title")
