"""URLs of the certificates app's site views."""

from django.urls import path, re_path

from . import views

app_name = "certificates"

cohort = "facilitator/cohorts/<int:pk>/certificates/"

urlpatterns = [
    path(cohort, views.cohort_certificates, name="cohort_certificates"),
    path(cohort + "progress.json", views.issue_progress, name="issue_progress"),
    path(
        cohort + "all.pdf",
        views.cohort_bundle_download,
        {"kind": "pdf"},
        name="cohort_merged_pdf",
    ),
    path(
        cohort + "all.zip",
        views.cohort_bundle_download,
        {"kind": "zip"},
        name="cohort_zip",
    ),
    path("my/certificates/", views.my_certificates, name="my_certificates"),
    path(
        "my/certificates/<int:pk>/certificate.pdf",
        views.certificate_download,
        name="download",
    ),
    path("verify/", views.verify, name="verify"),
    # Anything after /verify/ is looked up (and is "unknown" unless it is a code),
    # so odd input such as ../../etc/passwd gets an answer rather than an error.
    re_path(r"^verify/(?P<code>.+)/$", views.verify_code, name="verify_code"),
]
