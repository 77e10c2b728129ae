"""The report as tables, and those tables as XLSX and PDF.

``report_tables`` turns one ProgrammeReport into the tables that the page, the
XLSX and the PDF all show, so a figure is computed once and only formatted
differently. XLSX cells hold numbers (a percentage is 62.5, not "62.5%"); the
workbook is written row by row (openpyxl write_only) to a temporary file and
streamed. WeasyPrint loads only when a PDF is rendered.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from cohorts.codes import formula_safe

from . import charts
from .selectors import DonorIndicator, ProgrammeReport


@dataclass(frozen=True)
class Table:
    """A titled table of plain values (numbers stay numbers)."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list]
    note: str = ""
    number_columns: frozenset[int] = field(default_factory=frozenset)
    sheet: str = ""  # the XLSX sheet's name when the title is too long for one


def _r(value, digits: int = 1):
    return None if value is None else round(float(value), digits)


def summary_table(report: ProgrammeReport) -> Table:
    """The headline figures."""
    rows = [
        [_("Cohorts"), report.cohorts],
        [_("Participations (one person in one cohort)"), report.participations],
        [_("People enrolled"), report.people_enrolled],
        [
            _("People trained (participated, each counted once)"),
            report.people_participated,
        ],
        [_("People who completed (each counted once)"), report.people_completed],
        [_("Participations completed"), report.participations_completed],
        [_("Attendance rate (%)"), _r(report.attendance_rate)],
        [_("Certificates issued"), report.certificates_issued],
        [_("Certificates revoked"), report.certificates_revoked],
        [_("Certificates valid"), report.certificates_valid],
    ]
    return Table(
        slug="summary",
        title=_("Summary"),
        columns=[_("Figure"), _("Value")],
        rows=rows,
        note=report.completion_rule,
        number_columns=frozenset({1}),
    )


def pre_post_table(report: ProgrammeReport) -> Table:
    """Pre-test and post-test figures over matched pairs."""
    p = report.pre_post
    rows = [
        [_("Participations with a pre-test"), p.pre_takers],
        [_("Participations with a post-test"), p.post_takers],
        [_("Matched pairs (n)"), p.pairs],
        [_("Attrition: pre-test without post-test"), p.attrition],
        [_("Attrition (%)"), _r(p.attrition_percent)],
        [_("Pre-test average (%)"), _r(p.pre_average)],
        [_("Post-test average (%)"), _r(p.post_average)],
        [_("Raw gain (points)"), _r(p.raw_gain)],
        [_("Normalised gain ⟨g⟩ from the averages"), _r(p.normalised_gain, 2)],
        [_("Average of individual normalised gains"), _r(p.individual_gain_average, 2)],
        [_("Pairs in that average"), p.individual_gain_n],
        [_("Pairs left out of it (pre-test of 100 %)"), p.perfect_pre_excluded],
    ]
    return Table(
        slug="pre_post",
        title=_("Pre-test and post-test"),
        columns=[_("Figure"), _("Value")],
        rows=rows,
        note=report.pre_post_rule,
        number_columns=frozenset({1}),
    )


def breakdown_tables(report: ProgrammeReport) -> list[Table]:
    """One table per breakdown: people trained and people who completed."""
    return [
        Table(
            slug=b.slug,
            title=b.title,
            columns=[_("Group"), _("People trained"), _("Completed")],
            rows=[[r.label, r.participated, r.completed] for r in b.rows],
            note=b.note,
            number_columns=frozenset({1, 2}),
        )
        for b in report.breakdowns
    ]


def questions_table(report: ProgrammeReport) -> Table:
    """Per-question results: facility before and after, discrimination, verdict."""
    rows = [
        [
            q.prompt,
            _r(q.pre_facility),
            _r(q.post_facility),
            _r(q.change),
            _r(q.discrimination, 2),
            q.pre_n,
            q.post_n,
            q.verdict_label,
        ]
        for q in report.questions
    ]
    return Table(
        slug="questions",
        title=_("Questions"),
        columns=[
            _("Question"),
            _("Right before (%)"),
            _("Right after (%)"),
            _("Change (points)"),
            _("Discrimination (r)"),
            _("Answers before"),
            _("Answers after"),
            _("Verdict"),
        ],
        rows=rows,
        note=_(
            "Facility: the share of matched participants who answered the question "
            "fully right. Discrimination: the correlation between answering it right "
            "and the post-test score (0.2 or more tells people apart well). "
            "Improved: facility up by 20 points or more; stayed hard: under 50 % "
            "right after the training."
        ),
        number_columns=frozenset({1, 2, 3, 4, 5, 6}),
    )


def report_tables(report: ProgrammeReport) -> list[Table]:
    """Every table of the report, in the order the page shows them."""
    return [
        summary_table(report),
        pre_post_table(report),
        *breakdown_tables(report),
        questions_table(report),
    ]


def donor_table(indicator: DonorIndicator) -> Table:
    """The donor indicator: unique persons by sex, per quarter, country and type."""
    sexes = [label for _key, label in indicator.sexes]
    rows = [
        [row.quarter, row.country, row.organisation_type, *row.by_sex, row.total]
        for row in indicator.rows
    ]
    rows.append(
        [_("All (each person once)"), "", "", *indicator.total_by_sex, indicator.total]
    )
    return Table(
        slug="donor",
        title=indicator.title,
        columns=[
            _("Quarter"),
            _("Country"),
            _("Type of organisation"),
            *sexes,
            _("Total"),
        ],
        rows=rows,
        note=indicator.note,
        number_columns=frozenset(range(3, 4 + len(sexes))),
        sheet=_("Donor indicator"),
    )


def report_charts(report: ProgrammeReport) -> list[charts.Chart]:
    """The report's charts, drawn from the same figures as its tables."""
    drawn = []
    titles = {
        "sex": _("People trained by sex"),
        "organisation_type": _("People trained by type of organisation"),
        "country": _("People trained by country of the training"),
        "quarter": _("People trained by quarter (the cohort's start date)"),
    }
    for slug, title in titles.items():
        breakdown = report.breakdown(slug)
        rows = [(r.label, (r.participated, r.completed)) for r in breakdown.rows]
        drawn.append(
            charts.bar_chart(
                slug=slug,
                title=title,
                rows=rows,
                series=(_("Trained"), _("Completed")),
            )
        )
    p = report.pre_post
    drawn.append(
        charts.bar_chart(
            slug="pre_post",
            title=_("Average score on matched pairs (n = %(n)s)") % {"n": p.pairs},
            rows=[
                (_("Pre-test (%)"), (_r(p.pre_average),)),
                (_("Post-test (%)"), (_r(p.post_average),)),
            ],
            series=(_("Average (%)"),),
            maximum=100,
        )
    )
    if report.questions:
        drawn.append(
            charts.bar_chart(
                slug="questions",
                title=_("Right answers per question, before and after (%)"),
                rows=[
                    (q.prompt, (_r(q.pre_facility), _r(q.post_facility)))
                    for q in report.questions
                ],
                series=(_("Before"), _("After")),
                maximum=100,
            )
        )
    return drawn


# --- XLSX -------------------------------------------------------------------------


def write_xlsx(tables: list[Table], *, title: str):
    """The tables as a workbook, one sheet each, in a temporary file rewound to 0."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for table in tables:
        name = _sheet_name(table.sheet or table.title, used)
        sheet = book.create_sheet(name)
        heading = WriteOnlyCell(
            sheet,
            # Translators: a workbook sheet's heading: the report, then the table.
            value=formula_safe(
                _("%(report)s: %(table)s") % {"report": title, "table": table.title}
            ),
        )
        heading.font = bold
        sheet.append([heading])
        if table.note:
            sheet.append([formula_safe(table.note)])
        sheet.append([])
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, value=formula_safe(str(column)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (streamed, then closed by the response)
    book.save(handle)
    handle.seek(0)
    return handle


def _cell(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    return formula_safe(str(value))


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(c for c in str(title) if c not in "[]:*?/\\")[:28] or _("Sheet")
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


# --- PDF --------------------------------------------------------------------------


def render_pdf(template: str, context: dict) -> bytes:
    """Render a report template to PDF bytes, fetching nothing from outside."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Refuses every URL: a report needs nothing beyond its own HTML."""

        def fetch(self, url, headers=None):
            raise ValueError(f"Refused to fetch {url[:80]} while rendering a PDF")

    fetcher = NoFetching()
    path = finders.find("css/reports-print.css")
    with open(path, encoding="utf-8") as handle:  # a static file, never a media path
        stylesheet = CSS(string=handle.read(), url_fetcher=fetcher)
    html = render_to_string(
        template, {"LANGUAGE_CODE": translation.get_language(), **context}
    )
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet]
    )
