"""URLs of the certificates app's site views."""

from django.urls import path, re_path

from . import credential_views, views

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
    path(
        "my/certificates/<int:pk>/credential.json",
        credential_views.credential_download,
        name="credential_download",
    ),
    path(
        "credentials/offer/<str:token>/",
        credential_views.credential_offer,
        name="credential_offer",
    ),
    path(".well-known/did.json", credential_views.did_document, name="did_document"),
    path("credentials/issuer", credential_views.issuer_profile, name="issuer_profile"),
    path(
        "credentials/status/<str:purpose>",
        credential_views.status_list,
        name="status_list",
    ),
    path("verify/file/", credential_views.verify_file, name="verify_file"),
    path("verify/", views.verify, name="verify"),
    # Anything after /verify/ is looked up (and is "unknown" unless it is a code),
    # so odd input such as ../../etc/passwd gets an answer rather than an error.
    re_path(r"^verify/(?P<code>.+)/$", views.verify_code, name="verify_code"),
]
