"""Small server-rendered SVG charts (no JavaScript, no CDN): labelled, with values as text, not colour alone."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
CHART_WIDTH = 640
# Charts with many labels are drawn this wide, so that scaled to a 360 px phone their text stays near its size.
NARROW_WIDTH = 400


def history_chart(history) -> SafeString:
    """A bar per submitted attempt, its score written on it as the table writes it, pass/fail shown in words."""
    if not history:
        return mark_safe("")
    height = 200
    plot_height = height - 50
    # At least the narrow canvas (legible on a phone), so that one attempt is drawn as one narrow bar rather than
    # blown up to the page's width; wider (and scaled down) only when many attempts need more room.
    slot = max(30, min(60, (NARROW_WIDTH - 50) // len(history)))
    width = max(NARROW_WIDTH, 50 + slot * len(history))
    parts = [
        f'<svg class="chart history-chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="history-title history-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="history-title">Score of each submitted attempt, in percent</title>',
        f'<desc id="history-desc">{len(history)} attempts, oldest first.</desc>',
        f'<line x1="40" y1="{10 + plot_height}" x2="{width}" y2="{10 + plot_height}" class="axis"/>',
    ]
    for tick in (0, 50, 100):
        y = 10 + plot_height - plot_height * tick / 100
        parts.append(f'<text x="34" y="{y + 4:.0f}" text-anchor="end" class="tick">{tick}%</text>')
    for index, entry in enumerate(history):
        bar_height = plot_height * entry.percent / 100
        x = 44 + index * slot
        y = 10 + plot_height - bar_height
        label = escape(
            f"{entry.quiz_title} #{entry.number}: {entry.percent}% ({'passed' if entry.passed else 'not passed'})"
        )
        css = "bar passed" if entry.passed else "bar failed"
        middle = x + (slot - 6) / 2
        verdict = "P" if entry.passed else "F"
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{slot - 6}" height="{bar_height:.1f}" class="{css}">'
            f"<title>{label}</title></rect>"
        )
        parts.append(
            f'<text x="{middle:.0f}" y="{y - 3:.0f}" text-anchor="middle" class="value">{entry.percent}</text>'
        )
        parts.append(f'<text x="{middle:.0f}" y="{height - 22}" text-anchor="middle" class="tick">{verdict}</text>')
    parts.append(f'<text x="44" y="{height - 4}" class="tick">P = passed, F = not passed</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def mastery_chart(rows, *, title: str) -> SafeString:
    """A bar per topic or source under its full name: the mastery the table shows, drawn only once it has a level,
    with answered/total questions written beside it. Narrow, so that its text stays legible on a phone."""
    if not rows:
        return mark_safe("")
    row_height = 44
    height = 10 + row_height * len(rows)
    bar_space = NARROW_WIDTH - 130
    parts = [
        f'<svg class="chart mastery-chart" role="img" viewBox="0 0 {NARROW_WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
    ]
    for index, row in enumerate(rows):
        y = 6 + index * row_height
        # A long name is squeezed to the chart's width rather than cut off.
        fit = f' textLength="{NARROW_WIDTH}" lengthAdjust="spacingAndGlyphs"' if len(row.name) > 60 else ""
        parts.append(f'<text x="0" y="{y + 13}" class="tick label"{fit}>{escape(row.name)}</text>')
        parts.append(f'<rect x="0" y="{y + 19}" width="{bar_space}" height="{BAR_HEIGHT - 8}" class="track"/>')
        if row.is_measured:
            parts.append(
                f'<rect x="0" y="{y + 19}" width="{bar_space * row.mean_credit:.1f}" '
                f'height="{BAR_HEIGHT - 8}" class="bar"/>'
            )
        value = f"{row.percent}%" if row.is_measured else "not enough yet"
        parts.append(
            f'<text x="{bar_space + 6}" y="{y + 31}" class="value">{value} · '
            f"{row.questions_answered}/{row.questions_total}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def distribution_chart(bands: list[tuple[str, int]], *, title: str) -> SafeString:
    """A vertical bar per score band, its count written above it; empty when there is nothing to count."""
    if not any(count for _, count in bands):
        return mark_safe("")
    height, plot_height = 220, 160
    slot = (CHART_WIDTH - 20) // len(bands)
    most = max(count for _, count in bands)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="10" y1="{20 + plot_height}" x2="{CHART_WIDTH - 10}" y2="{20 + plot_height}" class="axis"/>',
    ]
    for index, (label, count) in enumerate(bands):
        bar_height = plot_height * count / most
        x = 14 + index * slot
        y = 20 + plot_height - bar_height
        middle = x + (slot - 8) / 2
        parts.append(
            f'<rect x="{x}" y="{y:.1f}" width="{slot - 8}" height="{bar_height:.1f}" class="bar">'
            f"<title>{escape(label)}: {count} attempt(s)</title></rect>"
        )
        parts.append(f'<text x="{middle:.0f}" y="{y - 4:.0f}" text-anchor="middle" class="value">{count}</text>')
        parts.append(
            f'<text x="{middle:.0f}" y="{height - 18}" text-anchor="middle" class="tick">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
