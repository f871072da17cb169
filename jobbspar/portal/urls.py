from django.urls import path

from . import access, eid, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", access.login_start, name="login"),
    path("logga-in/kod/", access.login_code, name="code"),
    path("logga-in/e-legitimation/<id:pk>/", eid.eid_start, name="eid_start"),
    path("logga-in/e-legitimation/klar/", eid.eid_callback, name="eid_callback"),
    path("sprak/", access.language, name="language"),
    path("spar/<id:pk>/", views.track, name="track"),
    path("moten/", views.meetings, name="meetings"),
    path("moten/<slug:uid>.ics", views.meeting_ics, name="meeting_ics"),
    path("uppgifter/", views.tasks, name="tasks"),
    path("uppgifter/<id:pk>/", views.task_done, name="task_done"),
    path("kompetenser/", views.skills, name="skills"),
    path("kompetenser/<id:pk>/ta-bort/", views.skill_remove, name="skill_remove"),
    path("kompetenser/sprak/", views.spoken_add, name="spoken_add"),
    path("kompetenser/sprak/<id:pk>/ta-bort/", views.spoken_remove, name="spoken_remove"),
    path("kompetenser/korkort/", views.licences, name="licences"),
    path("presentation/", views.presentation, name="presentation"),
    path("mina-uppgifter/", views.my_data, name="data"),
    path("mina-uppgifter/kod/", views.extract_code, name="extract_code"),
    path("mina-uppgifter/utdrag/", views.extract, name="extract"),
    path("mina-uppgifter/rattelse/", views.change_request, name="change_request"),
]
