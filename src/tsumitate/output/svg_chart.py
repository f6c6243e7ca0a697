"""An inline SVG line chart (no library, no network): accumulated deposits against a level."""

from __future__ import annotations

from .visible import html_text as escape


def cumulative_chart(labels: list[str], series: list[tuple[str, str, list[int | None]]],
                     level: tuple[str, int] | None, width: int = 640, height: int = 260) -> str:
    """``series``: (name, colour, cumulative yen per month; None = no data); ``level``: a horizontal line."""
    left, right, top, bottom = 76, 16, 16, 48
    values = [v for _, _, vs in series for v in vs if v is not None] + ([level[1]] if level else []) + [0]
    top_value = max(values) or 1
    step = _nice_step(top_value)
    top_value = ((top_value + step - 1) // step) * step
    n = max(len(labels), 1)
    plot_w, plot_h = width - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / n)

    def y(v: int) -> float:
        return top + plot_h * (1 - v / top_value)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" font-family="sans-serif" font-size="11">']
    for v in range(0, top_value + 1, step):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#555">{v:,}</text>')
    for i, lab in enumerate(labels):
        parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" fill="#555">{escape(lab)}</text>')
    if level:
        name, v = level
        parts.append(f'<line class="level" x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     f'stroke="#c0392b" stroke-dasharray="6 4" stroke-width="2"/>')
        parts.append(f'<text x="{left + 6}" y="{y(v) - 6:.1f}" fill="#c0392b">{escape(name)} {v:,}</text>')
    for name, colour, vs in series:
        pts = [(x(i), y(v)) for i, v in enumerate(vs) if v is not None]
        if not pts:
            continue
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
        parts.append(f'<polyline class="series" points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        parts.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}"/>' for px, py in pts)
    lx = left
    for name, colour, _ in series:
        parts.append(f'<rect x="{lx}" y="{height - 18}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{lx + 16}" y="{height - 8}" fill="#333">{escape(name)}</text>')
        lx += 20 + 13 * len(name)
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(top: int) -> int:
    """A round grid step giving about four to eight lines."""
    raw = max(top // 5, 1)
    mag = 10 ** (len(str(raw)) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag
