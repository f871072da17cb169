from django.contrib import admin

from .models import AccessibilityReport, Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "runs", "hostname"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    """Reports from the accessibility statement's form: read them, mark them handled."""

    list_display = ["created_at", "page", "description", "contact", "handled_at"]
    list_filter = ["handled_at"]
    readonly_fields = ["created_at", "page", "description", "contact", "reported_by"]

    def has_add_permission(self, request):
        return False

from .api import admin as api_admin  # noqa: E402, F401 -- registers the API clients' admin
