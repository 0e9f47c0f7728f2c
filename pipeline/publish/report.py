"""The visual report: one static HTML page and four PNG charts drawn from the published tables.

`build_report(folder)` reads the published folder with DuckDB and writes, beside the tables,
`report.html` and its charts `report-*.png`: events over time by type, who acts on whom, the
contested figures side by side by claimant, and document coverage by date and outlet. Every
number on the page is a query over the tables (the page lists the queries), and the page has
no script and loads nothing from the network, so it opens offline from a folder or a bundle.

The same tables give the same bytes: the HTML carries no time, and the PNGs are drawn by
matplotlib's Agg renderer with its bundled font and encoded by Pillow, with one text chunk:
the key of the rows and code a chart was drawn from, so that a redraw keeps a chart whose
rows did not change.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import math
import os
import re
import struct
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, Future
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipeline.common.cache import code_fingerprint
from pipeline.common.ids import stable_id
from pipeline.publish.dataset import EXAMPLE_QUERIES, sql_string, view_statements
from pipeline.publish.locks import exclusive

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

REPORT_HTML = "report.html"
CHART_KEY = "actas-chart"  # a chart's tEXt chunk: the key of what it was drawn from
CHARTS = {
    "timeline": "report-timeline.png",
    "network": "report-actor-network.png",
    "contested": "report-contested-figures.png",
    "coverage": "report-coverage.png",
}
REPORT_FILES = (REPORT_HTML, *CHARTS.values())
COUNTED_TABLES = ("documents", "sentences", "actors", "events", "figures", "citations")
MAX_NODES = 24  # the network shows the most active actors; more labels would not be legible
MAX_GROUPS = 8  # contested counts drawn; the table under the chart lists all of them
MAX_CLAIMS = 12  # distinct claims drawn per count
MAX_LINES = 20  # event types or outlets in a dot chart
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.4}
DPI = 100
PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
]  # fmt: skip
_VERSION_META = re.compile(r'<meta name="actas-version" content="([^"]*)">')

TIMELINE_SQL = """
select e.event_type, coalesce(e.event_date, d.published_date) as day, count(*) as events
from events e
join documents d on d.doc_id = e.doc_id
group by all
order by day nulls last, e.event_type;
""".strip()
NETWORK_SQL = """
select a.name as source, b.name as target, count(*) as events
from events e
join actors a on a.actor_id = e.source_actor_id
join actors b on b.actor_id = e.target_actor_id
where e.source_actor_id <> e.target_actor_id
group by all
order by events desc, source, target;
""".strip()
CONTESTED_SQL = EXAMPLE_QUERIES[0].sql
COVERAGE_SQL = """
select coalesce(o.name, '(outlet not stated)') as outlet, d.published_date as day,
       count(*) as documents
from documents d
left join sources o on o.source_id = d.outlet_id
group by all
order by day nulls last, outlet;
""".strip()


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple]


@dataclass(frozen=True)
class ReportData:
    version: str
    counts: dict[str, int]
    timeline: Result
    network: Result
    contested: Result
    coverage: Result


@dataclass(frozen=True)
class Report:
    path: Path
    version: str
    files: dict[str, int]  # file name -> bytes
    counts: dict[str, int]


def build_report(published: Path, helper: Executor | None = None) -> Report:
    """Write report.html and its charts into the published folder, replacing earlier ones.
    With a `helper` (processes that have run `prepare_drawing`), the charts are drawn there,
    side by side, while this process writes the page."""
    published = Path(published)
    data = read_report_data(published)
    # Costliest first, so that a helper of two processes ends them at about the same time.
    drawings = {
        "contested": (contested_png, data.contested),
        "network": (network_png, data.network),
        "coverage": (coverage_png, data.coverage),
        "timeline": (timeline_png, data.timeline),
    }
    keys = {name: chart_key(name, rows) for name, (_, rows) in drawings.items()}
    charts: dict[str, bytes | Future] = {}
    for name, (draw, rows) in drawings.items():
        kept = _kept(published / CHARTS[name], keys[name])
        if kept is not None:
            charts[name] = kept
        elif helper is not None:
            charts[name] = helper.submit(_keyed, draw, rows, keys[name])
        else:
            charts[name] = _keyed(draw, rows, keys[name])
    files = {CHARTS[name]: _drawn(chart, *drawings[name], keys[name])
             for name, chart in charts.items()}  # fmt: skip
    files[REPORT_HTML] = render_html(data).encode("utf-8")
    with exclusive(published, "publish somewhere else (--out, or the PublishFolder resource)"):
        for name, content in files.items():
            _write_atomically(published / name, content)
    sizes = {name: len(content) for name, content in files.items()}
    return Report(published / REPORT_HTML, data.version, sizes, data.counts)


def _kept(path: Path, key: str) -> bytes | None:
    """The PNG already at `path` if this code drew it from the same rows (after a few new
    texts, some charts' rows are as they were)."""
    with contextlib.suppress(OSError):
        old = path.read_bytes()
        if png_text(old).get(CHART_KEY) == key:
            return old
    return None


def _drawn(chart: bytes | Future, draw: Callable[[Result], bytes], rows: Result, key: str) -> bytes:
    """A chart's PNG; one the helper failed to draw (its process died, say) is drawn here."""
    if not isinstance(chart, Future):
        return chart
    try:
        return chart.result()
    except BrokenExecutor:
        return _keyed(draw, rows, key)


def _keyed(draw: Callable[[Result], bytes], rows: Result, key: str) -> bytes:
    """The chart of these rows, carrying their key (see `chart_key`)."""
    return with_text(draw(rows), CHART_KEY, key)


def chart_key(name: str, result: Result) -> str:
    """What a chart is drawn from: its rows, and the code and libraries that draw it."""
    return stable_id(_drawing_code(), repr((name, result.columns, result.rows)), length=32)


@cache
def _drawing_code() -> str:
    libraries = [f"{lib} {metadata.version(lib)}" for lib in ("matplotlib", "pillow", "numpy")]
    return code_fingerprint(("publish.report",), salt="\x1f".join(libraries))


def with_text(png: bytes, keyword: str, text: str) -> bytes:
    """The PNG with a tEXt chunk after its header chunk (IHDR, which must come first)."""
    data = keyword.encode("latin-1") + b"\0" + text.encode("latin-1")
    body = b"tEXt" + data
    chunk = struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    after_header = 8 + 25  # the signature; IHDR: length, type, 13 bytes, CRC
    return png[:after_header] + chunk + png[after_header:]


def png_text(png: bytes) -> dict[str, str]:
    """The tEXt chunks of a PNG that come before its image data."""
    found, at = {}, 8
    while at + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[at : at + 8])
        if kind == b"IDAT":
            break
        if kind == b"tEXt":
            keyword, _, text = png[at + 8 : at + 8 + length].partition(b"\0")
            found[keyword.decode("latin-1")] = text.decode("latin-1")
        at += 12 + length
    return found


def report_version(page: str) -> str | None:
    """The dataset version a report.html was drawn from."""
    found = _VERSION_META.search(page)
    return html.unescape(found.group(1)) if found else None


def _write_atomically(path: Path, content: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(content)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


# Reading the tables


def read_report_data(published: Path) -> ReportData:
    """Every number the report shows, queried from the folder's Parquet files."""
    package = Path(published) / "datapackage.json"
    if not package.is_file():
        raise FileNotFoundError(f"no published dataset in {published}: publish it first")
    version = json.loads(package.read_text(encoding="utf-8"))["version"]
    with _connect(Path(published)) as con:
        counts = {t: query(con, f"select count(*) from {t}").rows[0][0] for t in COUNTED_TABLES}
        return ReportData(
            version=version,
            counts=counts,
            timeline=query(con, TIMELINE_SQL),
            network=query(con, NETWORK_SQL),
            contested=query(con, CONTESTED_SQL),
            coverage=query(con, COVERAGE_SQL),
        )


def _connect(published: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET file_search_path = {sql_string(str(published.resolve()))}")
    for statement in view_statements():
        con.execute(statement)
    return con


def query(con: duckdb.DuckDBPyConnection, sql: str) -> Result:
    relation = con.sql(sql)
    return Result(list(relation.columns), relation.fetchall())


# Charts


def prepare_drawing() -> None:
    """Import what drawing a chart needs and draw an empty one (which loads the font): about
    a second, which a helper process can spend before it is asked for charts."""
    _png(1, 1, lambda fig: fig.add_subplot().set_title("·"))


def _png(width: float, height: float, draw: Callable) -> bytes:
    """Draw on a new figure and return it as PNG bytes with no varying metadata."""
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    style = {
        "font.family": "DejaVu Sans",  # bundled with matplotlib: the same glyphs on any machine
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    with matplotlib.rc_context(style):
        fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        draw(fig)
        # The canvas lays the figure out as it draws it; savefig would draw it once more
        # without rendering to lay it out, and encode a PNG only for us to decode it.
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        image = Image.fromarray(np.asarray(canvas.buffer_rgba()), "RGBA")
    return _palette_png(image)


def _palette_png(image: PILImage) -> bytes:
    """The picture in 256 colours: a third of the bytes, and no text chunks at all."""
    from PIL import Image

    # Octree is several times faster than median cut, and its files are smaller here.
    reduced = image.convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    reduced.save(out, format="PNG")
    return out.getvalue()


def _nothing(ax, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", color="#666666", fontsize=11)


def timeline_png(timeline: Result) -> bytes:
    """Events by PLOVER type over time (undated events take their article's date)."""
    return _dot_chart(timeline.rows, "Events over time, by type", "events")


def coverage_png(coverage: Result) -> bytes:
    """Documents by outlet over publication days."""
    rows = [(outlet, day, n) for outlet, day, n in coverage.rows]
    return _dot_chart(rows, "Documents by publication date and outlet", "documents")


def period_of(first: date, last: date) -> str:
    """The bin that keeps a chart under about 60 dots per line: day, week or month."""
    span = (last - first).days
    return "day" if span <= 60 else "week" if span <= 420 else "month"


def period_start(day: date, period: str) -> date:
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if period == "month" else day


def binned(rows: list[tuple[str, date, int]], period: str) -> list[tuple[str, date, int]]:
    """Counts summed per category and period, in a stable order."""
    totals: Counter[tuple[str, date]] = Counter()
    for category, day, n in rows:
        totals[category, period_start(day, period)] += n
    return [(c, d, n) for (c, d), n in sorted(totals.items())]


def _dot_chart(rows: list[tuple[str, date | None, int]], title: str, what: str) -> bytes:
    """One line per category (the busiest MAX_LINES), a dot per period sized by its count."""
    per_category: Counter[str] = Counter()
    for category, _, n in rows:
        per_category[category] += n
    busiest = sorted(per_category, key=lambda c: (-per_category[c], c))[:MAX_LINES]
    categories = sorted(busiest)
    dated = [(c, d, n) for c, d, n in rows if d is not None and c in busiest]
    notes = []
    if len(per_category) > len(categories):
        notes.append(f"the {len(categories)} busiest of {len(per_category)} lines")
    undated = sum(n for _, d, n in rows if d is None)
    if undated:
        notes.append(f"{what} with no date, not shown: {undated}")
    period = period_of(min(d for _, d, _ in dated), max(d for _, d, _ in dated)) if dated else ""
    if dated:
        notes.insert(0, f"one dot per {period}")

    def draw(fig) -> None:
        ax = fig.add_subplot()
        fig.suptitle(f"{title}\n{'; '.join(notes)}", fontsize=11)
        if not dated:
            _nothing(ax, f"no dated {what}")
            return
        _draw_dots(ax, categories, binned(dated, period), period)

    return _png(9, 1.8 + 0.38 * max(len(categories), 2), draw)


def _draw_dots(ax, categories: list[str], dots: list[tuple[str, date, int]], period: str) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    line = {c: len(categories) - 1 - i for i, c in enumerate(categories)}  # A at the top
    first, last = min(d for _, d, _ in dots), max(d for _, d, _ in dots)
    slots = (last - first).days / PERIOD_DAYS[period] + 1
    largest = min(24.0, max(10.0, 560 / slots)) ** 2  # area in points², so dots rarely touch
    biggest = max(n for _, _, n in dots)
    ax.scatter(
        [d for _, d, _ in dots],
        [line[c] for c, _, _ in dots],
        s=[max(36.0, largest * n / biggest) for _, _, n in dots],
        c=[PALETTE[line[c] % len(PALETTE)] for c, _, _ in dots],
        alpha=0.75,
        edgecolors="white",
        linewidths=0.5,
    )
    if len(dots) <= 200:
        for c, d, n in dots:
            ax.annotate(str(n), (d, line[c]), ha="center", va="center", fontsize=6.5)
    ax.set_yticks(range(len(categories)), list(reversed(categories)))
    ax.set_ylim(-0.7, len(categories) - 0.3)
    pad = timedelta(days=PERIOD_DAYS[period])
    ax.set_xlim(first - pad, last + pad)
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def network_png(network: Result) -> bytes:
    """Actors on a circle, an arrow from who acts to whom, as wide as the number of events."""
    edges = [(s, t, n) for s, t, n in network.rows]
    degree: Counter[str] = Counter()
    for source, target, n in edges:
        degree[source] += n
        degree[target] += n
    nodes = sorted(degree, key=lambda a: (-degree[a], a))[:MAX_NODES]
    shown = set(nodes)
    edges = [e for e in edges if e[0] in shown and e[1] in shown]
    title = "Who acts on whom (arrow width: number of events)"
    if len(degree) > len(nodes):
        title += f"\nthe {len(nodes)} most active of {len(degree)} actors"

    def draw(fig) -> None:
        ax = fig.add_subplot()
        fig.suptitle(title, fontsize=11)
        if not edges:
            _nothing(ax, "no event has both a source and a target actor")
            return
        _draw_network(ax, nodes, edges, degree)

    return _png(10, 6.8, draw)


def circle_layout(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Evenly spaced on the unit circle, clockwise from the top; consecutive nodes (the
    busiest, when sorted so) land far apart, so their arrows cross the circle."""
    n = max(len(nodes), 1)
    stride = next(k for k in range(max(1, round(n / 3)), n + 1) if math.gcd(k, n) == 1)
    angles = {a: math.pi / 2 - 2 * math.pi * (i * stride % n) / n for i, a in enumerate(nodes)}
    return {a: (math.cos(t), math.sin(t)) for a, t in angles.items()}


def _draw_network(ax, nodes: list[str], edges: list[tuple], degree: Counter) -> None:
    position = circle_layout(nodes)
    heaviest = max(n for _, _, n in edges)
    for source, target, n in sorted(edges, key=lambda e: (e[2], e[0], e[1])):
        ax.annotate(
            "",
            xy=position[target],
            xytext=position[source],
            arrowprops={
                "arrowstyle": "-|>",
                "color": "#4e79a7",
                "alpha": 0.55,
                "lw": 0.6 + 5 * n / heaviest,
                "mutation_scale": 10 + 8 * n / heaviest,
                "shrinkA": 9,
                "shrinkB": 9,
                "connectionstyle": "arc3,rad=0.12",  # A->B and B->A stay apart
            },
        )
    most = max(degree[a] for a in nodes)
    xs, ys = zip(*(position[a] for a in nodes), strict=True)
    sizes = [40 + 500 * degree[a] / most for a in nodes]
    ax.scatter(xs, ys, s=sizes, color="#f28e2b", edgecolors="white", zorder=3)
    for a in nodes:
        x, y = position[a]
        ha = "left" if x > 0.05 else "right" if x < -0.05 else "center"
        va = "bottom" if y > 0.95 else "top" if y < -0.95 else "center"
        ax.text(1.1 * x, 1.1 * y, f"{a} ({degree[a]})", ha=ha, va=va, fontsize=8)
    ax.set_xlim(-2.0, 2.0)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.set_axis_off()


def contested_png(contested: Result) -> bytes:
    """One panel per contested count (whom it is about, unit): a bar per claim, by claimant."""
    groups: dict[tuple[str, str], dict[tuple, tuple]] = {}
    for about, unit, claimed_by, qualifier, value, text in contested.rows:
        # the same claim repeated by many articles is one bar
        claims = groups.setdefault((about, unit), {})
        claims.setdefault((claimed_by, qualifier, value), (claimed_by, qualifier, value, text))
    shown = [(key, list(claims.values())[:MAX_CLAIMS]) for key, claims in groups.items()]
    shown = shown[:MAX_GROUPS]
    claimants = sorted({claim[0] for _, claims in shown for claim in claims})
    title = "Contested figures: the same count, different numbers, by claimant"
    if len(groups) > len(shown):
        title += f"\nthe first {len(shown)} of {len(groups)} counts; the table lists all"
    height = 1.2 + sum(0.45 * len(claims) + 0.7 for _, claims in shown)

    def draw(fig) -> None:
        if not shown:
            fig.suptitle(title, fontsize=11)
            _nothing(fig.add_subplot(), "no figure is claimed with different values")
            return
        axes = fig.subplots(len(shown), 1, height_ratios=[len(c) + 0.5 for _, c in shown])
        fig.suptitle(title, fontsize=11)
        for ax, ((about, unit), claims) in zip(_as_list(axes), shown, strict=True):
            _draw_claims(ax, f"{about}: {unit}", claims, claimants)

    return _png(9, height, draw)


def _as_list(axes) -> list:
    return list(axes) if hasattr(axes, "__len__") else [axes]


def _draw_claims(ax, title: str, claims: list[tuple], claimants: list[str]) -> None:
    from matplotlib.ticker import FuncFormatter

    rows = list(range(len(claims)))[::-1]
    values = [value for _, _, value, _ in claims]
    colours = [PALETTE[claimants.index(c) % len(PALETTE)] for c, _, _, _ in claims]
    ax.barh(rows, values, color=colours, height=0.6)
    ax.set_yticks(rows, [c for c, _, _, _ in claims])
    for row, (_, qualifier, value, text) in zip(rows, claims, strict=True):
        how = "" if qualifier == "exact" else f" ({qualifier.replace('_', ' ')})"
        note = f" {short_number(value)}  “{text}”{how}"
        ax.text(value, row, note, va="center", fontsize=8)
    ax.set_xlim(0, max(values) * 1.9 if max(values) > 0 else 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: short_number(v)))
    ax.set_title(title, loc="left", fontsize=10)


def short_number(value: float) -> str:
    """6200000 -> 6.2M, 1500 -> 1.5k, 0.6667 -> 0.667."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


# The page


def render_html(data: ReportData) -> str:
    """The report page: counts, then each chart with its numbers and its query."""
    version = html.escape(data.version, quote=True)
    counts = "".join(
        f'<li><span class="n" data-count="{t}">{n}</span> {t}</li>' for t, n in data.counts.items()
    )
    sections = [
        _section(
            "timeline", "Events over time, by type", CHARTS["timeline"], TIMELINE_SQL,
            data.timeline, "Each dot is one event type in one day, week or month (the chart "
            "says which); its area and number say how many events. An event without its own "
            "date takes its article's publication date. The table lists each day.",
        ),
        _section(
            "network", "Who acts on whom", CHARTS["network"], NETWORK_SQL, data.network,
            "An arrow goes from the actor who acts to the actor acted on, as wide as the number "
            "of events; the number after a name counts its events in either role. Sides "
            "include those inferred from context (events.target_basis or "
            "events.source_basis = 'inferred').",
        ),
        _section(
            "contested", "Contested figures, side by side by claimant", CHARTS["contested"],
            CONTESTED_SQL, data.contested, "Every count claimed with different values: whom it "
            "is about, the unit, who claims which number, and the words the text uses.",
            open_table=True,
        ),
        _section(
            "coverage", "Document coverage by date and outlet", CHARTS["coverage"],
            COVERAGE_SQL, data.coverage, "Each dot is one outlet in one day, week or month (the "
            "chart says which); its number says how many documents.",
        ),
    ]  # fmt: skip
    return _PAGE.format(version=version, counts=counts, sections="\n".join(sections))


def _section(
    key: str, title: str, image: str, sql: str, result: Result, caption: str,
    open_table: bool = False,
) -> str:  # fmt: skip
    head = "".join(f"<th>{html.escape(c)}</th>" for c in result.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in result.rows
    )
    return f"""<section id="{key}">
<h2>{html.escape(title)}</h2>
<img src="{image}" alt="{html.escape(title, quote=True)}">
<p>{html.escape(caption)}</p>
<details{" open" if open_table else ""}><summary>The numbers ({len(result.rows)} rows)</summary>
<table data-rows="{len(result.rows)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
</details>
<details><summary>The query</summary><pre>{html.escape(sql)}</pre></details>
</section>"""


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    return str(value)


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="actas-version" content="{version}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>actas {version}: report</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }}
h1 {{ margin-bottom: 0.2em; }}
ul.counts {{ display: flex; flex-wrap: wrap; gap: 0.6em 1.6em; padding: 0; list-style: none; }}
ul.counts .n {{ font-size: 1.6em; font-weight: 600; }}
section {{ margin-top: 2.5em; }}
img {{ max-width: 100%; height: auto; border: 1px solid #eee; }}
table {{ border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }}
th, td {{ border: 1px solid #ddd; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }}
pre {{ background: #f6f6f6; padding: 0.7em; overflow-x: auto; }}
summary {{ cursor: pointer; color: #4e79a7; }}
</style>
</head>
<body>
<h1>actas: what the published tables say</h1>
<p>Dataset version <code>{version}</code>. Every chart and number on this page is a DuckDB query
over the Parquet files beside it; each section shows its query and the rows it returned.
Extraction is automatic: read a row's sentence before relying on it.</p>
<ul class="counts">{counts}</ul>
{sections}
</body>
</html>
"""
