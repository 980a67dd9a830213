"""The parts every report figure is built from: theme, palette, Indonesian axes, labels and captions.

:mod:`kinerja.present.plots` draws the figure families with them and
re-exports the public ones (the theme, the axis helpers, the colours and
:class:`CaptionedFigure`); the names with an underscore are for it alone.
"""

from __future__ import annotations

import base64
import io
import textwrap
from collections.abc import Mapping, Sequence
from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from kinerja.core.formatting import number, percent
from kinerja.core.text import say
from kinerja.present.templating import render

ValueFormat = Literal["percent", "number", "count"]
"""How values on an axis read: shares as ``85,5%``, numbers as ``1.234,5``, counts as ``17``."""

PALETTE: tuple[str, ...] = ("#0072B2", "#CC79A7", "#56B4E9", "#009E73", "#E69F00", "#D55E00", "#7F7F7F", "#F0E442")
"""The Okabe-Ito colours, safe for colour-blind readers; groups take them in order, the warm ones that read
as "bad" (orange, vermillion) only from the fifth group on."""
ATTENTION_PALETTE: tuple[str, ...] = ("#D55E00", "#E69F00", "#CC79A7", "#0072B2", "#56B4E9")
"""Highlighted lines (units that need attention) take the warm Okabe-Ito colours first."""
REFERENCE_COLOR = "#333333"
"""Standards and reference lines: dark, dashed and always labelled."""
OTHERS_COLOR = "#B0B0B0"
_HIGH_COLOR_HUE, _LOW_COLOR_HUE = 250, 30  # blue above the centre, orange below: neither reads as "bad"

DIRECT_LABELS_UP_TO = 5
"""With this many lines or fewer, each line is named at its right end instead of in a legend."""


_EDGE = 0.005
"""Inches past an edge of a figure that still count as inside it (rounding, not content)."""


class CaptionedFigure(Figure):
    """A report figure that carries its caption: what a reader should see in it, in the report language.

    In a notebook it shows as an HTML ``<figure>``: the image, with the title
    and caption as its alt text, and the caption in a visible
    ``<figcaption>``; nbconvert copies that HTML onto the page as it is, so
    the page needs nothing more.  Everything else is a matplotlib figure.

    Attributes
    ----------
    caption
        What to see, in one or a few sentences.
    alt_text
        The title and the caption: what a screen reader says for the image.
    """

    caption: str = ""
    alt_text: str = ""

    def png_base64(self) -> str:
        """The figure as a PNG, base64-encoded, with nothing cut off.

        The constrained layout keeps titles, labels and legends inside the
        figure, so it is drawn once, at its size. When something still reaches
        past an edge (a title longer than its wrapping allowed for, labels too
        long for the layout), it is drawn again cut to its content, as
        Jupyter's inline backend draws every figure. Drawing once saves a
        fifth of the time of a figure.
        """
        canvas = FigureCanvasAgg(self)  # the figure left pyplot when it was made (_figure): it has no canvas of its own
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", dpi=self.dpi)
        content = self.get_tightbbox(canvas.get_renderer())  # the renderer of that drawing: its text sizes are known
        width, height = self.get_size_inches()
        if min(content.x0, content.y0) < -_EDGE or content.x1 > width + _EDGE or content.y1 > height + _EDGE:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=self.dpi, bbox_inches="tight")
        return base64.b64encode(buffer.getvalue()).decode("ascii")

    def _repr_html_(self) -> str:
        return render("captioned_figure.html.j2", png=self.png_base64(), alt=self.alt_text, caption=self.caption)

    def _ipython_display_(self) -> None:
        # Published here, so that IPython's own PNG of the figure (which has no alt text) is not stored as well.
        from IPython.display import publish_display_data

        publish_display_data({"text/html": self._repr_html_(), "text/plain": self.alt_text})


# --- theme and axes -----------------------------------------------------------------------------------


def use_theme() -> None:
    """Set the project theme: seaborn's white grid, readable font sizes and the fixed palette.

    Like :func:`seaborn.set_theme` this sets matplotlib's global settings;
    every figure function here calls it, and a notebook may call it so its
    own figures match.
    """
    sns.set_theme(style="whitegrid", palette=list(PALETTE), rc={
        "font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "xtick.labelsize": 10,
        "ytick.labelsize": 10, "legend.fontsize": 10, "legend.title_fontsize": 10, "figure.titlesize": 13,
        "axes.titlepad": 10, "figure.dpi": 100, "savefig.dpi": 150})


class _ReportFormatter(Formatter):
    """Tick labels through :func:`number` or :func:`percent`, with one number of decimals for all ticks.

    With ``decimals=None`` the fewest decimals that tell the ticks apart
    exactly are used (``84%``, ``86%``, but ``85,5%``, ``86,0%``).
    """

    def __init__(self, kind: Literal["percent", "number"], decimals: int | None, language: str) -> None:
        self.kind, self.fixed, self.language = kind, decimals, language
        self.decimals = 0 if decimals is None else decimals

    def set_locs(self, locs: Sequence[float]) -> None:
        super().set_locs(locs)
        if self.fixed is None:
            scaled = np.asarray(locs, dtype=float) * (100 if self.kind == "percent" else 1)
            self.decimals = next((d for d in range(4) if np.allclose(scaled, np.round(scaled, d), atol=1e-9)), 3)

    def __call__(self, value: float, pos: int | None = None) -> str:
        value = float(value) + 0.0  # + 0.0 so that a tick at -0 never reads "-0"
        if self.kind == "percent":
            return percent(round(value, self.decimals + 2) + 0.0, self.decimals, self.language)
        return number(round(value, self.decimals) + 0.0, self.decimals, self.language)


def _axis(ax: Axes, which: Literal["x", "y"]):
    if which not in ("x", "y"):
        raise ValueError(f"which must be 'x' or 'y', got {which!r}.")
    return ax.xaxis if which == "x" else ax.yaxis


def percent_axis(ax: Axes, which: Literal["x", "y"] = "y", decimals: int | None = None,
                 language: str = "id") -> None:
    """Label an axis of shares (0.855) as percentages (``85,5%``).

    Parameters
    ----------
    ax, which
        The axes, and ``"x"`` or ``"y"``.
    decimals
        Digits after the decimal comma; None for the fewest that tell the ticks apart.
    language
        ``"id"`` (``85,5%``) or ``"en"`` (``85.5%``).
    """
    _axis(ax, which).set_major_formatter(_ReportFormatter("percent", decimals, language))


def number_axis(ax: Axes, which: Literal["x", "y"] = "y", decimals: int | None = None,
                language: str = "id") -> None:
    """Label an axis of numbers with a thousands point and decimal comma (``1.500``, ``2,5``).

    Parameters are those of :func:`percent_axis`.
    """
    _axis(ax, which).set_major_formatter(_ReportFormatter("number", decimals, language))


def count_axis(ax: Axes, which: Literal["x", "y"] = "y", language: str = "id") -> None:
    """Put ticks on whole numbers only and label them with a thousands point (no ``2,5`` people).

    Parameters are those of :func:`percent_axis`.
    """
    axis = _axis(ax, which)
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(_ReportFormatter("number", 0, language))


def _format_axis(ax: Axes, which: Literal["x", "y"], value_format: ValueFormat, language: str) -> None:
    helpers = {"percent": percent_axis, "number": number_axis, "count": count_axis}
    if value_format not in helpers:
        raise ValueError(f"value_format must be 'percent', 'number' or 'count', got {value_format!r}.")
    helpers[value_format](ax, which, language=language)


# --- shared pieces ------------------------------------------------------------------------------------


def _figure(figsize: tuple[float, float], ncols: int = 1, nrows: int = 1,
            **kwargs) -> tuple[CaptionedFigure, np.ndarray]:
    """A new figure and its axes, row by row in one flat array."""
    use_theme()
    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, layout="constrained", squeeze=False,
                             FigureClass=CaptionedFigure, **kwargs)
    # Closed at once: pyplot forgets it (no second copy shown by the inline backend, nothing left open,
    # even if drawing fails), and the figure still draws and saves.
    plt.close(fig)
    return fig, axes.ravel()


def _captioned(fig: CaptionedFigure, title: str, caption: str | None, sentences: Sequence[str],
               language: str) -> CaptionedFigure:
    """Give the figure its caption (the caller's, else the sentences built from the data) and alt text."""
    fig.caption = caption if caption is not None else " ".join(s for s in sentences if s)
    fig.alt_text = say("grafik.caption.alt", language, title=title.rstrip(". "), caption=fig.caption).strip()
    return fig


def _value(value: float, value_format: ValueFormat, language: str, whole: bool = False) -> str:
    """One value as a caption writes it: ``85,3%``, ``72,1``, ``3,25``, ``1.500``, ``17``.

    ``whole`` writes a number without decimals (when all the values it is shown with are whole).
    """
    if value_format == "percent":
        return percent(value, 1, language)
    if value_format == "count" or whole:
        return number(value, 0, language)
    return number(value, 1 if abs(value) >= 10 else 2, language)


def _items(pairs: Sequence[tuple[str, str]], language: str) -> str:
    """``name value`` pairs joined into a list: ``Kecamatan 86,0%; Sekolah 84,0%``."""
    return "; ".join(say("grafik.caption.item", language, name=name, value=value) for name, value in pairs)


def _place_right_labels(ax: Axes, labels: Sequence[tuple[str, float, str]], header: str | None = None) -> None:
    """Write labels just right of the axes at their y-values, nudged apart so that none covers another.

    Parameters
    ----------
    ax
        The axes; its y-limits must be final.
    labels
        Text, y in data units and colour of each label (line ends and standards alike).
    header
        What the labels name (e.g. the legend title a legend would have), written above them.
    """
    if not labels:
        return
    low, high = ax.get_ylim()
    height = ax.get_position().height * ax.figure.get_figheight()  # inches, before the layout's adjustment
    line = 1.3 * 10 / 72 / max(height, 0.5)  # one 10-point line as a share of the axes' height
    wanted = sorted(((y - low) / (high - low), text, colour) for text, y, colour in labels)
    sizes = [line * (text.count("\n") + 1) for _, text, _ in wanted]
    placed = [position for position, _, _ in wanted]
    for i in range(1, len(placed)):  # upwards: each label at least half of both heights above the one below
        placed[i] = max(placed[i], placed[i - 1] + (sizes[i - 1] + sizes[i]) / 2)
    top = 1.04 if header is None else 0.98
    overflow = placed[-1] + sizes[-1] / 2 - top
    if overflow > 0:  # past the top: move down, and the ones below as far as needed
        placed[-1] -= overflow
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = min(placed[i], placed[i + 1] - (sizes[i] + sizes[i + 1]) / 2)
    if header is not None:
        ax.text(1.01, 1.0, textwrap.fill(header, 26), transform=ax.transAxes, va="bottom", ha="left",
                color=REFERENCE_COLOR, fontsize=10, fontweight="bold")
    for position, (_, text, colour) in zip(placed, wanted):
        ax.text(1.01, position, text, transform=ax.transAxes, va="center", ha="left", color=_text_colour(colour),
                fontsize=10)


def _require(data: pd.DataFrame, columns: Mapping[str, str | None], argument: str = "data") -> None:
    for role, column in columns.items():
        if column is not None and column not in data.columns:
            raise ValueError(f"{role} {column!r} is not a column of {argument}; its columns are "
                             f"{', '.join(map(str, data.columns))}.")


def _title(target: Axes | Figure, title: str, fontsize: float = 12) -> None:
    """A title over an axes (or a whole figure) wrapped to its width, so a long one is never cut off."""
    if isinstance(target, Figure):
        target.suptitle(textwrap.fill(title, max(30, int(target.get_figwidth() * 72 / (13 * 0.55)))))
        return
    width_inches = target.get_position().width * target.figure.get_figwidth()
    target.set_title(textwrap.fill(title, max(20, int(width_inches * 72 / (fontsize * 0.55)))), fontsize=fontsize)


def _note(fig: Figure, text: str) -> None:
    """A short note under the figure (kept clear of the axes by the layout)."""
    fig.supxlabel(textwrap.fill(text, int(fig.get_figwidth() * 72 / (9 * 0.52))), x=0.01, ha="left",
                  fontsize=9, color="#444444")


def _order(values: pd.Series, order: Sequence | None) -> list:
    """Levels in the given order, else in category order, else sorted when numeric, else as they appear."""
    if order is not None:
        return list(order)
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [c for c in values.cat.categories if c in set(values)]
    present = pd.unique(values.dropna())
    return sorted(present) if pd.api.types.is_numeric_dtype(values) else list(present)


def _colors(levels: Sequence, palette: Sequence | Mapping | None = None) -> dict:
    if isinstance(palette, Mapping):
        return {level: palette[level] for level in levels}
    colours = list(palette) if palette is not None else list(PALETTE)
    if len(levels) > len(colours):
        colours = sns.color_palette("husl", len(levels))
    return dict(zip(levels, colours))


def _legend_outside(fig: Figure, ax: Axes, title: str | None = None, extra: Sequence = ()) -> None:
    """Move the legend of ``ax`` to the right of the figure, where it covers no data."""
    handles, labels = ax.get_legend_handles_labels()
    handles, labels = handles + [h for h in extra], labels + [h.get_label() for h in extra]
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    if handles:
        fig.legend(handles, labels, loc="outside right upper", title=title, frameon=False)


def _fit_limits(ax: Axes, which: Literal["x", "y"], extra: Sequence[float], value_format: ValueFormat,
                margin: float = 0.08) -> None:
    """Limits around the data and the reference lines with a margin, not the whole possible range."""
    interval = ax.dataLim.intervaly if which == "y" else ax.dataLim.intervalx
    values = np.array([*interval, *extra], dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return
    low, high = values.min(), values.max()
    pad = (high - low) * margin or max(abs(high) * 0.1, 0.01 if value_format == "percent" else 1.0)
    low, high = low - pad, high + pad
    if value_format == "percent":  # not below 0% nor above 100% unless the data are (capaian: 120%)
        low = max(low, 0.0) if values.min() >= 0 else low
        high = min(high, 1.0 + pad / 2) if values.max() <= 1 else high
    if value_format == "count" or (value_format == "number" and values.min() >= 0 and low < 0):
        low = 0.0
    (ax.set_ylim if which == "y" else ax.set_xlim)(low, high)


def _reference_lines(ax: Axes, references: Mapping[str, float] | None,
                     which: Literal["x", "y"] = "y") -> list:
    """Dashed reference lines, each one labelled where no data covers the label.

    Horizontal lines are drawn here and returned as labels (text, value,
    colour) for :func:`_place_right_labels`, which writes them right of the
    axes together with the line ends; vertical ones get a dash pattern each
    and are returned as legend entries.
    """
    references = references or {}
    if which == "x":
        return [ax.axvline(value, color=REFERENCE_COLOR, dashes=dashes, linewidth=1.4, zorder=1.5, label=label)
                for (label, value), dashes in zip(references.items(), [(5, 2.5), (1.5, 1.5), (6, 2, 1.5, 2)] * 5)]
    for value in references.values():
        ax.axhline(value, color=REFERENCE_COLOR, linestyle="--", linewidth=1.2, zorder=1.5)
    return [(label, value, REFERENCE_COLOR) for label, value in references.items()]


def _category_ticks(ax: Axes, labels: Sequence, positions: Sequence[float] | None = None) -> None:
    """Name the x ticks (at 0, 1, ...), slanted when the labels would not fit side by side."""
    labels = [str(label) for label in labels]
    ax.set_xticks(range(len(labels)) if positions is None else positions, labels)
    slot = ax.get_position().width * ax.figure.get_figwidth() / max(len(labels), 1)
    if max(map(len, labels), default=0) * 10 * 0.6 / 72 > 0.85 * slot:
        ax.tick_params(axis="x", labelrotation=35)
        for text in ax.get_xticklabels():
            text.set(horizontalalignment="right", rotation_mode="anchor")


def _text_colour(colour: str | tuple[float, ...]) -> tuple[float, float, float]:
    """A line's colour darkened enough to be read as text on white (Okabe-Ito orange is too light)."""
    red, green, blue = to_rgb(colour)
    shade = min(1.0, 0.45 / max(0.299 * red + 0.587 * green + 0.114 * blue, 1e-9))
    return red * shade, green * shade, blue * shade


def _ink(colour: str | tuple[float, ...]) -> str:
    """Text colour that reads on a filled cell or bar: white on dark, near-black on light."""
    red, green, blue = to_rgb(colour)
    return "white" if 0.299 * red + 0.587 * green + 0.114 * blue < 0.55 else "#222222"
