"""Bar charts computed on the server and drawn as SVG by `reports/_bar_chart.html`, the same on a
page and in a PDF: absolute coordinates in a viewBox (WeasyPrint and browsers agree on them),
classes instead of inline styles (the CSP holds), a <title> and <desc> as the text alternative,
and the numbers again in a table beside the chart."""

from dataclasses import dataclass

WIDTH = 640
LABEL_END = 232  # labels are right-aligned here
BAR_START = 240
BAR_SPACE = 300  # the longest bar
ROW = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    display: str  # the value as the reader sees it, e.g. "40 %"
    y: int
    width: int  # whole pixels: a float would be written with a decimal comma in Swedish

    @property
    def text_y(self) -> int:
        return self.y + 14

    @property
    def value_x(self) -> int:
        return BAR_START + self.width + 8


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    bars: list
    height: int
    width: int = WIDTH
    label_end: int = LABEL_END
    bar_start: int = BAR_START


def bar_chart(chart_id: str, title, description, items, *, maximum: float | None = None) -> BarChart:
    """`items` are (label, value, display). Bars are scaled to `maximum` (the largest value if
    not given; 1.0 suits shares); a zero-sized set still draws its axis without dividing by zero."""
    largest = maximum if maximum is not None else max([value for _l, value, _d in items] + [0])
    bars = [
        Bar(str(label), value, display, 8 + ROW * n, round(BAR_SPACE * value / largest) if largest else 0)
        for n, (label, value, display) in enumerate(items)
    ]
    return BarChart(chart_id, str(title), str(description), bars, height=16 + ROW * len(bars))


def percent(value: float) -> str:
    """A share in the reader's language: 66,7 % in Swedish, 66.7 % in English; 50 %, not 50,0 %."""
    from django.template.defaultfilters import floatformat

    return f"{floatformat(100 * value, -1)}\u00a0%"


# SVG fill colours by responsible party (attributes: WeasyPrint does not take fill from CSS classes).
RESPONSIBLE_COLOURS = {"employer": "#1e6b34", "provider": "#6b3fa0", "municipality": "#8a5300"}
BRAND = "#1d4f91"


@dataclass(frozen=True)
class ChainBar:
    label: str
    kind: str
    x: int
    width: int
    y: int

    @property
    def colour(self) -> str:
        return RESPONSIBLE_COLOURS.get(self.kind, BRAND)


def chain_chart(tl, title, description) -> dict:
    """A track's intervention chain (a `tracks.timeline.Timeline`, in percent of its axis) in
    whole pixels of a WIDTH-wide viewBox, with month ticks."""
    def px(percent_of_axis):
        return round(WIDTH * percent_of_axis / 100)

    return {
        "id": "chart-chain", "title": str(title), "description": str(description), "width": WIDTH, "height": tl.height,
        "bars": [ChainBar(bar.item.title, bar.item.responsible, px(bar.x), max(px(bar.width), 2), bar.y) for bar in tl.bars],
        "months": [(px(x), month) for x, month in tl.months],
    }
