#!/usr/bin/env python3
"""Draws bench/results.svg from bench/results.json: for each scenario at c=16, a bar of requests/s and a bar
of p99 latency. Plain SVG, no dependencies. Usage: chart.py RESULTS_JSON OUT_SVG"""
from __future__ import annotations

import json
import math
import sys
from html import escape
from pathlib import Path

COLORS = {"limit": "#8c8c8c", "baseline": "#3b6fb6", "peer": "#d9822b", "gateway": "#2e8b57", "gateway-otel": "#7fbf9a",
          "gateway-pg": "#6a4c93"}


def label(row: dict) -> str:
    era = ", 2026" if row.get("era") == "2026-07-28" else ""  # every other row is 2025-06-18
    return {
        "limit": "limit: bare ASP.NET Core",
        "baseline": f"baseline: official C# host echo{' (2026)' if era else ''}",
        "peer": "peer: TypeScript SDK echo",
        "gateway": f"gateway {row['label']} (SQLite{era})",
        "gateway-otel": f"gateway {row['label']} (telemetry on{era})",
        "gateway-pg": f"gateway {row['label']} (PostgreSQL{era})",
    }[row["server"]]


def axis(value: float, count: int = 4) -> tuple[float, float]:
    """A round axis end at or above value, and a round tick step giving about `count` ticks."""
    if value <= 0:
        return 1.0, 0.25
    rough = value / count
    exp = 10 ** math.floor(math.log10(rough))
    step = next(m * exp for m in (1, 2, 2.5, 5, 10) if m * exp >= rough)
    return math.ceil(value / step) * step, step


def short(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


def main() -> int:
    data = json.loads(Path(sys.argv[1]).read_text())
    conc = data["meta"]["concurrency"]
    c = 16 if 16 in conc else conc[len(conc) // 2]
    rows = [r for r in data["summary"] if r["c"] == c]

    left, row_h, top_pad = 350, 26, 70
    rps_w, gap, p99_w, right = 380, 60, 230, 30
    width = left + rps_w + gap + p99_w + right
    height = top_pad + row_h * len(rows) + 60
    rps_max, rps_step = axis(max(r["rps"] for r in rows) * 1.12)
    p99_max, p99_step = axis(max(r["p99_ms"] for r in rows) * 1.12, 3)
    x_rps, x_p99 = left, left + rps_w + gap

    meta = data["meta"]
    svg: list[str] = []
    a = svg.append
    a(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
      'font-family="DejaVu Sans, Arial, sans-serif" font-size="12">')
    a(f'<rect width="{width}" height="{height}" fill="white"/>')
    title = f"Reading Room benchmark at c={c}: requests/s and p99 latency"
    a(f'<text x="16" y="24" font-size="16" font-weight="bold">{escape(title)}</text>')
    sub = (f"{meta['machine']['nproc']} cores ({escape(meta['machine']['cpu_model'])}), server on CPU {meta['server_cpu']}, "
           f"wrk -t1 on CPU {meta['load_cpu']}; median of {meta['rounds']} × {meta['duration_s']:.0f} s; {meta['mode']} run {meta['date'][:10]}")
    a(f'<text x="16" y="42" fill="#555">{sub}</text>')
    a(f'<text x="{x_rps}" y="{top_pad - 8}" font-weight="bold">requests/s (higher is better)</text>')
    a(f'<text x="{x_p99}" y="{top_pad - 8}" font-weight="bold">p99 latency, ms (lower is better)</text>')

    bottom = top_pad + row_h * len(rows)
    for panel_x, panel_w, vmax, step in ((x_rps, rps_w, rps_max, rps_step), (x_p99, p99_w, p99_max, p99_step)):
        for t in (i * step for i in range(round(vmax / step) + 1)):
            x = panel_x + panel_w * t / vmax
            a(f'<line x1="{x:.1f}" y1="{top_pad}" x2="{x:.1f}" y2="{bottom}" stroke="#e3e3e3"/>')
            a(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#555">{short(t)}</text>')
        a(f'<line x1="{panel_x}" y1="{top_pad}" x2="{panel_x}" y2="{bottom}" stroke="#999"/>')

    for i, r in enumerate(rows):
        y = top_pad + i * row_h
        color = COLORS.get(r["server"], "#444")
        a(f'<text x="{left - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end">{escape(label(r))}</text>')
        w = rps_w * r["rps"] / rps_max
        a(f'<rect x="{x_rps}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 8}" fill="{color}"/>')
        a(f'<text x="{x_rps + w + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#222">{r["rps"]:,.0f}</text>')
        w = p99_w * r["p99_ms"] / p99_max
        a(f'<rect x="{x_p99}" y="{y + 4}" width="{max(w, 1):.1f}" height="{row_h - 8}" fill="{color}" fill-opacity="0.55"/>')
        a(f'<text x="{x_p99 + w + 4:.1f}" y="{y + row_h / 2 + 4:.1f}" fill="#222">{r["p99_ms"]:.1f}</text>')
        if r["errors"]:
            a(f'<text x="{width - 8}" y="{y + row_h / 2 + 4:.1f}" text-anchor="end" fill="#c00">{r["errors"]} errors</text>')

    a(f'<text x="16" y="{height - 12}" fill="#555">Numbers from bench/results.json; full table in bench/RESULTS.md.</text>')
    a("</svg>")
    Path(sys.argv[2]).write_text("\n".join(svg) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
