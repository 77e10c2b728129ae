"""The programme report's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from courses.models import CoursePage
from lms.choices import Country

from .selectors import ReportFilters


class ReportFilterForm(forms.Form):
    """Which cohorts the report covers; every field is optional."""

    date_from = forms.DateField(
        label=_("Cohorts starting on or after"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Cohorts starting on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    country = forms.ChoiceField(label=_("Country of the training"), required=False)
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=CoursePage.objects.order_by("title"),
        required=False,
        empty_label=_("All courses"),
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.order_by("-start_date", "name"),
        required=False,
        empty_label=_("All cohorts"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(Country.choices)
        used = sorted(
            set(Cohort.objects.values_list("country", flat=True)),
            key=lambda code: str(names.get(code, code)),
        )
        self.fields["country"].choices = [("", _("All countries"))] + [
            (code, names.get(code, code)) for code in used
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", _("The end of the range is before its start; swap them.")
            )
        course, cohort = data.get("course"), data.get("cohort")
        if course and cohort and cohort.course_id != course.pk:
            self.add_error(
                "cohort", _("This cohort runs another course than the one chosen.")
            )
        return data

    def filters(self) -> ReportFilters:
        """The valid filters (call after is_valid())."""
        data = self.cleaned_data
        return ReportFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            country=data.get("country") or "",
            course_id=data["course"].pk if data.get("course") else None,
            cohort_id=data["cohort"].pk if data.get("cohort") else None,
        )
