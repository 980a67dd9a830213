"""Report figures say what to see: direct labels instead of legends, warm colours for attention, and a
caption that is shown under the figure and read as its alt text on the page."""

from __future__ import annotations

import re

import matplotlib
import nbformat
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from kinerja.present import plots
from kinerja.present.pages import notebook_body

matplotlib.use("Agg")  # no window, whatever the machine's default backend

QUARTERS = ["Tw I", "Tw II", "Tw III"]


def _lines(n: int) -> pd.DataFrame:
    return pd.DataFrame({"Triwulan": QUARTERS * n, "unit": [f"Unit {i}" for i in range(n) for _ in QUARTERS],
                         "ikm": [80.0 + i + q for i in range(n) for q in range(3)]})


def _ikm_trend(n: int, **kwargs) -> plots.CaptionedFigure:
    return plots.trend_against_standard(_lines(n), "Triwulan", "ikm", group="unit", value_format="number",
                                        title="IKM per unit", x_label="Triwulan", y_label="IKM", **kwargs)


def _label_positions(fig) -> dict[str, float]:
    return {text.get_text(): text.get_position()[1] for text in fig.axes[0].texts}


def test_five_lines_are_named_at_their_ends_and_have_no_legend():
    fig = _ikm_trend(5)
    assert not fig.legends and fig.axes[0].get_legend() is None
    assert set(_label_positions(fig)) == {f"Unit {i}" for i in range(5)}
    assert all(text.get_position()[0] > 1 for text in fig.axes[0].texts)  # right of the axes, clear of the lines


def test_six_lines_keep_a_legend():
    fig = _ikm_trend(6)
    assert [text.get_text() for text in fig.legends[0].get_texts()] == [f"Unit {i}" for i in range(6)]


def test_a_line_label_sits_at_the_height_of_the_lines_last_value():
    fig = _ikm_trend(2)
    low, high = fig.axes[0].get_ylim()
    assert _label_positions(fig)["Unit 1"] == pytest.approx((83 - low) / (high - low))  # Unit 1 ends at 81 + 2


def test_labels_of_lines_ending_at_the_same_value_as_the_standard_do_not_overlap():
    data = pd.DataFrame({"Minggu": ["a", "b"] * 2, "Jenis": ["Kelurahan"] * 2 + ["Sekolah"] * 2,
                         "rate": [0.84, 0.86, 0.85, 0.861]})
    fig = plots.trend_against_standard(data, "Minggu", "rate", group="Jenis", standards={"standar 86%": 0.86},
                                       title="Pelaporan", x_label="Minggu", y_label="Tingkat")
    positions = sorted(_label_positions(fig).values())
    height = fig.axes[0].get_position().height * fig.get_figheight()
    assert min(np.diff(positions)) * height * 72 >= 12  # at least a 10-point line apart, in points


def test_highlighted_lines_take_the_warm_colour_and_others_stay_grey():
    fig = _ikm_trend(4, highlight=["Unit 0"], others_label="unit lain")
    colours = {to_rgb(line.get_color()) for line in fig.axes[0].lines}
    assert to_rgb("#D55E00") in colours and to_rgb(plots.OTHERS_COLOR) in colours


def test_group_colours_avoid_orange_and_red_up_to_four_groups():
    colours = [to_rgb(line.get_color()) for line in _ikm_trend(4).axes[0].lines]
    assert not {to_rgb("#E69F00"), to_rgb("#D55E00")} & set(colours)


def test_heatmap_above_the_centre_is_blue_and_below_is_orange():
    table = pd.DataFrame([[-2.0, 2.0]], index=["Klaster 0"], columns=["capaian", "JP"])
    mesh = plots.heatmap(table, title="Profil", colorbar_label="skor z").axes[0].collections[0]
    below, above = (mesh.cmap(mesh.norm(value))[:3] for value in (-2.0, 2.0))
    assert above[2] > above[0] and below[0] > below[2]


def test_number_axis_of_a_trend_uses_a_decimal_comma():
    data = pd.DataFrame({"Triwulan": QUARTERS, "nrr": [3.21, 3.28, 3.35]})
    fig = plots.trend_against_standard(data, "Triwulan", "nrr", value_format="number", title="NRR",
                                       x_label="Triwulan", y_label="NRR")
    fig.canvas.draw()
    labels = [label.get_text() for label in fig.axes[0].get_yticklabels() if label.get_text()]
    assert labels and all(re.fullmatch(r"3,\d+", label) for label in labels)


def test_trend_caption_gives_each_lines_last_value_the_standard_and_an_axis_not_from_zero():
    fig = _ikm_trend(2, standards={"batas B": 76.61})
    assert fig.caption.startswith("Nilai pada Tw III: Unit 1 83; Unit 0 82.")
    assert "Garis putus-putus hitam: batas B." in fig.caption
    assert "Sumbu tegak tidak mulai dari nol" in fig.caption


def test_trend_caption_counts_the_grey_lines():
    fig = _ikm_trend(13, highlight=["Unit 0"], others_label="unit lain")
    assert "12 garis abu-abu tipis: unit lain" in fig.caption
    assert "unit lain (12)" in _label_positions(fig)


def test_distribution_caption_says_the_outliers_are_not_drawn_and_counts_groups_below_the_reference():
    data = pd.DataFrame({"Unit": ["A"] * 3 + ["B"] * 3, "capaian": [0.8, 0.85, 0.9, 1.0, 1.05, 1.1]})
    fig = plots.distribution_by_group(data, "capaian", "Unit", title="Capaian", value_label="Capaian",
                                      references={"Sesuai Ekspektasi (90%)": 0.9})
    assert "Median terendah: A 85,0%; tertinggi: B 105,0%." in fig.caption
    assert "1 dari 2 kelompok bermedian di bawah garis Sesuai Ekspektasi (90%)." in fig.caption
    assert fig.caption.endswith("Nilai di luar garis kumis tidak digambar.")


def test_count_bars_caption_names_the_largest_and_smallest_count_with_the_total():
    data = pd.DataFrame({"saluran": ["SP4N-LAPOR!", "WhatsApp", "Media Sosial"], "n": [18, 9, 2]})
    fig = plots.count_bars(data, "saluran", "n", title="Saluran", count_label="Jumlah")
    assert fig.caption == "Terbanyak: SP4N-LAPOR! (18 dari 29); paling sedikit: Media Sosial (2)."


def test_a_callers_caption_replaces_the_built_one_and_the_alt_text_starts_with_the_title():
    fig = _ikm_trend(2, caption="Unit 1 naik tiap triwulan.")
    assert fig.caption == "Unit 1 naik tiap triwulan."
    assert fig.alt_text == "IKM per unit. Unit 1 naik tiap triwulan."


def test_english_caption_is_in_english():
    fig = _ikm_trend(2, language="en")
    assert fig.caption.startswith("Values at Tw III: Unit 1 83; Unit 0 82.")


def test_figure_html_carries_the_caption_as_alt_text_and_visible_figcaption():
    fig = _ikm_trend(2, caption='Unit "1" < 90.')
    html = fig._repr_html_()
    assert 'alt="IKM per unit. Unit &quot;1&quot; &lt; 90."' in html
    assert re.search(r"<figcaption[^>]*>Unit &quot;1&quot; &lt; 90\.</figcaption>", html)


def test_notebook_display_publishes_the_html_figure_only(monkeypatch):
    published = []
    monkeypatch.setattr("IPython.display.publish_display_data", lambda data, *a, **k: published.append(data))
    _ikm_trend(2)._ipython_display_()
    assert [sorted(data) for data in published] == [["text/html", "text/plain"]]


def test_page_of_a_notebook_shows_the_figure_with_its_caption_as_alt_text():
    fig = _ikm_trend(2)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("figure", outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": fig._repr_html_(), "text/plain": fig.alt_text})])])
    body = notebook_body(notebook)
    assert "No description" not in body
    assert 'alt="IKM per unit. Nilai pada Tw III: Unit 1 83; Unit 0 82.' in body
    assert "<figcaption" in body and 'src="data:image/png;base64,' in body


def test_five_panels_of_means_wrap_into_two_rows_of_readable_width():
    data = pd.DataFrame({"attribute": [f"a{i}" for i in range(5) for _ in range(2)], "group": ["x", "y"] * 5,
                         "mean": [3.0, 3.2] * 5, "lo": [2.9, 3.1] * 5, "hi": [3.1, 3.3] * 5})
    fig = plots.group_means(data, "group", "mean", "lo", "hi", panel="attribute", title="Rerata", y_label="Rerata")
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 5 and fig.get_figwidth() <= 3 * 3.2
    assert len({round(ax.get_position().y0, 3) for ax in visible}) == 2
