"""Validation: every class of bad input gets one clear error naming file, line, record, field."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from sitegen import DataErrors, load_dataset
from sitegen.model import COLLECTIONS
from sitegen.project import DATA_FILES, load_project

MALFORMED = sorted((FIXTURES / "malformed").glob("*.yml"))


def _header(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^# (\w+): (.*)$", path.read_text(encoding="utf-8"), re.M))


def test_there_is_a_fixture_for_each_error_class():
    assert len(MALFORMED) >= 15


@pytest.mark.parametrize("case", MALFORMED, ids=lambda p: p.stem)
def test_malformed_fixture_reports_its_error(case: Path, valid_copy: Path):
    header = _header(case)
    data = valid_copy / "data"
    if "replaces" in header:
        (data / header["replaces"]).write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    elif "adds" in header:
        (data / header["adds"]).write_text(case.read_text(encoding="utf-8"), encoding="utf-8")
    elif "removes" in header:
        (data / header["removes"]).unlink()
    with pytest.raises(DataErrors) as caught:  # every data file, as `make check` and the build read them
        load_project(valid_copy, valid_copy / "docs", [])
    lines = [str(e) for e in caught.value.errors]
    # {collections} and {other_files} in an expected message: the registered data files' names
    expect = header["expect"].format(
        collections=", ".join(f"{c}.yml" for c in COLLECTIONS), other_files=", ".join(f.file for f in DATA_FILES)
    )
    assert any(line.startswith(expect) for line in lines), "\n".join(lines)


def test_the_valid_fixture_is_valid(valid_copy: Path):
    dataset = load_dataset(valid_copy / "data")
    assert len(dataset) == 21


def test_all_errors_of_a_run_are_reported_together(valid_copy: Path):
    data = valid_copy / "data"
    text = (data / "policies.yml").read_text()
    (data / "policies.yml").write_text(
        text.replace("status: documented", "status: maybe").replace("sessions: [s1]", "sessions: [s9]")
    )
    (data / "exports.yml").write_text((data / "exports.yml").read_text().replace("kind: safe-city", "kind: rocket"))
    with pytest.raises(DataErrors) as caught:
        load_dataset(data, label_root=valid_copy)
    report = caught.value.report()
    assert report.startswith("2 problems in the data; nothing was built:")
    assert "data/policies.yml:3: record 'law-a': field 'status': 'maybe' is not allowed" in report
    assert "data/exports.yml:4: record 'export-a': field 'kind': 'rocket' is not allowed" in report
    # the reference check still runs on the records that did validate
    assert (
        "export-a" not in report.split("rocket")[1]
    )  # no cascade: references to a broken record are not reported again


def test_non_utf8_file_is_reported(valid_copy: Path):
    (valid_copy / "data" / "glossary.yml").write_bytes("- id: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataErrors) as caught:
        load_dataset(valid_copy / "data", label_root=valid_copy)
    assert str(caught.value.errors[0]).startswith("data/glossary.yml: is not UTF-8 text")


def test_missing_data_folder(tmp_path: Path):
    with pytest.raises(DataErrors) as caught:
        load_dataset(tmp_path / "nowhere")
    assert "the data folder does not exist" in caught.value.report()


@pytest.mark.parametrize(
    "typed, kept", [("NO", "NO"), ("0123", "0123"), ("12:30", "12:30"), ("2019-10-07", "2019-10-07"), ("1e3", "1e3")]
)
def test_yaml_implicit_typing_never_changes_a_value(typed: str, kept: str, valid_copy: Path):
    data = valid_copy / "data"
    text = (data / "policies.yml").read_text().replace("title: Law A", f"title: {typed}")
    (data / "policies.yml").write_text(text)
    record = load_dataset(data).get("policies", "law-a")
    assert record.title == kept and isinstance(record.title, str)


def test_unquoted_number_fields_are_parsed_as_decimal_numbers(valid_copy: Path):
    data = valid_copy / "data"
    (data / "study_sessions.yml").write_text((data / "study_sessions.yml").read_text().replace("term: 19", "term: 019"))
    assert load_dataset(data).get("study_sessions", "s1").term == 19  # not 17 (octal)


def test_check_command_prints_every_error_and_exits_1(valid_copy: Path):
    data = valid_copy / "data"
    (data / "policies.yml").write_text((data / "policies.yml").read_text().replace("kind: law", "kind: lw"))
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "check", "data"],
        cwd=valid_copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "hooks")},
    )
    assert result.returncode == 1
    assert "data/policies.yml:4: record 'law-a': field 'kind': 'lw' is not allowed" in result.stderr
    assert "1 problem in the data" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_check_command_on_valid_data(valid_copy: Path):
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "check", "data"],
        cwd=valid_copy,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "hooks")},
    )
    assert result.returncode == 0, result.stderr
    assert "21 records are valid" in result.stdout
