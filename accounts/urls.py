from django.contrib.auth import views as auth_views
from django.db import transaction
from django.urls import path

from . import two_factor_views, views, views_oidc

urlpatterns = [
    # Not one transaction: the password check must not hold the database while it hashes.
    path("login/", transaction.non_atomic_requests(views.LoginView.as_view()), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("sso/<id:pk>/", views_oidc.sso_start, name="sso_start"),
    path("sso/callback/", views_oidc.sso_callback, name="sso_callback"),
    path("two-factor/", two_factor_views.verify, name="two_factor"),
    path("two-factor/enrol/", two_factor_views.enrol, name="two_factor_enrol"),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("membership/", views.switch_membership, name="switch_membership"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read_all"),
    path("notifications/<id:pk>/read/", views.notification_read, name="notification_read"),
]
