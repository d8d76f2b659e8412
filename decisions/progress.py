"""How far an action plan has come: its activities counted by status per focus area, and the bar
chart drawn from those counts. Pure: works on activities already read (each with ``overdue``)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Activity

# Done first, so each bar reads as progress from the left.
STATUS_ORDER = (
    Activity.Status.DONE,
    Activity.Status.ONGOING,
    Activity.Status.PLANNED,
    Activity.Status.CANCELLED,
)


@dataclass
class Progress:
    """The activities of one focus area (or of the whole plan) counted by status."""

    name: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    overdue: int = 0
    activities: list[Activity] = field(default_factory=list)

    def add(self, activity: Activity) -> None:
        self.activities.append(activity)
        self.counts[activity.status] += 1
        self.overdue += bool(getattr(activity, "overdue", False))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts[Activity.Status.DONE]

    @property
    def done_percent(self) -> int:
        """Rounded half up, as people round (Python's round() would make 12.5 % into 12 %)."""
        return math.floor(100 * self.done / self.total + 0.5) if self.total else 0

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        """(status, label, count) in chart order, for tables and legends."""
        return [(status, Activity.Status(status).label, self.counts[status]) for status in STATUS_ORDER]


def plan_progress(activities: Iterable[Activity], *, plan_name: str = "") -> tuple[list[Progress], Progress]:
    """Progress per focus area, in the order the areas first appear, and for the whole plan."""
    areas: dict[str, Progress] = {}
    whole = Progress(plan_name)
    for activity in activities:
        areas.setdefault(activity.focus_area, Progress(activity.focus_area)).add(activity)
        whole.add(activity)
    return list(areas.values()), whole


# The chart: one horizontal bar per focus area, its label above it. Lengths across are percentages
# of the chart's width, so it fits any screen; heights are in pixels.
LABEL_HEIGHT = 22
BAR_HEIGHT = 26
ROW_GAP = 12
LEGEND_HEIGHT = 48
LEGEND_COLUMNS = 2
LABEL_CHARS = 44  # fits a phone's width; the table under the chart has the full names
COUNT_MIN_SHARE = 0.06  # narrower segments carry no number; the table beside the chart has them all


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    count: int
    x: str
    width: str
    middle: str
    show_count: bool


@dataclass(frozen=True)
class Bar:
    name: str
    full_name: str
    label_y: int
    bar_y: int
    count_y: int
    segments: list[Segment]


def status_chart(areas: list[Progress]) -> dict:
    """The geometry of the bar chart for ``areas``, ready for the SVG template."""
    bars = []
    for index, area in enumerate(areas):
        top = index * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)
        bars.append(
            Bar(
                name=_short(area.name),
                full_name=area.name,
                label_y=top + LABEL_HEIGHT - 6,
                bar_y=top + LABEL_HEIGHT,
                count_y=top + LABEL_HEIGHT + BAR_HEIGHT // 2 + 5,
                segments=_segments(area),
            )
        )
    legend_y = len(areas) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)
    return {
        "bars": bars,
        "bar_height": BAR_HEIGHT,
        "legend": _legend(legend_y),
        "height": legend_y + LEGEND_HEIGHT,
    }


def _segments(area: Progress) -> list[Segment]:
    segments = []
    start = 0.0
    for status, label, count in area.by_status:
        if not count:
            continue
        share = count / area.total
        segments.append(
            Segment(
                status=status,
                label=label,
                count=count,
                x=_percent(start),
                width=_percent(share),
                middle=_percent(start + share / 2),
                show_count=share >= COUNT_MIN_SHARE,
            )
        )
        start += share
    return segments


def _legend(y: int) -> list[dict]:
    """One key per status, in two columns so it fits a phone."""
    return [
        {
            "status": status,
            "label": Activity.Status(status).label,
            "x": _percent((i % LEGEND_COLUMNS) / LEGEND_COLUMNS),
            "y": y + 4 + (i // LEGEND_COLUMNS) * 22,
        }
        for i, status in enumerate(STATUS_ORDER)
    ]


def _short(name: str) -> str:
    """``name`` cut at a word to fit the label's width, with an ellipsis when cut."""
    if len(name) <= LABEL_CHARS:
        return name
    cut = name[: LABEL_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def _percent(share: float) -> str:
    """An SVG length: always a dot for decimals, whatever the page's language."""
    return f"{100 * share:.3f}".rstrip("0").rstrip(".") + "%"
