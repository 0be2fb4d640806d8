"""The one data loader: conversions, schema checks and messages naming file, row, field and allowed values."""

from __future__ import annotations

import pytest

from widgets import data
from widgets.data import DataError, Field, Table

FIELDS = (
    Field("id", unique=True),
    Field("kind", kind="choice", choices=("cell", "molecule")),
    Field("level", kind="float", min=0, max=10),
    Field("count", kind="int", min=1),
    Field("active", kind="bool", required=False),
    Field("tags", kind="list", required=False),
)
TABLE = Table("things.csv", FIELDS, key="id")
GOOD = "id,kind,level,count,active,tags\na,cell,1.5,2,true,x;y\nb,molecule,0,1,,\n"


def check(tmp_path, text, table=TABLE, name="things.csv"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    records, _ = data._check_table(tmp_path, name, table)
    return records


def test_good_rows_are_converted(tmp_path):
    rows = check(tmp_path, GOOD)
    assert rows[0] == {"id": "a", "kind": "cell", "level": 1.5, "count": 2, "active": True, "tags": ["x", "y"]}
    assert rows[1]["active"] is None and rows[1]["tags"] == []


@pytest.mark.parametrize("text, expected", [
    (GOOD.replace("a,cell", "a,organ"), "row 1 (line 2), field 'kind': 'organ' is not allowed (allowed: 'cell', 'molecule')"),
    (GOOD.replace("1.5", "lots"), "field 'level': 'lots' is not a number"),
    (GOOD.replace("1.5", "11"), "field 'level': '11' is out of range (allowed: a number from 0 to 10)"),
    (GOOD.replace("1.5", "nan"), "field 'level': 'nan' is not a finite number"),
    (GOOD.replace(",2,true", ",2.5,true"), "field 'count': '2.5' is not a whole number"),
    (GOOD.replace("true", "maybe"), "field 'active': 'maybe' is not true or false"),
    (GOOD.replace("b,molecule", "a,molecule"), "row 2 (line 3), field 'id': duplicate 'a' (first in row 1 (line 2))"),
    (GOOD.replace(",level,", ",lvl,"), "header, field 'level': missing column(s) 'level'"),
    (GOOD.replace("a,cell,1.5,2", "a,cell,1.5,2,extra"), "row 1 (line 2): has 7 values but the header has 6 columns"),
    (GOOD.replace("b,molecule,0,1", "b,,0,1"), "row 2 (line 3), field 'kind': missing value"),
    ("", "the file is empty"),
])
def test_errors_name_file_row_field_and_allowed(tmp_path, text, expected):
    with pytest.raises(DataError) as err:
        check(tmp_path, text)
    assert str(err.value).startswith("data/things.csv")
    assert expected in str(err.value)


def test_yaml_records_and_nested_records(tmp_path):
    table = Table("q.yaml", (Field("id"), Field("options", kind="records", min_items=2,
                                                  fields=(Field("text"), Field("correct", kind="bool")))))
    ok = "- id: q1\n  options:\n    - {text: a, correct: true}\n    - {text: b, correct: false}\n"
    assert check(tmp_path, ok, table, "q.yaml")[0]["options"][1] == {"text": "b", "correct": False}
    with pytest.raises(DataError, match=r"item 1 \('q1'\), options\[2\], field 'correct'"):
        check(tmp_path, ok.replace("correct: false", "correct: perhaps"), table, "q.yaml")
    with pytest.raises(DataError, match=r"data/q.yaml, line \d+, column \d+: broken YAML"):
        check(tmp_path, "- id: q1\n  options: [\n", table, "q.yaml")
    with pytest.raises(DataError, match=r"unknown field\(s\) 'colour'"):
        check(tmp_path, "- id: q1\n  colour: red\n  options: []\n", table, "q.yaml")


def test_every_shipped_data_file_is_valid():
    files = data.validate_all()
    assert files, "no data files were checked"


def test_a_file_without_schema_is_an_error(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(data.data_dir(), tmp_path / "data")
    (tmp_path / "data" / "stray.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="data/stray.csv: no schema describes this file"):
        data.validate_all(tmp_path / "data")


def test_cached_records_is_the_shared_read_until_the_cache_is_cleared():
    data.clear_cache()
    first = data.cached_records("remodeling_parameters.csv")
    assert isinstance(first, tuple) and first
    assert data.cached_records("remodeling_parameters.csv") is first
    assert data.load_records("remodeling_parameters.csv") == list(first)
    assert data.load_records("remodeling_parameters.csv")[0] is not first[0], "load_records hands out a copy"
    data.clear_cache()
    again = data.cached_records("remodeling_parameters.csv")
    assert again is not first and again == first
