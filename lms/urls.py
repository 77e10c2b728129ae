"""Harbour's URLs: the site areas of each app, auth, the admin, then Wagtail pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import account_views, language_views, views

auth_patterns = [
    path(
        "sign-in/",
        views.SignInView.as_view(),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("privacy/", views.privacy_notice, name="privacy"),
    path("account/", account_views.account, name="account"),
    path("account/my-data.json", account_views.my_data_download, name="my_data"),
    path("account/", include(auth_patterns)),
    path("i18n/setlang/", language_views.set_language, name="set_language"),
    path("jsi18n/", language_views.javascript_catalog, name="javascript-catalog"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("courses.urls")),
    path("", include("assessments.urls")),
    path("", include("cohorts.urls")),
    path("", include("certificates.urls")),
    path("", include("reports.urls")),
]

# No bare /media/ route, not even in development: certificates, rosters and
# sheets are served by views that check who asks. Only Wagtail's image files
# are streamed here (renditions to anyone, originals to the admin's users).
urlpatterns += [
    path(
        f"{settings.MEDIA_URL.strip('/')}/<path:name>",
        views.media_image,
        name="media_image",
    )
]

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "lms.views.bad_request"
handler403 = "lms.views.permission_denied"
handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
