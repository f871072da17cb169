from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import library_profiles


@login_required
def profile_library(request):
    """The shared library of competence profiles that tracks copy their requirement profiles from."""
    search = request.GET.get("search", "").strip()
    return render(request, "employers/library.html", {"profiles": library_profiles(search=search), "search": search})
