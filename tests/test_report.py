"""What every report notebook shares: data, quarter, parameters, headlines, annex."""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd
import pytest

from kinerja.present.report import (
    HIDDEN,
    attention_by_unit,
    escape_markdown,
    hide_personal_values,
    load_headlines,
    parameters_table,
    quality_annex,
    save_headlines,
    table,
)


def test_parameters_table_lists_every_parameter():
    table = parameters_table({"quarter": "2026-Q3", "data": "demo", "units": None})
    assert table["Nilai"].to_dict() == {"quarter": "2026-Q3", "data": "demo", "units": "–"}


def test_headlines_are_saved_only_when_the_runner_gives_a_folder(tmp_path):
    content = {"title": "IKM", "quarter": "2026-Q3", "headlines": [{"label": "IKM", "value": "83,12", "change": ""}],
               "attention": [{"unit": "Kantor Lurah Mayura", "why": "mutu C"}]}
    assert save_headlines(None, "x", **content) is None
    path = save_headlines(tmp_path, "kepuasan_masyarakat", **content)
    assert path == tmp_path / "artefacts" / "kepuasan_masyarakat.json"
    assert load_headlines(tmp_path) == [{"notebook": "kepuasan_masyarakat", **content, "details": {}}]
    assert load_headlines(None) == []


def test_the_annex_hides_nips_in_values_and_reasons(demo_dataset):
    annex = quality_annex(demo_dataset, ["employees", "activities"])
    nip_rows = annex[annex["Kolom"] == "NIP"]
    assert len(nip_rows) == 4
    assert (nip_rows["Nilai"] == HIDDEN).all()
    assert not annex["Alasan"].str.contains(r"\d{15}|e\+17").any()


def test_with_a_key_rejected_nips_become_their_keyed_pseudonyms(demo_dataset):
    key = b"k" * 32
    rejects = demo_dataset.rejects[demo_dataset.rejects["table"] == "activities"]
    hidden = hide_personal_values(rejects, key)
    nip_rows = rejects["column"] == "nip"
    assert nip_rows.sum() >= 1
    for value, shown in zip(rejects.loc[nip_rows, "value"], hidden.loc[nip_rows, "value"]):
        assert shown == "R-" + hmac.new(key, str(value).strip().encode(), hashlib.sha256).hexdigest()[:16]
    assert not hidden["reason"].str.contains(r"\d{15}|e\+17").any()
    assert len(hidden) == len(rejects)


def test_annex_refuses_unknown_tables(demo_dataset):
    with pytest.raises(ValueError, match="no table called 'pegawai'"):
        quality_annex(demo_dataset, ["pegawai"])


def test_annex_of_a_table_without_rejects_is_empty(demo_dataset):
    assert quality_annex(demo_dataset, ["units"]).empty
    assert isinstance(quality_annex(demo_dataset, ["units"]), pd.DataFrame)


def test_tables_for_reading_escape_text_and_hide_the_index():
    shown = table(pd.DataFrame({"Unit": ["<b>Kantor</b>"], "IKM": [None]})).data
    assert "&lt;b&gt;Kantor&lt;/b&gt;" in shown and "<b>" not in shown
    assert "<th>Unit</th>" in shown and "–" in shown


def test_text_from_data_is_escaped_for_markdown():
    assert escape_markdown("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert\\(1\\)&gt;"
    assert escape_markdown("[a](javascript:alert(1))") == "\\[a\\]\\(javascript:alert\\(1\\)\\)"


def test_attention_is_gathered_per_unit_with_the_most_reasons_first():
    artefacts = [
        {"title": "Evaluasi", "attention": [{"unit": "Mayura", "why": "IKM mutu C"},
                                             {"unit": "Puskesmas", "why": "waktu tunggu 73 menit"}]},
        {"title": "IKM", "attention": [{"unit": "Puskesmas", "why": "lonjakan pengaduan"}]},
    ]
    table = attention_by_unit(artefacts)
    assert table["unit"].tolist() == ["Puskesmas", "Mayura"]
    assert table.loc[0, "reasons"] == "waktu tunggu 73 menit\nlonjakan pengaduan"
    assert table.loc[0, "reports"] == "Evaluasi; IKM"


def test_a_page_counts_a_flood_of_rejects_by_reason_and_lists_only_the_first_rows():
    from kinerja.present.report import annex_html

    column = {"table": "Tabel", "file": "Berkas", "row": "Baris", "column": "Kolom", "value": "Nilai", "reason": "Alasan"}
    rows = [{"table": "activities", "file": "aktivitas.csv", "row": n, "column": "status", "value": "Selesai",
             "reason": "bukan salah satu dari: Disetujui"} for n in range(2, 1002)]
    rows += [{"table": "activities", "file": "aktivitas.csv", "row": 2000 + n, "column": "nip", "value": "*",
              "reason": "kosong; nilai wajib diisi"} for n in range(3)]
    annex = pd.DataFrame(rows).rename(columns=column)
    page = annex_html(annex, "id", limit=50)
    assert page.startswith("<p>1.003 baris ditolak. Tabel pertama menghitung 2 alasan terbanyak, tabel kedua memuat "
                           "50 baris pertama; semua baris ada di rejects.csv proses ini.</p>")
    assert "<td>1.000</td>" in page and "<td>3</td>" in page
    assert page.count("<td>aktivitas.csv</td>") == 50
    small = annex_html(annex.head(10), "id", limit=50)
    assert "<p>" not in small and small.count("<td>aktivitas.csv</td>") == 10
