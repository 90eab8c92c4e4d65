"""Server-rendered SVG charts for the dashboard: no script, no CDN, readable offline and in print.

Each chart is drawn from a ``moderation.dashboard.Chart``; every label and number goes through ``escape``.
The same numbers are in the table under each chart, which is what screen readers are pointed to.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 46
PALETTE = ("#8a4b2a", "#2f6b45", "#1f5fbf", "#8a5a00", "#6b3fa0", "#a33333", "#3d7d8a", "#6b625a")
MARKER = "#a33333"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        if value <= step:
            return float(step)
    return float(value)


def _frame(chart, top: float) -> list[str]:
    plot_h = HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-{escape(chart.key)}-title" xmlns="http://www.w3.org/2000/svg" '
        'font-family="system-ui, sans-serif" font-size="11">',
        f'<title id="chart-{escape(chart.key)}-title">{escape(chart.title)}</title>',
    ]
    for i in range(5):
        y = TOP + plot_h * i / 4
        value = top * (4 - i) / 4
        label = f"{value:g}" if value < 1000 else f"{value / 1000:g}k"
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e6ded4"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#6b625a">{escape(label)}</text>'
        )
    return parts


def _x_labels(labels: list[str], xs: list[float]) -> list[str]:
    step = max(1, len(labels) // 8)
    out = []
    for i in range(0, len(labels), step):
        text = labels[i][5:] if len(labels[i]) == 10 else labels[i][:14]  # 2026-11-27 -> 11-27
        out.append(
            f'<text x="{xs[i]:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" fill="#6b625a">'
            f"{escape(text)}</text>"
        )
    return out


def _legend(names: list[str]) -> list[str]:
    out = []
    x = LEFT
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{x}" y="{HEIGHT - 18}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{x + 14}" y="{HEIGHT - 9}" fill="#2b2723">{escape(name[:24])}</text>')
        x += 24 + 7 * min(len(name), 24)
    return out


def _line(chart) -> list[str]:
    n = len(chart.labels)
    top = _nice_max(max((v for values in chart.series.values() for v in values), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    xs = [LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2) for i in range(n)]

    def y(v: float) -> float:
        return TOP + plot_h * (1 - v / top)

    parts = _frame(chart, top)
    names = list(chart.series)
    for s, name in enumerate(names):
        colour = PALETTE[s % len(PALETTE)]
        points = " ".join(f"{xs[i]:.1f},{y(v):.1f}" for i, v in enumerate(chart.series[name]))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
    marked = set(chart.markers)
    for name, i in sorted(marked):
        v = chart.series[name][i]
        parts.append(
            f'<circle class="cluster-marker" cx="{xs[i]:.1f}" cy="{y(v):.1f}" r="6" fill="none" '
            f'stroke="{MARKER}" stroke-width="2.5"><title>{escape(name)}: {v:g} in the week of '
            f"{escape(chart.labels[i])}, well above its usual</title></circle>"
        )
    parts += _x_labels(chart.labels, xs) + _legend(names) + ["</svg>"]
    return parts


def _bars(chart, *, stacked: bool) -> list[str]:
    names = list(chart.series)
    n = len(chart.labels)
    totals = [sum(chart.series[name][i] for name in names) for i in range(n)] if stacked else []
    top = 100.0 if stacked else _nice_max(max((v for vs in chart.series.values() for v in vs), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(n, 1)
    parts = _frame(chart, top)
    xs = [LEFT + slot * (i + 0.5) for i in range(n)]
    for i in range(n):
        base = 0.0
        for s, name in enumerate(names):
            value = chart.series[name][i]
            colour = PALETTE[s % len(PALETTE)]
            if stacked:
                share = 100 * value / totals[i] if totals[i] else 0
                h = plot_h * share / top
                y = TOP + plot_h - base - h
                x, w = LEFT + slot * i + slot * 0.2, slot * 0.6
                base += h
                tip = f"{escape(chart.labels[i])}: {value:g} {escape(name)} ({share:.0f}%)"
            else:
                w = slot * 0.7 / len(names)
                x = LEFT + slot * i + slot * 0.15 + w * s
                h = plot_h * value / top
                y = TOP + plot_h - h
                tip = f"{escape(chart.labels[i])}: {value:g} {escape(name)}"
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{tip}</title></rect>"
            )
    parts += _x_labels(chart.labels, xs) + _legend(names) + ["</svg>"]
    return parts


@register.simple_tag
def svg_chart(chart) -> SafeString:
    if not chart.labels or not chart.series:
        return mark_safe('<p class="muted">Nothing in this range yet.</p>')
    if chart.kind == "line":
        parts = _line(chart)
    else:
        parts = _bars(chart, stacked=chart.kind == "stacked")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or a number we formatted


@register.simple_tag
def chart_table(chart) -> SafeString:
    """The numbers behind a chart as an HTML table. Built here rather than with template loops: a year of
    days is a few thousand cells, which the template engine took tens of milliseconds to render."""
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in chart.columns)
    if chart.rows:
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in chart.rows
        )
    else:
        body = f'<tr><td colspan="{len(chart.columns)}" class="muted">Nothing in this range.</td></tr>'
    return mark_safe(  # noqa: S308 - every cell is escaped above
        f'<table class="audit"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )
