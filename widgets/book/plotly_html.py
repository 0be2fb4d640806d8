"""MyST-NB renderer for plotly outputs: the figure's JSON becomes a small HTML block.

Notebooks keep plotly's own output (``application/vnd.plotly.v1+json``), which JupyterLab,
VS Code and nbval understand. At book-build time this plugin turns that JSON into

    <figure class="course-plotly">
      <div class="course-plotly-graph"></div>
      <script type="application/json">{ the figure }</script>
      <figcaption class="course-plotly-alt">title and text alternative</figcaption>
    </figure>

and ``course-plotly.js`` draws every such block with the site's own plotly.js, loaded once per
page (see :mod:`widgets.book`). Nothing is inlined per figure but the figure's own data.
"""

from __future__ import annotations

import hashlib
import html
import json

from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
MARKER_CLASS = "course-plotly"


def figure_html(figure: dict) -> str:
    """The HTML block for one plotly figure given as its JSON dict (data, layout, config)."""
    layout = figure.get("layout") or {}
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = layout.get("title", {})
    title_text = title.get("text", "") if isinstance(title, dict) else str(title or "")
    alt = meta.get("alt") or title_text or "Interactive figure"
    payload = json.dumps({"data": figure.get("data", []), "layout": layout,
                          "config": figure.get("config", {})}, separators=(",", ":"), sort_keys=True)
    payload = payload.replace("</", "<\\/")  # never close the script element early
    uid = "fig-" + hashlib.sha1(payload.encode()).hexdigest()[:12]
    height = layout.get("height") or 450
    caption = _strip_tags(title_text)
    if caption and caption[-1] not in ".!?:":
        caption += "."
    # course-plotly.js keeps this title in step with the figure's when a control changes it
    caption = f'<strong class="course-plotly-title">{html.escape(caption)}</strong> ' if caption else ""
    return (
        f'<figure class="{MARKER_CLASS}" id="{uid}">'
        f'<div class="course-plotly-graph" style="min-height:{int(height)}px"></div>'
        f'<script type="application/json" class="course-plotly-data">{payload}</script>'
        f'<figcaption class="course-plotly-alt">{caption}{html.escape(alt)}</figcaption>'
        f"</figure>"
    )


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", text or "").strip()


class PlotlyHTML:
    """MyST-NB mime-renderer plugin (entry point group ``myst_nb.mime_renderers``)."""

    # Prefer the plotly JSON over any text/html fallback plotly may add (which would load a CDN).
    mime_priority_overrides = [
        ("html", PLOTLY_MIME, 1),
        ("dirhtml", PLOTLY_MIME, 1),
        ("singlehtml", PLOTLY_MIME, 1),
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != PLOTLY_MIME or inline:
            return None
        content = data.content
        if isinstance(content, str):
            content = json.loads(content)
        return [nodes.raw(text=figure_html(content), format="html", classes=["output", "text_html"])]
