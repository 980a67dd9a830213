"""The report figures: one function per figure family, in the project theme.

Every function takes a tidy table and column names (a heatmap takes the
matrix it draws), labels in the report language, and returns a
:class:`CaptionedFigure` (a :class:`matplotlib.figure.Figure`).  Axes carry Indonesian numbers (``85,5%``,
``1.500``; whole numbers on count axes) through
:mod:`kinerja.core.formatting`, so a figure reads like the tables around it.

Each figure is closed in pyplot before it is returned, so Jupyter's inline
backend does not show it on its own at the end of the cell: a notebook shows
it once by leaving the call as the cell's last expression, or with
``display(...)`` when a cell shows several (``plt.show()`` shows nothing).
``fig.savefig`` works as usual.  Every figure function takes ``figsize``
(inches, with a default that fits) and ``language`` (``"id"`` or ``"en"``),
and one with a legend takes its ``legend_title``.

Every figure is a :class:`CaptionedFigure`: it carries a caption saying what
to see in it (built from the data, or the ``caption=`` a caller knows
better), which a notebook shows under the image and which becomes the
image's alt text on the HTML page.  Five lines or fewer are named at their
right ends instead of in a legend.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kinerja.core.formatting import number, percent
from kinerja.core.text import say
from kinerja.present.figure_parts import (
    _HIGH_COLOR_HUE,
    _LOW_COLOR_HUE,
    ATTENTION_PALETTE,
    DIRECT_LABELS_UP_TO,
    OTHERS_COLOR,
    PALETTE,
    REFERENCE_COLOR,
    CaptionedFigure,
    ValueFormat,
    _captioned,
    _category_ticks,
    _colors,
    _figure,
    _fit_limits,
    _format_axis,
    _ink,
    _items,
    _legend_outside,
    _note,
    _order,
    _place_right_labels,
    _reference_lines,
    _require,
    _title,
    _value,
    count_axis,
    number_axis,
    percent_axis,
    use_theme,
)

__all__ = ["ATTENTION_PALETTE", "DIRECT_LABELS_UP_TO", "OTHERS_COLOR", "PALETTE", "REFERENCE_COLOR", "CaptionedFigure",
           "ValueFormat", "count_axis", "count_bars", "distribution_by_group", "group_means", "heatmap", "histogram",
           "metric_panels", "number_axis", "percent_axis", "scatter_by_group", "share_bars", "survival_curves",
           "trend_against_standard", "use_theme"]


# --- figure families ----------------------------------------------------------------------------------


def trend_against_standard(data: pd.DataFrame, x: str, y: str, *, title: str, x_label: str, y_label: str,
                           group: str | None = None, style: str | None = None,
                           standards: Mapping[str, float] | None = None, value_format: ValueFormat = "percent",
                           order: Sequence | None = None, band: tuple[str, float] | None = None,
                           band_label: str | None = None, highlight: Sequence | None = None,
                           others_label: str | None = None, legend_title: str | None = None,
                           caption: str | None = None, figsize: tuple[float, float] = (10, 4.8),
                           language: str = "id") -> CaptionedFigure:
    """Lines over an ordered x (weeks, quarters), against one or more labelled standards.

    The y-axis is fitted to the data and the standards with a margin, so
    rates between 83% and 90% are not drawn on a 0–100% axis.  With five
    lines or fewer each is named at its right end (next to the standards'
    labels, none covering another) and there is no legend.

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
        for the middle half of the rows; ``band_label`` says what it is.
    highlight
        Levels of ``group`` that need attention, drawn thick in warm colours
        (vermillion first); the others are drawn as thin grey lines, named
        together by ``others_label``.
    legend_title
        Title of the legend, when there is one (more than five lines).
    caption
        What to see; default: the value of each line at the last x (or the
        highest and lowest), the standards, the band and the grey lines.
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
    others = frame.iloc[:0]
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
    colours = (_colors(hue_levels, ATTENTION_PALETTE if highlight is not None else None) if group is not None
               else {None: PALETTE[0]})
    ends = _line_ends(frame, x, y, group, style, language)
    direct = len(ends) <= DIRECT_LABELS_UP_TO
    line_kw: dict = {"marker": "o"} if style is None else {
        "markers": ["o", "s", "^", "D"][:len(style_levels)], "style_order": style_levels,
        "dashes": ["", (5, 2.5), (1.5, 1.5), (6, 2, 1.5, 2)][:len(style_levels)]}
    if len(frame):
        sns.lineplot(data=frame, x=x, y=y, hue=group, style=style, hue_order=hue_levels,
                     palette=colours if group is not None else None,
                     color=None if group is not None else PALETTE[0], estimator="mean",
                     errorbar=band, linewidth=2.2 if highlight is not None else 1.8, markersize=6, ax=ax,
                     legend="auto" if (group is not None or style is not None) and not direct else False, **line_kw)
    if band is not None and band_label:
        extra.append(Patch(facecolor="#999999", alpha=0.3, label=band_label))
    if categorical:
        _category_ticks(ax, levels)
        ax.set_xlim(-0.4, len(levels) - 0.6)
    _fit_limits(ax, "y", list((standards or {}).values()), value_format)
    _format_axis(ax, "y", value_format, language)
    labels = _reference_lines(ax, standards)
    ax.set(xlabel=x_label, ylabel=y_label)
    _title(ax, title)
    named = len(ends) > 1 or group is not None or style is not None
    if direct:
        labels += [(textwrap.fill(name, 26), value, colours[hue]) for name, hue, _, value in ends if named]
        if len(others):
            label = say("grafik.others_count", language, label=others_label or "–", n=others[group].nunique())
            last = others[others[x] == others[x].max()].groupby(group, observed=True)[y].mean()
            labels.append((textwrap.fill(label, 26), float(last.mean()), "#777777"))
        if band is not None and band_label:
            _note(fig, say("grafik.caption.band", language, label=band_label))
    else:
        _legend_outside(fig, ax, legend_title, extra)
    _place_right_labels(ax, labels)
    return _captioned(fig, title, caption, _trend_sentences(
        ax, ends if named else [(y_label, *end[1:]) for end in ends], levels if categorical else None, standards, band_label if band else None,
        (others_label, others[group].nunique()) if len(others) else None, direct and named, value_format,
        language), language)


def _line_ends(frame: pd.DataFrame, x: str, y: str, group: str | None, style: str | None,
               language: str) -> list[tuple[str, object, float, float]]:
    """Each line's name, group level, last x and (averaged) value there, as the lines are drawn."""
    keys = [column for column in (group, style) if column is not None]
    if not len(frame):
        return []
    parts = frame.groupby(keys, sort=False, observed=True) if keys else [((), frame)]
    ends = []
    for key, part in parts:
        key = key if isinstance(key, tuple) else (key,)
        last = part[x].max()
        value = float(part.loc[part[x] == last, y].mean())
        names = dict(zip(keys, map(str, key)))
        name = (names[group] if style is None else names[style] if group is None
                else say("grafik.line_label", language, group=names[group], style=names[style])) if keys else ""
        ends.append((name, key[0] if group is not None else None, last, value))
    return ends


def _trend_sentences(ax: Axes, ends: Sequence[tuple[str, object, float, float]], levels: Sequence | None,
                     standards: Mapping[str, float] | None, band_label: str | None,
                     others: tuple[str | None, int] | None, labelled: bool, value_format: ValueFormat,
                     language: str) -> list[str]:
    """The caption of a trend: values at the last x, standards, band, grey lines and an axis not from zero."""
    sentences = []
    if ends:
        last = max(end for _, _, end, _ in ends)
        at = str(levels[int(last)]) if levels is not None else number(last, 0, language)
        current = sorted(((name, value) for name, _, end, value in ends if end == last), key=lambda e: -e[1])
        whole = all(float(value).is_integer() for _, value in current)
        pairs = [(name, _value(value, value_format, language, whole)) for name, value in current]
        if len(pairs) <= DIRECT_LABELS_UP_TO:
            sentences.append(say("grafik.caption.last_values", language, x=at, items=_items(pairs, language)))
        else:
            sentences.append(say("grafik.caption.highest_lowest_at", language, x=at,
                                 high=_items(pairs[:1], language), low=_items(pairs[-1:], language)))
    if labelled:
        sentences.append(say("grafik.caption.labelled_ends", language))
    if others is not None:
        sentences.append(say("grafik.caption.others", language, n=others[1], label=others[0] or "–"))
    if standards:
        sentences.append(say("grafik.caption.standards", language, labels="; ".join(standards)))
    if band_label:
        sentences.append(say("grafik.caption.band", language, label=band_label))
    low = ax.get_ylim()[0]
    if low > 0 and value_format != "count":
        tick = min((t for t in ax.get_yticks() if t >= low), default=low)
        sentences.append(say("grafik.caption.axis_from", language,
                             value=ax.yaxis.get_major_formatter().format_ticks([tick])[0]))
    return sentences


def share_bars(data: pd.DataFrame, group: str, category: str, share: str, *, title: str, x_label: str,
               category_order: Sequence | None = None, group_order: Sequence | None = None,
               palette: Sequence | Mapping | None = None, legend_title: str | None = None,
               caption: str | None = None, figsize: tuple[float, float] | None = None,
               language: str = "id") -> CaptionedFigure:
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
    caption
        What to see; default: the group with the largest share of each category.
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
    tops = [say("grafik.caption.share_item", language, category=level, group=table[level].idxmax(),
                share=percent(table[level].max(), 0, language)) for level in categories if table[level].max() > 0]
    return _captioned(fig, title, caption, [say("grafik.caption.shares_top", language, items="; ".join(tops))]
                      if tops else [], language)


def distribution_by_group(data: pd.DataFrame, value: str, group: str, *, title: str, value_label: str,
                          order: Sequence | Literal["median"] | None = "median",
                          references: Mapping[str, float] | None = None, references_title: str | None = None,
                          show_outliers: bool = False, value_format: ValueFormat = "percent",
                          caption: str | None = None, figsize: tuple[float, float] | None = None,
                          language: str = "id") -> CaptionedFigure:
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
    caption
        What to see; default: the lowest and highest median, how many groups
        have a median below each reference, and whether outliers are drawn.
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
    fliers = say("grafik.fliers_shown" if show_outliers else "grafik.fliers_hidden", language)
    _note(fig, f"{say('grafik.box', language)} {fliers}")
    medians = frame.groupby(group, observed=True)[value].median().reindex(groups).dropna()
    sentences = []
    if len(medians):
        sentences.append(say("grafik.caption.medians", language, **{
            end: _items([(str(name), _value(medians[name], value_format, language))], language)
            for end, name in (("low", medians.idxmin()), ("high", medians.idxmax()))}))
    sentences += [say("grafik.caption.below_reference", language, n=int((medians < limit).sum()), total=len(medians),
                      reference=label) for label, limit in (references or {}).items()]
    return _captioned(fig, title, caption, [*sentences, fliers], language)


def heatmap(table: pd.DataFrame, *, title: str, colorbar_label: str, center: float | None = 0.0,
            limits: tuple[float, float] | None = None, high_label: str | None = None,
            low_label: str | None = None, decimals: int = 1, value_format: ValueFormat = "number",
            annotations: pd.DataFrame | None = None, split_after: int | None = None,
            split_labels: tuple[str, str] | None = None, caption: str | None = None,
            figsize: tuple[float, float] | None = None, language: str = "id") -> CaptionedFigure:
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
    caption
        What to see; default: the lowest and highest cell and what the colours mean.
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
    meanings = [say("grafik.colours", language, high=high_label or "–", low=low_label or "–")] \
        if center is not None and (high_label or low_label) else []
    if values.isna().to_numpy().any():
        meanings.append(say("grafik.hidden_cell", language))
    label = "; ".join([colorbar_label, *meanings])
    longest_row = max((len(str(i)) for i in table.index), default=0)
    fig, (ax,) = _figure(figsize or (max(6.0, 0.7 * table.shape[1] + 0.075 * longest_row + 2.5),
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
    sentences = []
    if len(finite):
        matrix, cells = values.to_numpy(), {}
        for end, flat in (("low", np.nanargmin(matrix)), ("high", np.nanargmax(matrix))):
            row, column = np.unravel_index(flat, matrix.shape)
            cell = matrix[row, column]
            shown = str(annotations.iat[row, column]) if annotations is not None else (
                percent(cell, decimals, language) if value_format == "percent" else number(cell, decimals, language))
            cells[end] = say("grafik.caption.cell", language, row=values.index[row], column=values.columns[column],
                             value=" ".join(shown.split()))
        sentences.append(say("grafik.caption.cells", language, **cells))
    if meanings:
        sentences.append(say("grafik.caption.colours", language, meaning="; ".join(meanings)))
    return _captioned(fig, title, caption, sentences, language)


def survival_curves(data: pd.DataFrame, time: str, value: str, group: str, *, title: str, x_label: str,
                    y_label: str, lower: str | None = None, upper: str | None = None,
                    band_label: str | None = None, start: float | None = 0.0, order: Sequence | None = None,
                    ordinal: bool = False, legend_title: str | None = None, caption: str | None = None,
                    figsize: tuple[float, float] = (9, 4.8), language: str = "id") -> CaptionedFigure:
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
    legend_title
        What the groups are; over the curves' names (five or fewer, written
        at their right ends) or the legend's title.
    caption
        What to see; default: where each curve reaches 50%.
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
    halves, ends = [], []
    for level in groups:
        part = data[data[group] == level].sort_values(time)
        reached = part.loc[part[value] >= 0.5, time]
        halves.append((str(level), number(reached.iloc[0], 0, language) if len(reached)
                       else say("grafik.caption.never", language)))
        if len(part):
            ends.append((textwrap.fill(str(level), 26), float(part[value].iloc[-1]), colours[level]))
    sentences = [say("grafik.caption.half_reached", language, x_label=x_label, items=_items(halves, language))]
    if len(groups) <= DIRECT_LABELS_UP_TO:
        _place_right_labels(ax, ends, header=legend_title)
        sentences.append(say("grafik.caption.labelled_ends", language))
        if extra:
            _note(fig, say("grafik.caption.band", language, label=band_label))
    else:
        _legend_outside(fig, ax, legend_title, extra)
    if extra:
        sentences.append(say("grafik.caption.band", language, label=band_label))
    return _captioned(fig, title, caption, sentences, language)


def count_bars(data: pd.DataFrame, category: str, count: str, *, title: str, count_label: str,
               order: Sequence | Literal["descending"] | None = "descending",
               caption: str | None = None, figsize: tuple[float, float] | None = None,
               language: str = "id") -> CaptionedFigure:
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
    caption
        What to see; default: the largest and smallest count, and the total.
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
    sentences = [] if not len(totals) else [say(
        "grafik.caption.counts", language, high=totals.idxmax(), high_n=number(totals.max(), 0, language),
        total=number(totals.sum(), 0, language), low=totals.idxmin(), low_n=number(totals.min(), 0, language))]
    return _captioned(fig, title, caption, sentences, language)


def histogram(data: pd.DataFrame, value: str, *, title: str, value_label: str, count_label: str,
              binwidth: float | None = None, binrange: tuple[float, float] | None = None,
              value_format: Literal["number", "percent"] = "number", caption: str | None = None,
              figsize: tuple[float, float] = (8, 4), language: str = "id") -> CaptionedFigure:
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
    caption
        What to see; default: how many values, their median and middle half.
    """
    _require(data, {"value": value})
    fig, (ax,) = _figure(figsize)
    sns.histplot(x=data[value].dropna().astype(float), binwidth=binwidth, binrange=binrange, color=PALETTE[0],
                 edgecolor="white", alpha=0.9, ax=ax)
    _format_axis(ax, "x", value_format, language)
    count_axis(ax, "y", language=language)
    ax.set(xlabel=value_label, ylabel=count_label)
    _title(ax, title)
    values = data[value].dropna().astype(float)
    sentences = [] if not len(values) else [say(
        "grafik.caption.histogram", language, n=number(len(values), 0, language),
        **{name: _value(values.quantile(q), value_format, language)
           for name, q in (("median", 0.5), ("q1", 0.25), ("q3", 0.75))})]
    return _captioned(fig, title, caption, sentences, language)


def group_means(data: pd.DataFrame, group: str, mean: str, ci_low: str, ci_high: str, *, title: str,
                y_label: str, panel: str | None = None, panel_titles: Mapping | None = None,
                value_format: Literal["number", "percent"] = "number", panel_width: float = 3.2,
                panels_per_row: int = 3, caption: str | None = None, language: str = "id") -> CaptionedFigure:
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
    panels_per_row
        Panels side by side; more go on further rows, so that the figure is
        not shrunk on the page until its titles cannot be read.
    caption
        What to see; default: the highest and lowest mean in each panel.
    """
    _require(data, {"group": group, "mean": mean, "ci_low": ci_low, "ci_high": ci_high, "panel": panel})
    panels = list(pd.unique(data[panel])) if panel is not None else [None]
    ncols = min(len(panels), max(panels_per_row, 1))
    nrows = -(-len(panels) // ncols)
    fig, axes = _figure((max(panel_width * ncols, 5.0), 4.0 * nrows + 0.4), ncols=ncols, nrows=nrows,
                        sharey=True)
    for ax in axes[len(panels):]:
        ax.set_visible(False)
    sentences = []
    for ax, level in zip(axes, panels):
        part = data if level is None else data[data[panel] == level]
        means = part[mean].to_numpy(dtype=float)
        errors = [means - part[ci_low].to_numpy(dtype=float), part[ci_high].to_numpy(dtype=float) - means]
        ax.errorbar(range(len(part)), means, yerr=errors, fmt="o", color=PALETTE[0], capsize=4, markersize=6)
        _category_ticks(ax, part[group])
        ax.set_xlim(-0.6, len(part) - 0.4)
        ax.set_xlabel("")
        name = str((panel_titles or {}).get(level, level)) if level is not None else y_label
        if level is not None:
            _title(ax, name, fontsize=11)
        if len(part):
            ranked = part.set_index(group)[mean].astype(float)
            sentences.append(say("grafik.caption.means_panel", language, panel=name, **{
                end: _items([(str(label), _value(ranked[label], value_format, language))], language)
                for end, label in (("high", ranked.idxmax()), ("low", ranked.idxmin()))}))
    for ax in axes[::ncols]:
        ax.set_ylabel(y_label)
    shown = axes[:len(panels)]
    low, high = min(a.dataLim.intervaly[0] for a in shown), max(a.dataLim.intervaly[1] for a in shown)
    axes[0].set_ylim(low - ((high - low) * 0.08 or 0.1), high + ((high - low) * 0.08 or 0.1))
    _format_axis(axes[0], "y", value_format, language)
    _title(fig, title)
    return _captioned(fig, title, caption, [say("grafik.caption.means", language, panels=" ".join(sentences))],
                      language)


def scatter_by_group(data: pd.DataFrame, x: str, y: str, group: str, *, title: str, x_label: str, y_label: str,
                     order: Sequence | None = None, legend_title: str | None = None, caption: str | None = None,
                     figsize: tuple[float, float] = (8.5, 6), language: str = "id") -> CaptionedFigure:
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
    caption
        What to see; default: how many points, and how many in each group.
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
    sizes = data[group].value_counts()
    pairs = [(str(level), number(sizes.get(level, 0), 0, language)) for level in groups]
    return _captioned(fig, title, caption, [say("grafik.caption.scatter", language, n=number(len(data), 0, language),
                                                items=_items(pairs, language))], language)


def metric_panels(data: pd.DataFrame, x: str, metrics: Mapping[str, str], *, title: str, x_label: str,
                  marked_x: float | None = None, marked_label: str | None = None,
                  panel_width: float = 4.0, caption: str | None = None, language: str = "id") -> CaptionedFigure:
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
    caption
        What to see; default: the marked x and every metric's value there.
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
    at = frame[frame[x] == marked_x]
    sentences = [] if marked_x is None or not len(at) else [say(
        "grafik.caption.marked", language, label=marked_label or "–", x=number(marked_x, 0, language),
        items=_items([(panel_title, _value(float(at[column].iloc[0]), "number", language))
                      for column, panel_title in metrics.items()], language))]
    return _captioned(fig, title, caption, sentences, language)
