"""The coordinator's to-do list: its counts by kind on the start page (an htmx part, with a plain
link as the fallback), and every item on its own page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.audit import record_read

from ..todo import people_in, todo_for


@login_required
def todo(request):
    kinds = todo_for(request.user)
    context = {"kinds": kinds, "total": sum(len(kind.items) for kind in kinds)}
    if request.GET.get("part") == "summary":  # counts only: nobody is named
        return render(request, "tracks/todo.html#summary", context)
    if people := people_in(kinds):
        record_read(request, people, part="todo")
    return render(request, "tracks/todo.html", context)
