"""The shell's addresses: home, account, language, the organisation directory and members, sign-in and reset."""

from django.urls import path
from django.views.generic import RedirectView

from wisam.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("language/", views.language_switch, name="language_switch"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<slug:slug>/members/", views.organisation_members, name="organisation_members"),
    path(
        "organisations/<slug:slug>/members/<int:pk>/end/",
        views.membership_end_view,
        name="membership_end",
    ),
    # Short public addresses for the two things anyone may do without an account.
    path(
        "register/",
        views.public(RedirectView.as_view(pattern_name="accreditation:register", query_string=True)),
        name="public_register",
    ),
    path(
        "verify/",
        views.public(RedirectView.as_view(pattern_name="credentials:verify", query_string=True)),
        name="verify_credential",
    ),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/password-reset/", views.password_reset, name="password_reset"),
    path("accounts/password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
