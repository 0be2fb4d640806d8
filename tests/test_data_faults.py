"""``make check-data`` is the whole truth: every fault the engines, the quiz, the glossary or the build would
reject later stops ``validate_all()`` at once, with file, row (line), field and what is allowed.

Each test writes a copy of ``data/`` with one fault to a temporary folder and validates it, as
``make check-data`` does (``validate_all``; one test runs ``python -m widgets.data`` itself).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys

import pytest
import yaml

from widgets import data
from widgets.data import DataError

from .booktools import ROOT


@pytest.fixture
def copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    data.clear_cache()
    yield folder
    data.clear_cache()


def _rows(path):
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_rows(path, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _edit_row(path, match: dict, **changes) -> int:
    """Change the first row whose fields equal ``match``; return its data-row number (1 = first)."""
    rows = _rows(path)
    index = next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))
    rows[index].update(changes)
    _write_rows(path, rows)
    return index + 1


def _quiz(folder, chapter="intro"):
    path = folder / "quizzes" / f"{chapter}.yaml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _fails(folder, *parts):
    with pytest.raises(DataError) as err:
        data.validate_all(folder)
    message = str(err.value)
    for part in parts:
        assert part in message, f"{part!r} not in the message:\n{message}"
    return message


# ------------------------------------------------------------------ the quiz

def test_a_question_with_no_correct_option(copy):
    path, items = _quiz(copy)
    for option in items[0]["options"]:
        option["correct"] = False
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _fails(copy, "data/quizzes/intro.yaml, item 1 ('who-threshold'), field 'options': no option marked correct",
           "(allowed: exactly one option with correct: true)")


def test_a_question_with_two_correct_options(copy):
    path, items = _quiz(copy)
    items[0]["options"][0]["correct"] = True
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _fails(copy, "item 1 ('who-threshold'), field 'options': options 1, 3 marked correct")


def test_a_question_id_with_spaces(copy):
    path, items = _quiz(copy)
    items[1]["id"] = "two words"
    path.write_text(yaml.safe_dump(items, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _fails(copy, "data/quizzes/intro.yaml, item 2 ('two words'), field 'id': 'two words' is not a usable question id",
           "(allowed: lower-case letters, digits and '-'")


def test_a_quiz_file_not_named_after_a_chapter(copy):
    shutil.copy(copy / "quizzes" / "intro.yaml", copy / "quizzes" / "il17.yaml")
    _fails(copy, "data/quizzes/il17.yaml: 'il17' is not a chapter id", "allowed: quizzes/<id>.yaml with id one of intro")


# ------------------------------------------------------------------ the glossary

def test_a_glossary_term_duplicated_ignoring_case(copy):
    path = copy / "glossary.csv"
    rows = _rows(path)
    rows.append({**rows[0], "term": rows[0]["term"].upper()})
    _write_rows(path, rows)
    _fails(copy, f"data/glossary.csv, row {len(rows)} (line {len(rows) + 1}), field 'term': duplicate "
                 f"'{rows[0]['term'].upper()}' (terms are matched ignoring case; first in row 1 (line 2))")


def test_a_backtick_in_a_glossary_term(copy):
    number = _edit_row(copy / "glossary.csv", {"term": "BMD"}, term="`BMD`")
    _fails(copy, f"data/glossary.csv, row {number} (line {number + 1}), field 'term': '`BMD`' cannot be a glossary term",
           "(allowed: text without angle brackets, backticks")


# ------------------------------------------------------------------ the remodeling engine

def test_a_coupling_citing_a_section_that_does_not_discuss_its_cytokine(copy):
    number = _edit_row(copy / "cytokine_couplings.csv", {"cytokine": "IL-1"}, review_section="6")
    _fails(copy, f"data/cytokine_couplings.csv, row {number} (line {number + 1}), field 'review_section': "
                 "section '6' of the review does not discuss IL-1", "(allowed: '1', '2.1', '2.2', '2.3', '7')")


def test_a_lower_effect_that_would_make_its_target_negative(copy):
    number = _edit_row(copy / "cytokine_couplings.csv", {"effect": "lower"}, max_effect="1.5")
    _fails(copy, f"row {number} (line {number + 1}), field 'max_effect': max_effect 1.5 would make the target negative",
           "(allowed: 0 to 1 for a 'lower' effect)")


def test_a_missing_kappa_bv_row(copy):
    path = copy / "remodeling_parameters.csv"
    _write_rows(path, [r for r in _rows(path) if r["name"] != "kappa_BV"])
    _fails(copy, "data/remodeling_parameters.csv, field 'name': missing parameter(s) 'kappa_BV'",
           "(allowed: one parameter for each of D_OBu")


def test_a_zero_model_parameter(copy):
    number = _edit_row(copy / "remodeling_parameters.csv", {"name": "D_OBp"}, value="0")
    _fails(copy, f"data/remodeling_parameters.csv, row {number} (line {number + 1}), field 'value': '0' is out of range",
           "(allowed: a number above 0)")


def test_a_therapy_strength_over_one(copy):
    number = _edit_row(copy / "therapies.csv", {"kind": "cytokine"}, value="1.5")
    _fails(copy, f"data/therapies.csv, row {number} (line {number + 1}), field 'value': 1.5 is more than the whole level",
           "(allowed: a fraction from 0 to 1 for a cytokine therapy)")


# ------------------------------------------------------------------ the calcification engine

def test_a_hill_coefficient_of_zero(copy):
    number = _edit_row(copy / "vsmc_model.csv", {"name": "hill"}, value="0")
    _fails(copy, f"data/vsmc_model.csv, row {number} (line {number + 1}), field 'value': hill = 0.0 must be above zero",
           "(allowed: a number above 0)")


def test_a_zero_rate_constant(copy):
    number = _edit_row(copy / "vsmc_model.csv", {"name": "k_pstat3_per_h"}, value="0")
    _fails(copy, f"row {number} (line {number + 1}), field 'value': k_pstat3_per_h = 0.0 must be above zero")


def test_a_missing_constant(copy):
    path = copy / "vsmc_model.csv"
    _write_rows(path, [r for r in _rows(path) if r["name"] != "k_tnap_per_h"])
    _fails(copy, "data/vsmc_model.csv, field 'name': missing constant(s) 'k_tnap_per_h'")


# ------------------------------------------------------------------ the network engine

def test_an_edge_from_a_node_to_itself(copy):
    path = copy / "network_edges.csv"
    rows = _rows(path)
    number = 1
    rows[0]["target"] = rows[0]["source"]
    _write_rows(path, rows)
    _fails(copy, f"data/network_edges.csv, row {number} (line {number + 1}), field 'target': edge from "
                 f"'{rows[0]['source']}' to itself")


def test_a_missing_cytokine_node(copy):
    nodes, edges = copy / "network_nodes.csv", copy / "network_edges.csv"
    _write_rows(nodes, [r for r in _rows(nodes) if r["id"] != "IL-33"])
    _write_rows(edges, [r for r in _rows(edges) if "IL-33" not in (r["source"], r["target"])])
    _fails(copy, "data/network_nodes.csv, field 'id': missing node(s) 'IL-33'")


def test_a_reference_without_reference_evidence(copy):
    rows = _rows(copy / "network_edges.csv")
    number = next(i for i, r in enumerate(rows, start=1) if r["evidence"] == "source")
    rows[number - 1]["reference"] = "heinrich2003principles"
    _write_rows(copy / "network_edges.csv", rows)
    _fails(copy, f"data/network_edges.csv, row {number} (line {number + 1}), field 'reference': evidence 'source' "
                 "with reference 'heinrich2003principles'")


# ------------------------------------------------------------------ encodings

def test_a_byte_that_is_not_utf8_names_file_and_line(copy):
    path = copy / "glossary.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",caf\xe9 ", 1)  # 'café' saved as Latin-1
    path.write_bytes(b"\n".join(lines))
    message = _fails(copy, "data/glossary.csv, line 4: byte(s) e9 at column", "are not UTF-8 text",
                     "(allowed: UTF-8 text: save the file as UTF-8)")
    assert "UnicodeDecodeError" not in message


def test_a_byte_order_mark_is_accepted(copy):
    for name in ("remodeling_parameters.csv", "glossary.csv", "quizzes/intro.yaml"):
        path = copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "remodeling_parameters.csv" in data.validate_all(copy)
    data.clear_cache()
    plain = data._load(str(ROOT / "data"), "remodeling_parameters.csv")
    with_bom = data._load(str(copy), "remodeling_parameters.csv")
    assert with_bom == plain and with_bom[0]["name"] == "D_OBu"


def test_a_quoted_value_over_two_lines_keeps_the_line_numbers_right(copy):
    path = copy / "glossary.csv"
    rows = _rows(path)
    rows[0]["definition"] += "\nsecond line"
    rows[2]["chapter"] = "nowhere"
    _write_rows(path, rows)
    _fails(copy, "data/glossary.csv, row 3 (line 5), field 'chapter': 'nowhere' is not a known id of data/chapters.yaml")


# ------------------------------------------------------------------ the command itself

@pytest.mark.processes
def test_make_check_data_stops_with_the_message(copy):
    _edit_row(copy / "therapies.csv", {"kind": "cytokine"}, value="1.5")
    env = {**os.environ, "COURSE_DATA_DIR": str(copy)}
    result = subprocess.run([sys.executable, "-m", "widgets.data"], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 1
    assert result.stdout.startswith("ERROR data/therapies.csv, row 1 (line 2), field 'value': 1.5 is more than")
    shutil.copy(ROOT / "data" / "therapies.csv", copy / "therapies.csv")
    result = subprocess.run([sys.executable, "-m", "widgets.data"], capture_output=True, text=True, env=env,
                            cwd=ROOT, timeout=120)
    assert result.returncode == 0 and "data files valid" in result.stdout


# ------------------------------------------------------------------ presets against the controls of their own folder

def test_presets_are_checked_against_the_controls_of_the_same_folder(copy):
    presets = copy / "remodeling_presets.yaml"
    presets.write_text(presets.read_text(encoding="utf-8").replace(
        "    - name: IL-6\n      level: 2\n", "    - name: IL-6\n      level: 2.2\n", 1), encoding="utf-8")
    _fails(copy, "remodeling_presets.yaml", "2.2", "IL-6")  # 2.2 is not a stop of the IL-6 slider
    controls = copy / "remodeling_controls.csv"
    rows = _rows(controls)
    row = next(r for r in rows if r["name"] == "IL-6")
    row["stops"] = row["stops"].replace(";2;", ";2.2;")
    _write_rows(controls, rows)
    data.clear_cache()
    assert "remodeling_presets.yaml" in data.validate_all(copy)  # the copy's own slider has the stop
