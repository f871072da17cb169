from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("access-log/", views.audit_log, name="audit_log"),
    path("access-log/review/", views.log_review, name="log_review"),
    path("access-log/review.pdf", views.log_review_pdf, name="log_review_pdf"),
    path("subject-access/", views.subject_access_lookup, name="subject_access"),
    path("subject-access/<id:pk>/", views.subject_access_export, name="subject_access_export"),
    path("retention/", views.retention_rules, name="retention"),
]
