"""The report figures: one function per figure family, in the project theme.

Every function takes a tidy table and column names (a heatmap takes the
matrix it draws), labels in the report language, and returns a
:class:`matplotlib.figure.Figure`.  Axes carry Indonesian numbers (``85,5%``,
``1.500``; whole numbers on count axes) through
:mod:`kinerja.core.formatting`, so a figure reads like the tables around it.

Each figure is closed in pyplot before it is returned, so Jupyter's inline
backend does not show it on its own at the end of the cell: a notebook shows
it once by leaving the call as the cell's last expression, or with
``display(...)`` when a cell shows several (``plt.show()`` shows nothing).
``fig.savefig`` works as usual.  Every figure function takes ``figsize``
(inches, with a default that fits) and ``language`` (``"id"`` or ``"en"``),
and one with a legend takes its ``legend_title``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Literal

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import Formatter, MaxNLocator

from kinerja.core.formatting import number, percent

ValueFormat = Literal["percent", "number", "count"]
"""How values on an axis read: shares as ``85,5%``, numbers as ``1.234,5``, counts as ``17``."""

PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F", "#F0E442")
"""The Okabe-Ito colours, safe for colour-blind readers; groups take them in order."""
REFERENCE_COLOR = "#333333"
"""Standards and reference lines: dark, dashed and always labelled."""
OTHERS_COLOR = "#B0B0B0"
_HIGH_COLOR_HUE, _LOW_COLOR_HUE = 250, 30  # blue above the centre, orange below: neither reads as "bad"

_WORDS = {  # the few sentences a figure writes itself
    "id": {"box": "Kotak: separuh nilai di tengah (kuartil 1–3); garis dalam kotak: median; garis kumis: sampai "
                  "1,5 × jarak antarkuartil.",
           "fliers_shown": "Nilai di luar garis kumis digambar sebagai titik.",
           "fliers_hidden": "Nilai di luar garis kumis tidak digambar.",
           "colours": "biru: {high}; jingga: {low}", "hidden_cell": "abu-abu: tidak ditampilkan"},
    "en": {"box": "Box: the middle half of the values (quartiles 1–3); line in the box: median; whiskers: up to "
                  "1.5 × the interquartile range.",
           "fliers_shown": "Values beyond the whiskers are drawn as points.",
           "fliers_hidden": "Values beyond the whiskers are not drawn.",
           "colours": "blue: {high}; orange: {low}", "hidden_cell": "grey: not shown"},
}


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


def _figure(figsize: tuple[float, float], ncols: int = 1, **kwargs) -> tuple[Figure, np.ndarray]:
    use_theme()
    fig, axes = plt.subplots(1, ncols, figsize=figsize, layout="constrained", squeeze=False, **kwargs)
    # Closed at once: pyplot forgets it (no second copy shown by the inline backend, nothing left open,
    # even if drawing fails), and the figure still draws and saves.
    plt.close(fig)
    return fig, axes[0]


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


def _reference_lines(ax: Axes, references: Mapping[str, float] | None, which: Literal["x", "y"] = "y") -> list:
    """Dashed reference lines, each one labelled where no data covers the label.

    Horizontal lines are labelled just right of the axes (nudged apart when
    close); vertical ones get a dash pattern each and are returned as legend
    entries.
    """
    references = references or {}
    if which == "x":
        return [ax.axvline(value, color=REFERENCE_COLOR, dashes=dashes, linewidth=1.4, zorder=1.5, label=label)
                for (label, value), dashes in zip(references.items(), [(5, 2.5), (1.5, 1.5), (6, 2, 1.5, 2)] * 5)]
    for value in references.values():
        ax.axhline(value, color=REFERENCE_COLOR, linestyle="--", linewidth=1.2, zorder=1.5)
    if references:
        low, high = ax.get_ylim()
        placed: list[float] = []
        for label, value in sorted(references.items(), key=lambda item: item[1]):
            position = (value - low) / (high - low)
            if placed and position - placed[-1] < 0.06:
                position = placed[-1] + 0.06
            placed.append(position)
            ax.text(1.01, position, label, transform=ax.transAxes, va="center", ha="left", color=REFERENCE_COLOR,
                    fontsize=10)
    return []


def _category_ticks(ax: Axes, labels: Sequence, positions: Sequence[float] | None = None) -> None:
    """Name the x ticks (at 0, 1, ...), slanted when the labels would not fit side by side."""
    labels = [str(label) for label in labels]
    ax.set_xticks(range(len(labels)) if positions is None else positions, labels)
    slot = ax.get_position().width * ax.figure.get_figwidth() / max(len(labels), 1)
    if max(map(len, labels), default=0) * 10 * 0.6 / 72 > 0.85 * slot:
        ax.tick_params(axis="x", labelrotation=35)
        for text in ax.get_xticklabels():
            text.set(horizontalalignment="right", rotation_mode="anchor")


def _ink(colour: str | tuple[float, ...]) -> str:
    """Text colour that reads on a filled cell or bar: white on dark, near-black on light."""
    red, green, blue = to_rgb(colour)
    return "white" if 0.299 * red + 0.587 * green + 0.114 * blue < 0.55 else "#222222"


# --- figure families ----------------------------------------------------------------------------------


def trend_against_standard(data: pd.DataFrame, x: str, y: str, *, title: str, x_label: str, y_label: str,
                           group: str | None = None, style: str | None = None,
                           standards: Mapping[str, float] | None = None, value_format: ValueFormat = "percent",
                           order: Sequence | None = None, band: tuple[str, float] | None = None,
                           band_label: str | None = None, highlight: Sequence | None = None,
                           others_label: str | None = None, legend_title: str | None = None,
                           figsize: tuple[float, float] = (10, 4.8), language: str = "id") -> Figure:
    """Lines over an ordered x (weeks, quarters), against one or more labelled standards.

    The y-axis is fitted to the data and the standards with a margin, so
    rates between 83% and 90% are not drawn on a 0–100% axis.

    Parameters
    ----------
    data
        Tidy: one row per x (and group, style); several rows per x and group
        are averaged, with ``band`` drawn around the average.
    x, y
        Columns: the ordered x (labels or numbers) and the value.
    title, x_label, y_label
        Labels in the report language.
    group
        Column whose levels get one colour each.
    style
        Column whose levels get one line style each (the first solid, the
        second dashed, each with its own marker), e.g. median and p90.
    standards
        Label to value, e.g. ``{"standar 60 menit": 60}``: dashed lines labelled right of the axes.
    value_format
        ``"percent"`` (values are shares), ``"number"`` or ``"count"``.
    order
        The x labels in order; default: category order, sorted numbers, or as they appear.
    band
        A seaborn ``errorbar`` spread around the average, e.g. ``("pi", 50)``
        for the middle half of the rows; ``band_label`` says so in the legend.
    highlight
        Levels of ``group`` drawn in colour; the others are drawn as thin grey
        lines, named in the legend by ``others_label``.
    """
    _require(data, {"x": x, "y": y, "group": group, "style": style})
    if highlight is not None and group is None:
        raise ValueError("highlight needs group, the column whose levels are highlighted.")
    frame = data[data[y].notna()].copy()
    levels = _order(frame[x], order)
    categorical = not (pd.api.types.is_numeric_dtype(frame[x]) or pd.api.types.is_datetime64_any_dtype(frame[x]))
    if categorical:
        frame[x] = frame[x].map({level: i for i, level in enumerate(levels)})
        frame = frame[frame[x].notna()]
    fig, (ax,) = _figure(figsize)
    extra: list = []
    if highlight is not None:
        others = frame[~frame[group].isin(list(highlight))]
        for _, part in others.groupby(group, sort=False, observed=True):
            means = part.groupby(x)[y].mean()
            ax.plot(means.index, means.to_numpy(), color=OTHERS_COLOR, linewidth=1, alpha=0.8, zorder=1)
        if len(others):
            extra.append(Line2D([], [], color=OTHERS_COLOR, linewidth=1, label=others_label or "–"))
        frame = frame[frame[group].isin(list(highlight))]
    hue_levels = _order(frame[group], None) if group is not None else None
    style_levels = _order(frame[style], None) if style is not None else None
    line_kw: dict = {"marker": "o"} if style is None else {
        "markers": ["o", "s", "^", "D"][:len(style_levels)], "style_order": style_levels,
        "dashes": ["", (5, 2.5), (1.5, 1.5), (6, 2, 1.5, 2)][:len(style_levels)]}
    if len(frame):
        sns.lineplot(data=frame, x=x, y=y, hue=group, style=style, hue_order=hue_levels,
                     palette=_colors(hue_levels) if group is not None else None,
                     color=None if group is not None else PALETTE[0], estimator="mean",
                     errorbar=band, linewidth=2.2 if highlight is not None else 1.8, markersize=6, ax=ax,
                     legend="auto" if (group is not None or style is not None) else False, **line_kw)
    if band is not None and band_label:
        extra.append(Patch(facecolor="#999999", alpha=0.3, label=band_label))
    if categorical:
        _category_ticks(ax, levels)
        ax.set_xlim(-0.4, len(levels) - 0.6)
    _fit_limits(ax, "y", list((standards or {}).values()), value_format)
    _format_axis(ax, "y", value_format, language)
    _reference_lines(ax, standards)
    ax.set(xlabel=x_label, ylabel=y_label)
    _title(ax, title)
    _legend_outside(fig, ax, legend_title, extra)
    return fig


def share_bars(data: pd.DataFrame, group: str, category: str, share: str, *, title: str, x_label: str,
               category_order: Sequence | None = None, group_order: Sequence | None = None,
               palette: Sequence | Mapping | None = None, legend_title: str | None = None,
               figsize: tuple[float, float] | None = None, language: str = "id") -> Figure:
    """Stacked horizontal bars of shares per group, e.g. the predikat of each unit's employees.

    Parameters
    ----------
    data
        Tidy: one row per group and category with its share (0–1).
    group, category, share
        Columns: one bar per group, one segment per category, its share.
    title, x_label
        Labels in the report language.
    category_order
        Categories from the left; default: category order or as they appear.
    group_order
        Groups from the top; default: category order or as they appear.
    palette
        Colours in category order (or a mapping); default: an ordinal scale
        from blue (first category) through grey to orange (last).
    """
    _require(data, {"group": group, "category": category, "share": share})
    categories = _order(data[category], category_order)
    groups = _order(data[group], group_order)
    table = (data.pivot_table(index=group, columns=category, values=share, aggfunc="sum", observed=True)
             .reindex(index=groups, columns=categories).fillna(0.0))
    if palette is None:
        palette = sns.diverging_palette(_HIGH_COLOR_HUE, _LOW_COLOR_HUE, s=85, l=55, center="light",
                                        n=max(len(categories), 3))
        if len(categories) < 3:
            palette = [palette[0], palette[-1]]
    colours = _colors(categories, palette)
    fig, (ax,) = _figure(figsize or (10, 0.42 * len(groups) + 1.8))
    positions = np.arange(len(groups))
    left = np.zeros(len(groups))
    for level in categories:
        widths = table[level].to_numpy(dtype=float)
        ax.barh(positions, widths, left=left, height=0.75, color=colours[level], edgecolor="white",
                linewidth=0.8, label=str(level))
        ink = _ink(colours[level])
        for y, (start, width) in enumerate(zip(left, widths)):
            if width >= 0.07:  # a label fits in the segment
                ax.text(start + width / 2, y, percent(width, 0, language), ha="center", va="center",
                        fontsize=9, color=ink)
        left += widths
    ax.set_yticks(positions, [str(g) for g in groups])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.grid(axis="y", visible=False)
    percent_axis(ax, "x", language=language)
    ax.set(xlabel=x_label, ylabel="")
    _title(ax, title)
    _legend_outside(fig, ax, legend_title)
    return fig


def distribution_by_group(data: pd.DataFrame, value: str, group: str, *, title: str, value_label: str,
                          order: Sequence | Literal["median"] | None = "median",
                          references: Mapping[str, float] | None = None, references_title: str | None = None,
                          show_outliers: bool = False, value_format: ValueFormat = "percent",
                          figsize: tuple[float, float] | None = None, language: str = "id") -> Figure:
    """Horizontal boxes of a value per group, e.g. employees' capaian SKP per unit.

    A note under the figure says what the boxes show and whether values
    beyond the whiskers are drawn as points or left out.

    Parameters
    ----------
    data
        Tidy: one row per observation.
    value, group
        Columns: the value and the group (one box each).
    title, value_label
        Labels in the report language.
    order
        Groups from the top; ``"median"`` (default) from the lowest median,
        None for category order or order of appearance.
    references
        Label to value, e.g. ``{"Sesuai Ekspektasi (90%)": 0.9}``: dashed
        vertical lines named in a legend titled ``references_title``.
    show_outliers
        Draw values beyond the whiskers as points (default: leave them out,
        e.g. single employees on a leadership page).
    value_format
        ``"percent"``, ``"number"`` or ``"count"``.
    """
    _require(data, {"value": value, "group": group})
    frame = data[data[value].notna() & data[group].notna()]
    if isinstance(order, str) and order == "median":
        groups = list(frame.groupby(group, observed=True)[value].median().sort_values().index)
    else:
        groups = _order(frame[group], order)
    fig, (ax,) = _figure(figsize or (10, 0.4 * len(groups) + 2.2))
    sns.boxplot(data=frame, x=value, y=group, order=groups, orient="h", showfliers=show_outliers,
                color="#9ecae1", linecolor="#2b4a6f", width=0.65,
                flierprops={"marker": "o", "markersize": 3, "markerfacecolor": "#2b4a6f", "alpha": 0.6}, ax=ax)
    _fit_limits(ax, "x", list((references or {}).values()), value_format, margin=0.04)
    _format_axis(ax, "x", value_format, language)
    lines = _reference_lines(ax, references, which="x")
    ax.set(xlabel=value_label, ylabel="")
    _title(ax, title)
    if lines:
        fig.legend(handles=lines, loc="outside right upper", frameon=False, title=references_title)
    words = _WORDS[language]
    _note(fig, f"{words['box']} {words['fliers_shown' if show_outliers else 'fliers_hidden']}")
    return fig


def heatmap(table: pd.DataFrame, *, title: str, colorbar_label: str, center: float | None = 0.0,
            limits: tuple[float, float] | None = None, high_label: str | None = None,
            low_label: str | None = None, decimals: int = 1, value_format: ValueFormat = "number",
            annotations: pd.DataFrame | None = None, split_after: int | None = None,
            split_labels: tuple[str, str] | None = None, figsize: tuple[float, float] | None = None,
            language: str = "id") -> Figure:
    """A labelled matrix of values, e.g. cluster profiles (z-scores) or NRR per unsur and unit.

    With a ``center`` the colours diverge from it: blue above, orange below,
    neither of which reads as good or bad; ``high_label`` and ``low_label``
    say in the colorbar label what above and below mean.  Without one the
    scale is a single blue from light (low) to dark (high).

    Parameters
    ----------
    table
        Wide: rows and columns as drawn, labelled by index and columns. NaN
        cells are left grey (e.g. counts hidden for privacy).
    title, colorbar_label
        Labels in the report language.
    center
        Value where the colours turn; None for a one-colour scale.
    limits
        Lowest and highest value of the colour scale; default: from the data,
        symmetric around ``center``.
    high_label, low_label
        What the colours above and below ``center`` mean, e.g. ``"di atas
        rata-rata semua ASN"``.
    decimals
        Digits after the decimal comma in the cells and on the colorbar.
    value_format
        ``"number"`` or ``"percent"`` (shares), for cells and colorbar.
    annotations
        Cell texts to show instead of the values (same shape as ``table``).
    split_after
        Draw a vertical line after this many columns, naming the two parts
        above the matrix with ``split_labels``.
    """
    if value_format not in ("number", "percent"):
        raise ValueError(f"value_format must be 'number' or 'percent' for a heatmap, got {value_format!r}.")
    if annotations is not None and annotations.shape != table.shape:
        raise ValueError(f"annotations has shape {annotations.shape}, table has {table.shape}; they must match.")
    if split_after is not None and not 0 < split_after < table.shape[1]:
        raise ValueError(f"split_after must be between 1 and {table.shape[1] - 1} columns, got {split_after!r}.")
    values = table.astype(float)
    finite = values.to_numpy()[np.isfinite(values.to_numpy())]
    if limits is None:
        if center is not None:
            reach = float(np.max(np.abs(finite - center))) if len(finite) else 1.0
            limits = (center - (reach or 1.0), center + (reach or 1.0))
        else:
            limits = (float(finite.min()), float(finite.max())) if len(finite) else (0.0, 1.0)
    if center is not None:
        cmap = sns.diverging_palette(_LOW_COLOR_HUE, _HIGH_COLOR_HUE, s=85, l=50, center="light", as_cmap=True)
    else:
        cmap = sns.light_palette(PALETTE[0], as_cmap=True)
    meanings = [_WORDS[language]["colours"].format(high=high_label or "–", low=low_label or "–")] \
        if center is not None and (high_label or low_label) else []
    if values.isna().to_numpy().any():
        meanings.append(_WORDS[language]["hidden_cell"])
    label = "; ".join([colorbar_label, *meanings])
    longest_row = max((len(str(i)) for i in table.index), default=0)
    fig, (ax,) = _figure(figsize or (max(6.0, 0.95 * table.shape[1] + 0.075 * longest_row + 2.5),
                                     0.5 * table.shape[0] + 3.3))
    ax.set_facecolor("#e6e6e6")
    ax.grid(False)
    sns.heatmap(values, cmap=cmap, center=center, vmin=limits[0], vmax=limits[1], annot=False,
                linewidths=0.6, linecolor="white", ax=ax,
                cbar_kws={"label": label, "location": "bottom", "shrink": 0.6, "aspect": 40, "pad": 0.02})
    mesh = ax.collections[0]
    for (row, column), cell in np.ndenumerate(values.to_numpy()):
        if annotations is not None:
            text = str(annotations.iat[row, column])
        elif np.isnan(cell):
            continue
        elif value_format == "percent":
            text = percent(round(cell, decimals + 2) + 0.0, decimals, language)
        else:
            text = number(round(cell, decimals) + 0.0, decimals, language)
        ink = "#333333" if np.isnan(cell) else _ink(mesh.cmap(mesh.norm(cell)))
        ax.text(column + 0.5, row + 0.5, text, ha="center", va="center", fontsize=10, color=ink)
    _format_axis(mesh.colorbar.ax, "x", value_format, language)
    if split_after is not None:
        ax.axvline(split_after, color="black", linewidth=2)
        if split_labels is not None:
            top = ax.secondary_xaxis("top")
            top.set_xticks([split_after / 2, (split_after + table.shape[1]) / 2], list(split_labels))
            top.tick_params(length=0, labelsize=10)
            top.spines["top"].set_visible(False)
    ax.set(xlabel="", ylabel="")
    ax.tick_params(axis="y", labelrotation=0)
    _category_ticks(ax, table.columns, positions=np.arange(table.shape[1]) + 0.5)
    _title(ax, title)
    return fig


def survival_curves(data: pd.DataFrame, time: str, value: str, group: str, *, title: str, x_label: str,
                    y_label: str, lower: str | None = None, upper: str | None = None,
                    band_label: str | None = None, start: float | None = 0.0, order: Sequence | None = None,
                    ordinal: bool = False, legend_title: str | None = None,
                    figsize: tuple[float, float] = (9, 4.8), language: str = "id") -> Figure:
    """Step curves per group over time, e.g. the share who have adopted by each day (Kaplan-Meier).

    Parameters
    ----------
    data
        Tidy: one row per group and time at which the curve changes.
    time, value, group
        Columns: the time, the curve's value (a share) and the group.
    title, x_label, y_label
        Labels in the report language.
    lower, upper
        Columns of the confidence band of ``value``, drawn as a shaded step
        band; ``band_label`` (e.g. ``"pita: IK 95%"``) names it in the legend.
    start
        Value of every curve (and band) at time 0, added before the first
        row; None to draw the rows only.
    order
        Groups in legend order; default: category order or order of appearance.
    ordinal
        Groups are ordered (e.g. tertiles): colour them from light to dark.
    """
    _require(data, {"time": time, "value": value, "group": group, "lower": lower, "upper": upper})
    if (lower is None) != (upper is None):
        raise ValueError("lower and upper go together: give both columns of the band, or neither.")
    groups = _order(data[group], order)
    colours = _colors(groups, sns.color_palette("crest", len(groups)) if ordinal else None)
    fig, (ax,) = _figure(figsize)
    for level in groups:
        part = data[data[group] == level].sort_values(time)
        columns = [c for c in (time, value, lower, upper) if c is not None]
        points = part[columns].to_numpy(dtype=float)
        if start is not None:
            points = np.vstack([[0.0] + [start] * (len(columns) - 1), points])
        ax.step(points[:, 0], points[:, 1], where="post", color=colours[level], linewidth=2, label=str(level))
        if lower is not None:
            ax.fill_between(points[:, 0], points[:, 2], points[:, 3], step="post", color=colours[level],
                            alpha=0.15, linewidth=0)
    extra = [Patch(facecolor="#999999", alpha=0.3, label=band_label)] if lower is not None and band_label else []
    if start is not None:
        ax.set_xlim(left=0)
    ax.set_ylim(0, 1.02)
    percent_axis(ax, "y", language=language)
    count_axis(ax, "x", language=language)
    ax.set(xlabel=x_label, ylabel=y_label)
    _title(ax, title)
    _legend_outside(fig, ax, legend_title, extra)
    return fig


def count_bars(data: pd.DataFrame, category: str, count: str, *, title: str, count_label: str,
               order: Sequence | Literal["descending"] | None = "descending",
               figsize: tuple[float, float] | None = None, language: str = "id") -> Figure:
    """Horizontal bars of counts per category, each labelled with its count, e.g. complaints per channel.

    Parameters
    ----------
    data
        Tidy: one row per category with its count.
    category, count
        Columns.
    title, count_label
        Labels in the report language.
    order
        Categories from the top; ``"descending"`` (default) from the largest
        count, None for category order or order of appearance.
    """
    _require(data, {"category": category, "count": count})
    totals = data.groupby(category, observed=True, sort=False)[count].sum()
    if isinstance(order, str) and order == "descending":
        levels = list(totals.sort_values(ascending=False, kind="stable").index)
    else:
        levels = _order(data[category], order)
    totals = totals.reindex(levels, fill_value=0)
    fig, (ax,) = _figure(figsize or (8, 0.45 * len(levels) + 1.8))
    ax.barh(range(len(levels)), totals.to_numpy(), color=PALETTE[0], height=0.7)
    for y, n in enumerate(totals.to_numpy()):
        ax.text(n, y, f" {number(n, 0, language)}", va="center", ha="left", fontsize=10)
    ax.set_yticks(range(len(levels)), [str(level) for level in levels])
    ax.invert_yaxis()
    ax.set_xlim(0, max(float(totals.max()), 1.0) * 1.12)
    ax.grid(axis="y", visible=False)
    count_axis(ax, "x", language=language)
    ax.set(xlabel=count_label, ylabel="")
    _title(ax, title)
    return fig


def histogram(data: pd.DataFrame, value: str, *, title: str, value_label: str, count_label: str,
              binwidth: float | None = None, binrange: tuple[float, float] | None = None,
              value_format: Literal["number", "percent"] = "number", figsize: tuple[float, float] = (8, 4),
              language: str = "id") -> Figure:
    """How many observations fall in each bin of a value, e.g. respondents by total score.

    Parameters
    ----------
    data
        Tidy: one row per observation; missing values are left out.
    value
        The column.
    title, value_label, count_label
        Labels in the report language.
    binwidth, binrange
        Width of the bins and the range they cover (e.g. the scale's 1–6).
    value_format
        ``"number"`` or ``"percent"`` for the value axis.
    """
    _require(data, {"value": value})
    fig, (ax,) = _figure(figsize)
    sns.histplot(x=data[value].dropna().astype(float), binwidth=binwidth, binrange=binrange, color=PALETTE[0],
                 edgecolor="white", alpha=0.9, ax=ax)
    _format_axis(ax, "x", value_format, language)
    count_axis(ax, "y", language=language)
    ax.set(xlabel=value_label, ylabel=count_label)
    _title(ax, title)
    return fig


def group_means(data: pd.DataFrame, group: str, mean: str, ci_low: str, ci_high: str, *, title: str,
                y_label: str, panel: str | None = None, panel_titles: Mapping | None = None,
                value_format: Literal["number", "percent"] = "number", panel_width: float = 3.2,
                language: str = "id") -> Figure:
    """Means with their confidence intervals per group, one panel per attribute (shared y-axis).

    Parameters
    ----------
    data
        Tidy: one row per group (and panel) with the mean and its interval.
    group, mean, ci_low, ci_high
        Columns: the group label, the mean and the interval's ends.
    title, y_label
        Labels in the report language; say the interval in the title (e.g. "IK 95%").
    panel
        Column whose levels get a panel each (e.g. the attribute), in order of appearance.
    panel_titles
        Panel level to its title; default the level itself.
    value_format
        ``"number"`` or ``"percent"``.
    panel_width
        Width of one panel in inches.
    """
    _require(data, {"group": group, "mean": mean, "ci_low": ci_low, "ci_high": ci_high, "panel": panel})
    panels = list(pd.unique(data[panel])) if panel is not None else [None]
    fig, axes = _figure((max(panel_width * len(panels), 5.0), 4.4), ncols=len(panels), sharey=True)
    for ax, level in zip(axes, panels):
        part = data if level is None else data[data[panel] == level]
        means = part[mean].to_numpy(dtype=float)
        errors = [means - part[ci_low].to_numpy(dtype=float), part[ci_high].to_numpy(dtype=float) - means]
        ax.errorbar(range(len(part)), means, yerr=errors, fmt="o", color=PALETTE[0], capsize=4, markersize=6)
        _category_ticks(ax, part[group])
        ax.set_xlim(-0.6, len(part) - 0.4)
        ax.set_xlabel("")
        if level is not None:
            _title(ax, str((panel_titles or {}).get(level, level)), fontsize=11)
    axes[0].set_ylabel(y_label)
    low, high = min(a.dataLim.intervaly[0] for a in axes), max(a.dataLim.intervaly[1] for a in axes)
    axes[0].set_ylim(low - ((high - low) * 0.08 or 0.1), high + ((high - low) * 0.08 or 0.1))
    _format_axis(axes[0], "y", value_format, language)
    _title(fig, title)
    return fig


def scatter_by_group(data: pd.DataFrame, x: str, y: str, group: str, *, title: str, x_label: str, y_label: str,
                     order: Sequence | None = None, legend_title: str | None = None,
                     figsize: tuple[float, float] = (8.5, 6), language: str = "id") -> Figure:
    """Points coloured by group, e.g. employees on two principal components by cluster.

    Parameters
    ----------
    data
        Tidy: one row per point.
    x, y, group
        Columns.
    title, x_label, y_label
        Labels in the report language.
    order
        Groups in legend order; default: category order or order of appearance.
    """
    _require(data, {"x": x, "y": y, "group": group})
    groups = _order(data[group], order)
    fig, (ax,) = _figure(figsize)
    sns.scatterplot(data=data, x=x, y=y, hue=group, hue_order=groups, palette=_colors(groups), s=16, alpha=0.6,
                    linewidth=0, ax=ax)
    number_axis(ax, "x", language=language)
    number_axis(ax, "y", language=language)
    ax.set(xlabel=x_label, ylabel=y_label)
    _title(ax, title)
    _legend_outside(fig, ax, legend_title)
    for handle in fig.legends[0].legend_handles if fig.legends else []:
        handle.set(alpha=1, markersize=8)
    return fig


def metric_panels(data: pd.DataFrame, x: str, metrics: Mapping[str, str], *, title: str, x_label: str,
                  marked_x: float | None = None, marked_label: str | None = None,
                  panel_width: float = 4.0, language: str = "id") -> Figure:
    """One small line panel per metric over the same x, e.g. clustering quality against k.

    Parameters
    ----------
    data
        Tidy: one row per x with a column per metric.
    x
        The column of the shared x (whole numbers, each one a tick).
    metrics
        Column to panel title, e.g. ``{"silhouette": "Silhouette (makin tinggi makin baik)"}``.
    title, x_label
        Labels in the report language.
    marked_x, marked_label
        An x to mark in every panel with a dashed line (e.g. the chosen k),
        and what the line means, shown in the legend.
    panel_width
        Width of one panel in inches.
    """
    _require(data, {"x": x, **{f"metrics key {i}": m for i, m in enumerate(metrics)}})
    fig, axes = _figure((panel_width * len(metrics), 3.8), ncols=len(metrics))
    frame = data.sort_values(x)
    for ax, (column, panel_title) in zip(axes, metrics.items()):
        ax.plot(frame[x], frame[column], marker="o", color=PALETTE[0], linewidth=1.8)
        if marked_x is not None:
            ax.axvline(marked_x, color=REFERENCE_COLOR, linestyle="--", linewidth=1.2, label=marked_label)
        ax.set_xticks(frame[x].tolist())
        number_axis(ax, "x", decimals=0, language=language)
        number_axis(ax, "y", language=language)
        ax.set(xlabel=x_label, ylabel="")
        _title(ax, panel_title, fontsize=11)
    _title(fig, title)
    if marked_x is not None and marked_label:
        fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", frameon=False)
    return fig
