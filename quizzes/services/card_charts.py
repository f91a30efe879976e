"""SVG charts of the flashcard statistics, drawn like services.charts: labelled, values written as text."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HEIGHT = 190
PLOT_TOP = 18
PLOT_HEIGHT = 130
LEFT = 44
MIN_WIDTH = 640


def day_bars(*, rows: list[tuple[str, float | None, str]], title: str, max_value: float, unit: str = "") -> SafeString:
    """A vertical bar per day: rows are (day label, value or None for no data, tooltip); the value is written."""
    if not rows or not any(value for _, value, _ in rows):
        return mark_safe("")
    # At least the full canvas, so that a few days are not blown up to the page's width with giant labels.
    slot = max(20, (MIN_WIDTH - LEFT - 8) // len(rows))
    width = LEFT + slot * len(rows) + 8
    base = PLOT_TOP + PLOT_HEIGHT
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT - 4}" y1="{base}" x2="{width}" y2="{base}" class="axis"/>',
        f'<text x="{LEFT - 8}" y="{PLOT_TOP + 4}" text-anchor="end" class="tick">{max_value:g}{unit}</text>',
        f'<text x="{LEFT - 8}" y="{base + 4}" text-anchor="end" class="tick">0</text>',
    ]
    for index, (label, value, tooltip) in enumerate(rows):
        x = LEFT + index * slot
        middle = x + (slot - 4) / 2
        if value:
            bar = PLOT_HEIGHT * min(value, max_value) / max_value
            parts.append(
                f'<rect x="{x}" y="{base - bar:.1f}" width="{slot - 4}" height="{bar:.1f}" class="bar">'
                f"<title>{escape(tooltip)}</title></rect>"
                f'<text x="{middle:.0f}" y="{base - bar - 3:.0f}" text-anchor="middle" class="value">{value:g}</text>'
            )
        # Weekly labels counted back from the last day, and the first day's when it is not crowded.
        if (len(rows) - 1 - index) % 7 == 0 or (index == 0 and (len(rows) - 1) % 7 >= 4):
            parts.append(f'<text x="{middle:.0f}" y="{base + 16}" text-anchor="middle" class="tick">{label}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def reviews_chart(days) -> SafeString:
    rows = [(f"{d.day:%d %b}", d.reviews, f"{d.day:%d %b}: {d.reviews} reviews") for d in days]
    return day_bars(rows=rows, title="Reviews per day, last 30 days", max_value=max(d.reviews for d in days) or 1)


def retention_chart(days) -> SafeString:
    rows = [(f"{d.day:%d %b}", d.retention, f"{d.day:%d %b}: {d.retention}% of review cards recalled") for d in days]
    return day_bars(rows=rows, title="Retention per day (review cards recalled), last 30 days", max_value=100, unit="%")


def forecast_chart(forecast) -> SafeString:
    rows = [(f"{day:%d %b}", n, f"{day:%d %b}: {n} cards due") for day, n in forecast]
    return day_bars(rows=rows, title="Cards due in the next 14 days", max_value=max(n for _, n in forecast) or 1)
