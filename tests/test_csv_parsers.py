"""Arrow's CSV parser, used first for speed, reads a file into the same text cells as pandas' C parser."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from kinerja.data.io import _arrow_csv_grid

SAME_WIDTH = {
    "plain": "nip,nama\n1,Ani\n2,Budi\n",
    "no final newline": "nip,nama\n1,Ani",
    "crlf": "nip,nama\r\n1,Ani\r\n2,Budi\r\n",
    "quoted delimiter and doubled quote": 'a,b\n"x, y","say ""hi"""\n',
    "quote inside a field": 'a,b\nab"c,d\n',
    "text after a closing quote": 'a,b\n"ab"c,d\n',
    "empty fields and trailing delimiter": "a,b,c\n,,\nx,,\n",
    "spaces kept": "a,b\n  x , y  \n",
    "semicolons": "NIP;Nama\n196608011988031001;Lalu Ahmad\n",
    "tabs": "a\tb\n1\t2\n",
    "non-ASCII and emoji": "a,b\nBaiq Nurul Aini,☺ 😀\n",
    "only a header": "a,b\n",
    "blank line": "a\n\nx\n",
    "a blank line among two columns": "a,b\n\n1,2\n",
}
NOT_SAME_WIDTH = {
    "a shorter line (pandas pads it)": "a,b,c\n1,2\n",
    "a longer line": "a,b\n1,2,3\n",
    "a line of one space among two columns": "a,b\n \n1,2\n",
    "a quoted line break": 'a,b\n"\n"\n',
}


def _pandas(text: str, delimiter: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, na_filter=False,
                       skip_blank_lines=False, engine="c", quotechar='"')


@pytest.mark.parametrize("text", SAME_WIDTH.values(), ids=SAME_WIDTH.keys())
def test_a_file_of_one_width_gives_the_cells_pandas_gives(text):
    delimiter = ";" if ";" in text else "\t" if "\t" in text else ","
    grid = _arrow_csv_grid(text, delimiter)
    assert grid is not None
    pd.testing.assert_frame_equal(grid, _pandas(text, delimiter))


@pytest.mark.parametrize("text", NOT_SAME_WIDTH.values(), ids=NOT_SAME_WIDTH.keys())
def test_lines_of_another_width_are_left_to_pandas(text):
    assert _arrow_csv_grid(text, ",") is None


def test_an_empty_text_is_left_to_pandas():
    assert _arrow_csv_grid("", ",") is None and _arrow_csv_grid("\n\n", ",") is None
