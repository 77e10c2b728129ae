"""Bar charts as plain geometry for server-drawn SVG: pure functions, no database.

A chart is drawn in a 320-unit-wide box, one row per bar with its label on its
own line above the bar, so it stays legible on a 360 px phone and scales up on
a wide screen. Each chart carries a one-sentence summary for its text
alternative; its numbers go in a table beside it (templates/reports/_chart.html).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

WIDTH = 320
BAR_SPACE = 262  # leaves room for the value written after the longest bar
BAR_HEIGHT = 11
LABEL_CHARS = 44
COLOURS = ("#0b5563", "#c9742c")  # brand teal; amber for the second series


@dataclass(frozen=True)
class Bar:
    """One drawn bar: where it is, how long, and what it says."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str

    @property
    def text_x(self) -> float:
        return round(self.x + self.width + 4, 1)

    @property
    def text_y(self) -> float:
        return round(self.y + self.height - 2, 1)


@dataclass(frozen=True)
class Row:
    """One row of a chart: its label and one bar per series."""

    label: str
    short_label: str
    label_y: float
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart ready for the template."""

    slug: str
    title: str
    summary: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    height: float
    width: int = WIDTH

    @property
    def legend(self) -> list[tuple[str, str]]:
        return list(zip(self.series, COLOURS, strict=False))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    *,
    slug: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[str],
    maximum: float | None = None,
    fmt: Callable[[float | None], str] = _number,
    summary: str = "",
) -> Chart:
    """A chart of rows (label, one value per series), scaled to the largest value."""
    values = [v for _, vs in rows for v in vs if v is not None]
    top = maximum if maximum is not None else max(values, default=0)
    row_height = 14 + len(series) * (BAR_HEIGHT + 2) + 6
    drawn = []
    for index, (label, vs) in enumerate(rows):
        top_y = index * row_height + 2
        bars = []
        for s, value in enumerate(vs):
            length = 0.0 if not top or value is None else BAR_SPACE * value / top
            bars.append(
                Bar(
                    x=0,
                    y=round(top_y + 14 + s * (BAR_HEIGHT + 2), 1),
                    width=round(max(length, 0.0), 1),
                    height=BAR_HEIGHT,
                    colour=COLOURS[s % len(COLOURS)],
                    text=fmt(value),
                )
            )
        drawn.append(
            Row(
                label=label,
                short_label=_short(label),
                label_y=round(top_y + 10, 1),
                values=tuple(vs),
                texts=tuple(fmt(v) for v in vs),
                bars=tuple(bars),
            )
        )
    height = (
        round(drawn[-1].bars[-1].y + BAR_HEIGHT + 6, 1)
        if drawn and drawn[-1].bars
        else 20
    )
    return Chart(
        slug=slug,
        title=title,
        summary=summary or describe(title, rows, series, fmt),
        series=tuple(series),
        rows=tuple(drawn),
        height=height,
    )


def describe(title, rows, series, fmt=_number) -> str:
    """A one-sentence text alternative: every value, and the largest first series."""
    if not rows:
        # Translators: a chart's text alternative when it has nothing to show.
        return _("%(title)s: no data.") % {"title": title}
    parts = []
    for label, vs in rows:
        if len(series) == 1:
            parts.append(f"{label} {fmt(vs[0])}")
        else:
            values = ", ".join(
                f"{s} {fmt(v)}" for s, v in zip(series, vs, strict=False)
            )
            parts.append(f"{label} {values}")
    known = [(vs[0], label) for label, vs in rows if vs and vs[0] is not None]
    largest = max(known, default=None)
    # Translators: a chart's text alternative: its title, then every bar's value.
    text = _("%(title)s: %(values)s.") % {"title": title, "values": "; ".join(parts)}
    if largest is not None and len(rows) > 1:
        # Translators: follows a chart's values: the group with the largest value.
        text += " " + _("Largest: %(label)s (%(value)s).") % {
            "label": largest[1],
            "value": fmt(largest[0]),
        }
    return text
