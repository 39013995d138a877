"""Open data: downloads for every collection, schemas from the model, a valid Data Package."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, ROOT, TEMPLATES
from frictionless import validate
from pydantic import TypeAdapter
from sitegen import load_dataset, render_site
from sitegen.export import export_files, schema_text
from sitegen.model import COLLECTIONS
from sitegen.project import DATA_FILES as OTHER_FILES


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def files(dataset):
    return export_files(dataset)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_json_download_round_trips_through_the_model(collection, dataset, files):
    rows = json.loads(files[f"data/{collection}.json"])
    records = TypeAdapter(list[COLLECTIONS[collection]]).validate_python(rows)
    assert records == list(dataset.collections[collection].values())


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_json_download_is_valid_against_its_published_schema(collection, files):
    schema = json.loads(files[f"data/schema/{collection}.schema.json"])
    jsonschema.validate(json.loads(files[f"data/{collection}.json"]), schema)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_csv_download_has_a_row_per_record_and_a_column_per_field(collection, dataset, files):
    rows = list(csv.DictReader(io.StringIO(files[f"data/{collection}.csv"])))
    assert [r["id"] for r in rows] == list(dataset.collections[collection])
    assert list(rows[0]) == list(COLLECTIONS[collection].model_fields)


def test_nested_values_are_json_in_csv_cells(files):
    row = next(csv.DictReader(io.StringIO(files["data/policies.csv"])))
    sources = json.loads(row["sources"])
    assert sources[0]["source"] and sources[0]["quote"] and sources[0]["locator"]


def test_the_data_package_is_valid_for_frictionless(tmp_path, files):
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    report = validate(str(tmp_path / "data" / "datapackage.json"))
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert report.valid, errors[:10]
    descriptor = json.loads(files["data/datapackage.json"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["path"] for r in descriptor["resources"]} == {f"{c}.csv" for c in COLLECTIONS} | {"curriculum.csv"}


def test_the_data_package_rejects_a_bad_cell(tmp_path, files):
    """The package's schema really constrains the CSV (a test that cannot fail is a defect)."""
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    sessions = tmp_path / "data" / "study_sessions.csv"
    lines = sessions.read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader([lines[1]]))
    cells[list(COLLECTIONS["study_sessions"].model_fields).index("term")] = "nineteen"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    sessions.write_text("\n".join([lines[0], out.getvalue().rstrip("\n"), *lines[2:]]) + "\n", encoding="utf-8")
    assert not validate(str(tmp_path / "data" / "datapackage.json")).valid


DATA_FILES = [*COLLECTIONS, *(f.name for f in OTHER_FILES)]  # every data file an editor writes


@pytest.mark.parametrize("collection", DATA_FILES)
def test_committed_editor_schemas_match_the_model(collection):
    committed = (ROOT / "data" / "schemas" / f"{collection}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(collection), (
        f"data/schemas/{collection}.schema.json is out of date: run `PYTHONPATH=hooks python -m sitegen schemas`"
    )


@pytest.mark.parametrize("collection", DATA_FILES)
def test_every_yaml_file_names_its_schema_for_editors(collection):
    if collection not in COLLECTIONS and not (ROOT / "data" / f"{collection}.yml").exists():
        pytest.skip(f"no data/{collection}.yml yet (optional)")
    first = (ROOT / "data" / f"{collection}.yml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=schemas/{collection}.schema.json"


class _Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as editors' YAML plugins read it: no timestamps, only true/false."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


@pytest.mark.parametrize("collection", DATA_FILES)
def test_the_yaml_files_validate_against_their_schemas_as_an_editor_reads_them(collection):
    """What an editor's YAML plugin checks as you type agrees with the site's validator."""
    if collection not in COLLECTIONS and not (ROOT / "data" / f"{collection}.yml").exists():
        pytest.skip(f"no data/{collection}.yml yet (optional)")
    schema = json.loads((ROOT / "data" / "schemas" / f"{collection}.schema.json").read_text(encoding="utf-8"))
    data = yaml.load((ROOT / "data" / f"{collection}.yml").read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    jsonschema.validate(data, schema)


def test_data_page_lists_every_download_with_its_size():
    pages = render_site(load_dataset(FIXTURES / "valid"), TEMPLATES)
    page = pages["data/index.md"]
    for collection in COLLECTIONS:
        assert f"({collection}.json)" in page and f"({collection}.csv)" in page
        assert f"(schema/{collection}.schema.json)" in page
    assert re.search(r"\d+(\.\d)? kB", page)
    assert "CC BY 4.0" in page


def _patterns(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern":
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_schema_patterns_are_portable_to_javascript_validators(collection):
    """Editors validate with JavaScript regexes: no \\U escapes, no characters beyond the BMP."""
    for pattern in _patterns(json.loads(schema_text(collection))):
        re.compile(pattern)
        assert "\\U" not in pattern and all(ord(c) <= 0xFFFF for c in pattern), pattern


def test_every_other_data_file_is_read_and_any_other_yaml_file_is_refused(valid_copy):
    from sitegen import DataErrors
    from sitegen.project import load_project

    data = valid_copy / "data"
    for file in OTHER_FILES:  # each registered file, even empty, is read as what it is
        if not (data / file.file).exists():
            (data / file.file).write_text("[]\n", encoding="utf-8")
    assert set(load_project(valid_copy, valid_copy / "docs", []).files) == {f.name for f in OTHER_FILES}
    (data / "teachng.yml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(DataErrors) as caught:
        load_project(valid_copy, valid_copy / "docs", [])
    assert [str(e) for e in caught.value.errors] == [
        f"data/teachng.yml: is not a data file of the site; expected a collection "
        f"({', '.join(f'{c}.yml' for c in COLLECTIONS)}) or {', '.join(f.file for f in OTHER_FILES)} "
        "(did you mean 'teaching'?)"
    ]


def test_the_schemas_command_starts_a_new_collections_test_data_empty(tmp_path, capsys):
    from sitegen.__main__ import main

    fixtures = tmp_path / "valid"
    shutil.copytree(FIXTURES / "valid", fixtures)
    new, other = list(COLLECTIONS)[-1], list(COLLECTIONS)[0]
    (fixtures / f"{new}.yml").unlink()  # as for a collection just added to the model
    kept = (fixtures / f"{other}.yml").read_text(encoding="utf-8")
    assert main(["schemas", str(tmp_path / "schemas"), "--fixtures", str(fixtures)]) == 0
    assert (fixtures / f"{new}.yml").read_text(encoding="utf-8") == "[]\n"
    assert (fixtures / f"{other}.yml").read_text(encoding="utf-8") == kept  # a fixture with records stays as it is
    assert f"wrote {fixtures / f'{new}.yml'}: no test records yet" in capsys.readouterr().out
    assert load_dataset(fixtures).collections[new] == {}
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(f"{n}.schema.json" for n in DATA_FILES)
