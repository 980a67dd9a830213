"""The report figures: Indonesian numbers on the axes, standards that can be read, and no figure left open."""

from __future__ import annotations

import base64
import io
import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from PIL import Image

from kinerja.present import plots

matplotlib.use("Agg")  # no window, whatever the machine's default backend


def _tick_labels(axis) -> list[str]:
    axis.figure.canvas.draw()
    return [label.get_text() for label in axis.get_ticklabels() if label.get_text()]


def _visible_ticks(axis) -> list[float]:
    low, high = sorted(axis.get_view_interval())
    return [t for t in axis.get_majorticklocs() if low - 1e-9 <= t <= high + 1e-9]


def _weekly(low: float = 0.83, high: float = 0.90) -> pd.DataFrame:
    weeks = ["5 Jan", "12 Jan", "19 Jan", "26 Jan"]
    rates = np.linspace(low, high, 8)
    return pd.DataFrame({"Minggu": weeks * 2, "Jenis unit": ["Kelurahan"] * 4 + ["Puskesmas"] * 4,
                         "rate": rates})


def _trend(**kwargs) -> Figure:
    arguments = {"group": "Jenis unit", "title": "Tingkat pelaporan", "x_label": "Minggu",
                 "y_label": "Tingkat pelaporan"} | kwargs
    return plots.trend_against_standard(_weekly(), "Minggu", "rate", **arguments)


def test_percent_axis_reads_like_85_percent_and_uses_a_decimal_comma():
    fig, ax = plt.subplots()
    plt.close(fig)
    plots.percent_axis(ax)
    ax.set_ylim(0.8, 0.9)
    ax.set_yticks([0.8, 0.85, 0.9])
    assert _tick_labels(ax.yaxis) == ["80%", "85%", "90%"]
    ax.set_yticks([0.85, 0.855, 0.86])
    assert _tick_labels(ax.yaxis) == ["85,0%", "85,5%", "86,0%"]


def test_number_axis_writes_thousands_with_a_point():
    fig, ax = plt.subplots()
    plt.close(fig)
    plots.number_axis(ax)
    ax.set_ylim(0, 3000)
    ax.set_yticks([0, 1500, 3000])
    assert _tick_labels(ax.yaxis) == ["0", "1.500", "3.000"]


def test_english_axis_keeps_the_english_marks():
    fig, ax = plt.subplots()
    plt.close(fig)
    plots.percent_axis(ax, language="en")
    ax.set_yticks([0.85, 0.855])
    assert _tick_labels(ax.yaxis) == ["85.0%", "85.5%"]


def test_count_axis_has_only_whole_number_ticks_for_counts_0_to_17():
    data = pd.DataFrame({"saluran": [f"saluran {i}" for i in range(18)], "n": range(18)})
    fig = plots.count_bars(data, "saluran", "n", title="Pengaduan per saluran", count_label="Jumlah pengaduan")
    axis = fig.axes[0].xaxis
    labels = _tick_labels(axis)
    assert all(float(t).is_integer() for t in _visible_ticks(axis))
    assert labels and all(re.fullmatch(r"\d+", label) for label in labels)


def test_count_trend_has_only_whole_number_ticks():
    data = pd.DataFrame({"Triwulan": ["Tw I", "Tw II", "Tw III"], "n": [0, 2, 3]})
    fig = plots.trend_against_standard(data, "Triwulan", "n", value_format="count", title="Pengaduan",
                                       x_label="Triwulan", y_label="Pengaduan")
    assert all(float(t).is_integer() for t in _visible_ticks(fig.axes[0].yaxis))


def test_standard_is_a_line_at_its_value_with_its_label():
    fig = _trend(standards={"standar 85%": 0.85})
    ax = fig.axes[0]
    standard_lines = [line for line in ax.lines if np.allclose(line.get_ydata(), 0.85) and len(line.get_ydata()) == 2]
    assert len(standard_lines) == 1
    assert standard_lines[0].get_linestyle() == "--"
    assert "standar 85%" in [text.get_text() for text in ax.texts]


def test_standard_label_sits_outside_the_plotting_area():
    fig = _trend(standards={"standar 85%": 0.85})
    (label,) = [text for text in fig.axes[0].texts if text.get_text() == "standar 85%"]
    assert label.get_position()[0] > 1  # in axes coordinates: right of the axes, clear of every line


def test_rates_between_83_and_90_percent_are_not_drawn_on_a_0_to_100_percent_axis():
    low, high = _trend().axes[0].get_ylim()
    assert 0.7 < low < 0.83 and 0.90 < high < 0.95


def test_y_range_includes_a_standard_outside_the_data():
    low, high = _trend(standards={"standar 95%": 0.95}).axes[0].get_ylim()
    assert low < 0.83 and high > 0.95


def test_median_and_p90_lines_differ_in_line_style_and_marker():
    data = pd.DataFrame({"Triwulan": ["Tw I", "Tw II"] * 2, "Ukuran": ["median"] * 2 + ["persentil 90"] * 2,
                         "menit": [30, 32, 70, 75]})
    fig = plots.trend_against_standard(data, "Triwulan", "menit", style="Ukuran", value_format="number",
                                       standards={"standar 60 menit": 60}, title="Waktu tunggu",
                                       x_label="Triwulan", y_label="menit")
    lines = [line for line in fig.axes[0].lines if len(line.get_xdata()) == 2 and line.get_marker() != "None"]
    median = next(line for line in lines if max(line.get_ydata()) < 60)
    p90 = next(line for line in lines if min(line.get_ydata()) > 60)
    assert median.get_linestyle() == "-" and p90.get_linestyle() != "-"
    assert median.get_marker() != p90.get_marker()


def test_highlighted_trend_names_the_highlighted_line_and_the_grey_lines_at_their_ends():
    data = pd.DataFrame({"Triwulan": ["Tw I", "Tw II"] * 3, "unit": ["A", "A", "B", "B", "C", "C"],
                         "ikm": [70, 71, 80, 82, 85, 84]})
    fig = plots.trend_against_standard(data, "Triwulan", "ikm", group="unit", highlight=["A"], value_format="number",
                                       others_label="unit lain", title="IKM", x_label="Triwulan", y_label="IKM")
    assert not fig.legends
    assert sorted(text.get_text() for text in fig.axes[0].texts) == ["A", "unit lain (2)"]
    assert "2 garis abu-abu tipis: unit lain" in fig.caption


def test_heatmap_colorbar_has_a_label_saying_what_the_colours_mean():
    table = pd.DataFrame([[0.5, -1.2], [1.4, 0.0]], index=["Klaster 0", "Klaster 1"], columns=["JP", "Capaian"])
    fig = plots.heatmap(table, title="Profil klaster", colorbar_label="skor z", high_label="di atas rata-rata",
                        low_label="di bawah rata-rata")
    colorbar = fig.axes[0].collections[0].colorbar
    label = colorbar.ax.get_xlabel() or colorbar.ax.get_ylabel()
    assert label.startswith("skor z")
    assert "di atas rata-rata" in label and "di bawah rata-rata" in label


def test_heatmap_cells_show_values_with_a_decimal_comma_and_no_minus_zero():
    table = pd.DataFrame([[0.5, -1.25], [1.4, -0.01]], index=["a", "b"], columns=["x", "y"])
    fig = plots.heatmap(table, title="Profil", colorbar_label="skor z")
    assert sorted(text.get_text() for text in fig.axes[0].texts) == ["0,0", "0,5", "1,4", "\u22121,2"]


def test_heatmap_is_centred_on_its_center():
    table = pd.DataFrame([[2.8, 3.9]], index=["a"], columns=["U1", "U2"])
    fig = plots.heatmap(table, title="NRR", colorbar_label="NRR", center=3.06, decimals=2)
    norm = fig.axes[0].collections[0].norm
    assert norm(3.06) == pytest.approx(0.5)


def test_distribution_says_that_outliers_are_not_drawn():
    data = pd.DataFrame({"Unit": ["A"] * 20 + ["B"] * 20, "capaian": list(np.linspace(0.8, 1.2, 20)) * 2})
    hidden = plots.distribution_by_group(data, "capaian", "Unit", title="Capaian", value_label="Capaian")
    shown = plots.distribution_by_group(data, "capaian", "Unit", title="Capaian", value_label="Capaian",
                                        show_outliers=True)
    assert "tidak digambar" in " ".join(hidden.get_supxlabel().split())
    assert "digambar sebagai titik" in " ".join(shown.get_supxlabel().split())


def test_distribution_axis_goes_beyond_100_percent_when_capaian_does():
    data = pd.DataFrame({"Unit": ["A"] * 5, "capaian": [0.9, 1.0, 1.1, 1.2, 1.3]})
    fig = plots.distribution_by_group(data, "capaian", "Unit", title="Capaian", value_label="Capaian")
    assert fig.axes[0].get_xlim()[1] > 1.3


def test_titles_are_at_least_11_points():
    fig = plots.group_means(pd.DataFrame({"attribute": ["usia", "usia"], "group": ["< 30", "≥ 30"], "mean": [3, 3.2],
                                          "lo": [2.8, 3.0], "hi": [3.2, 3.4]}),
                            "group", "mean", "lo", "hi", panel="attribute", title="Rerata", y_label="Rerata")
    assert fig.axes[0].title.get_fontsize() >= 11
    assert _trend().axes[0].title.get_fontsize() >= 11


def _every_family() -> dict[str, Figure]:
    shares = pd.DataFrame({"Unit": ["A", "A", "B", "B"], "Predikat": ["Baik", "Kurang"] * 2,
                           "share": [0.7, 0.3, 0.4, 0.6]})
    curves = pd.DataFrame({"group": ["rendah"] * 3 + ["tinggi"] * 3, "time": [1, 5, 9] * 2,
                           "adopted": [0.2, 0.5, 0.9, 0.1, 0.3, 0.6]})
    curves = curves.assign(lo=curves["adopted"] - 0.05, hi=curves["adopted"] + 0.05)
    means = pd.DataFrame({"group": ["PNS", "PPPK"], "mean": [3.0, 3.3], "lo": [2.8, 3.1], "hi": [3.2, 3.5]})
    points = pd.DataFrame({"pc1": [0.0, 1.0, 2.0], "pc2": [1.0, 0.0, 2.0], "Klaster": ["0", "1", "1"]})
    scores = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.2, 0.3, 0.25]})
    return {
        "trend_against_standard": _trend(standards={"standar 85%": 0.85}),
        "share_bars": plots.share_bars(shares, "Unit", "Predikat", "share", title="Predikat", x_label="Bagian"),
        "distribution_by_group": plots.distribution_by_group(shares, "share", "Unit", title="t", value_label="v"),
        "heatmap": plots.heatmap(pd.DataFrame([[0.1, np.nan]]), title="t", colorbar_label="z"),
        "survival_curves": plots.survival_curves(curves, "time", "adopted", "group", lower="lo", upper="hi",
                                                 title="t", x_label="hari", y_label="bagian"),
        "count_bars": plots.count_bars(means, "group", "mean", title="t", count_label="n"),
        "histogram": plots.histogram(means, "mean", title="t", value_label="skor", count_label="n"),
        "group_means": plots.group_means(means, "group", "mean", "lo", "hi", title="t", y_label="rerata"),
        "scatter_by_group": plots.scatter_by_group(points, "pc1", "pc2", "Klaster", title="t", x_label="1",
                                                   y_label="2"),
        "metric_panels": plots.metric_panels(scores, "k", {"silhouette": "Silhouette"}, title="t", x_label="k",
                                             marked_x=3, marked_label="k terpilih"),
    }


def test_every_family_returns_a_figure_and_leaves_no_pyplot_figure_open(tmp_path):
    plt.close("all")
    figures = _every_family()
    assert plt.get_fignums() == []
    for name, fig in figures.items():
        assert isinstance(fig, Figure), name
        fig.savefig(tmp_path / f"{name}.png")  # a closed figure still draws and saves
        assert (tmp_path / f"{name}.png").stat().st_size > 0
    assert plt.get_fignums() == []


def test_a_missing_column_is_named_in_the_error():
    with pytest.raises(ValueError, match="group 'Jenis' is not a column"):
        plots.trend_against_standard(_weekly(), "Minggu", "rate", group="Jenis", title="t", x_label="x",
                                     y_label="y")
    assert plt.get_fignums() == []


def _png_size(fig) -> tuple[int, int]:
    return Image.open(io.BytesIO(base64.b64decode(fig.png_base64()))).size


def _shares(group: str, title: str):
    data = pd.DataFrame({"unit": [group, "KEC"] * 2, "predikat": ["Baik", "Baik", "Kurang", "Kurang"],
                         "share": [0.6, 0.5, 0.4, 0.5]})
    return plots.share_bars(data, "unit", "predikat", "share", title=title, x_label="Pegawai")


def test_a_figure_that_fits_is_drawn_once_at_its_own_size():
    fig = _shares("Puskesmas Cakranegara", "Sebaran predikat")
    assert _png_size(fig) == tuple(round(v) for v in fig.get_size_inches() * fig.dpi)


def test_a_figure_whose_labels_reach_past_its_edge_is_drawn_cut_to_its_content_so_nothing_is_lost():
    # A 64-character unit name and a long title: the layout cannot keep the title inside the 10-inch figure.
    fig = _shares("UPT Puskesmas " + "Cakranegara Selatan Baru " * 2, "Sebaran predikat kinerja " * 8)
    assert _png_size(fig)[0] > fig.get_size_inches()[0] * fig.dpi + 10
