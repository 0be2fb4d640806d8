"""The chapters' tables: values of remodeling runs after a time, and the styled table format."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from widgets import remodeling as rm
from widgets.tables import READOUTS, scroll_box, scrolling, styled, values_after


def test_values_after_are_the_last_day_of_each_run_relative_to_healthy():
    runs = {"RANKL 500": {"dosing": {"RANKL": 500.0}}, "IL-6 3x": {"cytokines": {"IL-6": 3.0}}}
    table = values_after(runs, days=200, columns=list(READOUTS), decimals=6, index="run")
    assert list(table.index) == list(runs) and table.index.name == "run" and list(table.columns) == list(READOUTS)
    healthy = rm.steady_state()
    end = rm.simulate(200, dosing={"RANKL": 500.0}).iloc[-1]
    row = table.loc["RANKL 500"]
    assert row["bone volume (%)"] == pytest.approx(end["bone_volume"], abs=1e-6)
    assert row["RANKL/OPG (× healthy)"] == pytest.approx(end["RANKL_OPG_rel"], abs=1e-6)
    assert row["free RANKL (× healthy)"] == pytest.approx(end["RANKL"] / healthy["RANKL"], abs=1e-6)
    assert row["osteoclasts (× healthy)"] == pytest.approx(end["OCa"] / healthy["OCa"], abs=1e-6)
    assert row["osteoblasts (× healthy)"] == pytest.approx(end["OBa"] / healthy["OBa"], abs=1e-6)
    assert table.loc["IL-6 3x", "bone volume (%)"] < 100 < row["osteoclasts (× healthy)"] * 100


def test_values_after_rounds_per_column():
    table = values_after({"healthy": {}}, days=30, decimals={"bone volume (%)": 0, "RANKL/OPG (× healthy)": 3})
    assert table.loc["healthy"].tolist() == [100.0, 1.0]


def test_values_after_rejects_unknown_columns_and_no_runs():
    with pytest.raises(ValueError, match=r"columns=\['bone loss'\]: allowed are one or more of 'bone volume \(%\)'"):
        values_after({"healthy": {}}, columns=["bone loss"])
    with pytest.raises(ValueError, match=r"runs=\{\} is empty"):
        values_after({})


def test_styled_tables_have_a_fixed_id_no_index_and_the_theme_class():
    frame = pd.DataFrame({"name": ["a", "b"], "value": [1.23456, None]})
    html = styled(frame, "course-test", formats={"value": "{:.2f}"}, na_rep="").to_html()
    assert 'id="T_course-test"' in html and 'class="dataframe"' in html
    assert "1.23" in html and "1.2346" not in html and "nan" not in html
    assert len(re.findall(r"<th\b[^>]*>", html)) == 2  # the two column headers, no index cells


def test_styled_tables_are_shown_in_a_named_focusable_scroll_box():
    frame = pd.DataFrame({"name": ["a", "b"], "value": [1.0, 2.0]})
    shown = styled(frame, "course-test", name="Two values")._repr_html_()
    assert shown.startswith('<div class="course-table-scroll" role="region" tabindex="0" aria-label="Two values">')
    assert shown.endswith("</div>") and 'id="T_course-test"' in shown
    assert "course-table-scroll" not in styled(frame, "course-test").to_html()  # the table alone
    assert 'aria-label="Table: name, value"' in styled(frame, "course-test")._repr_html_()


def test_comparison_and_coupling_tables_are_named_by_their_caption_or_cytokine():
    from widgets.comparison import comparison_table
    from widgets.remodeling import coupling_view

    box = re.match(r'<div class="course-table-scroll" role="region" tabindex="0" aria-label="([^"]+)">',
                   comparison_table(styled=True)._repr_html_())
    assert box and box.group(1).startswith("How the review&#x27;s six cytokines compare")
    assert 'aria-label="Cytokine couplings of the model: IL-6"' in coupling_view("IL-6")._repr_html_()


def test_scrolling_puts_a_frame_in_the_box_and_keeps_its_text():
    frame = pd.DataFrame({"a": [1]})
    table = scrolling(frame, "One row")
    assert table._repr_html_() == scroll_box(frame._repr_html_(), "One row")
    assert repr(table) == repr(frame)
    assert 'aria-label="a &amp; b"' in scroll_box("<table></table>", "a  &  b")
    with pytest.raises(ValueError, match="name=''"):
        scrolling(frame, "")
