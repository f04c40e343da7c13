"""A radar (spider) chart as inline SVG, built in Python (no JavaScript, prints as drawn).

The element is meant for inline use in HTML, where it needs no ``xmlns`` attribute.

Each axis runs from 0 at the centre to 1 at the rim (values are normalised scores). A missing
value is drawn at the centre and marked with a hollow dot, so a gap in the data stays visible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

Series = tuple[str, Sequence[float | None], str, str]  # name, values, colour, dash pattern


def _point(cx: float, cy: float, radius: float, index: int, count: int,
           value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(1.0, value))
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _wrap(text: str, width: int = 18, lines: int = 3) -> list[str]:
    out: list[str] = []
    for word in text.split():
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = [*out[:lines - 1], " ".join(out[lines - 1:])[:width - 1] + "…"]
    return out


def radar_svg(axes: Sequence[str], series: Sequence[Series], *, size: int = 460,
              title: str = "") -> str:
    """Return an ``<svg>`` element: rings at 0.25/0.5/0.75/1, one spoke per axis, one closed
    polygon per series, and a legend below.

    An axis name ``"CODE\nName"`` is drawn as the code in bold with the name wrapped below
    it, so the chart reads without a key."""
    n = len(axes)
    legend_h = 22 * len(series) + 10
    cx = cy = size / 2
    named = any("\n" in a for a in axes)
    radius = size / 2 - (110 if named else 56)
    parts = [f'<svg role="img" width="{size}" '
             f'height="{size + legend_h}" viewBox="0 0 {size} {size + legend_h}" '
             f'aria-label="{escape(title)}" class="radar">',
             f"<title>{escape(title)}</title>",
             f'<rect x="0" y="0" width="{size}" height="{size + legend_h}" fill="#ffffff"/>']
    if n < 3:
        parts.append(f'<text x="{cx}" y="{cy}" text-anchor="middle" font-size="13">'
                     "not enough indicators for a radar chart</text></svg>")
        return "".join(parts)
    for ring in (0.25, 0.5, 0.75, 1.0):
        ring_pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                            (_point(cx, cy, radius, i, n, ring) for i in range(n)))
        parts.append(f'<polygon points="{ring_pts}" fill="none" stroke="#d9dee8" '
                     'stroke-width="1"/>')
        lx, ly = _point(cx, cy, radius, 0, n, ring)
        parts.append(f'<text x="{lx + 4:.1f}" y="{ly + 4:.1f}" font-size="10" '
                     f'fill="#5b6478">{ring:g}</text>')
    for i, name in enumerate(axes):
        x, y = _point(cx, cy, radius, i, n, 1.0)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                     'stroke="#c3c9d6" stroke-width="1"/>')
        lx, ly = _point(cx, cy, radius + 22, i, n, 1.0)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        code, _, label = name.partition("\n")
        extra = _wrap(label) if label else []
        top = ly + 4 - (14 * len(extra) if ly < cy - 8 else 0)
        parts.append(f'<text x="{lx:.1f}" y="{top:.1f}" text-anchor="{anchor}" '
                     f'font-size="13" fill="#1d2433"><tspan font-weight="600">'
                     f"{escape(code)}</tspan>"
                     + "".join(f'<tspan x="{lx:.1f}" dy="14" font-size="11">{escape(line)}'
                               "</tspan>" for line in extra)
                     + "</text>")
    for name, values, colour, dash in series:
        pts = [_point(cx, cy, radius, i, n, v if v is not None else 0.0)
               for i, v in enumerate(values)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" '
                     f'fill="{colour}" fill-opacity="0.12" stroke="{colour}" '
                     f'stroke-width="2.5"{dash_attr}><title>{escape(name)}</title></polygon>')
        for (x, y), v in zip(pts, values, strict=True):
            fill = colour if v is not None else "#ffffff"
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" '
                         f'stroke="{colour}" stroke-width="1.5"/>')
    for k, (name, _values, colour, dash) in enumerate(series):
        y = size + 8 + 22 * k
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<line x1="24" y1="{y + 7}" x2="60" y2="{y + 7}" stroke="{colour}" '
                     f'stroke-width="3"{dash_attr}/>')
        parts.append(f'<text x="70" y="{y + 11}" font-size="13" fill="#1d2433">'
                     f"{escape(name)}</text>")
    parts.append("</svg>")
    return "".join(parts)
