"""The resources read their paths when a step uses them (dg.EnvVar), not when the code loads."""

from pathlib import Path

from assets.definitions import build_defs, defs, folder_resources
from assets.resources import Lexicons, ReleaseFolder
from pipeline.extract.lexicon import DEFAULT_DIR


def test_paths_are_read_when_used_not_when_the_definitions_are_imported(monkeypatch, tmp_path):
    resources = defs.resources  # `dagster dev`'s Definitions, made at import
    for name in ("ACTAS_RAW_DIR", "ACTAS_WORK_DIR", "ACTAS_PUBLISH_DIR", "ACTAS_LEXICON_DIR"):
        monkeypatch.setenv(name, str(tmp_path / name))
    assert resources["raw_folder"].folder == tmp_path / "ACTAS_RAW_DIR"
    assert resources["work_folder"].folder == tmp_path / "ACTAS_WORK_DIR"
    assert resources["analysis_cache"].folder == tmp_path / "ACTAS_WORK_DIR" / "cache"
    assert resources["publish_folder"].folder == tmp_path / "ACTAS_PUBLISH_DIR"
    assert resources["lexicons"].folder == tmp_path / "ACTAS_LEXICON_DIR"


def test_without_the_variables_the_repository_layout(monkeypatch):
    for name in ("ACTAS_RAW_DIR", "ACTAS_WORK_DIR", "ACTAS_LEXICON_DIR", "ACTAS_RELEASE_DIR"):
        monkeypatch.delenv(name, raising=False)
    resources = build_defs().resources
    assert resources["raw_folder"].folder == Path("data/raw")
    assert resources["work_folder"].folder == Path("data/work")
    assert resources["lexicons"].folder == DEFAULT_DIR
    assert ReleaseFolder().folder_for(Path("data/published")) == Path("data/releases")
    assert ReleaseFolder().folder_for(Path("/tmp/x")) == Path("/tmp/x.releases")


def test_a_path_given_wins_over_the_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("ACTAS_RAW_DIR", "/elsewhere")
    monkeypatch.setenv("ACTAS_RELEASE_DIR", "/elsewhere")
    resources = build_defs(folder_resources(raw=tmp_path, work=tmp_path / "w")).resources
    assert resources["raw_folder"].folder == tmp_path
    assert resources["analysis_cache"].folder == tmp_path / "w" / "cache"
    assert ReleaseFolder().folder_for(tmp_path) == Path("/elsewhere")
    assert ReleaseFolder(path=str(tmp_path)).folder_for(tmp_path / "out") == tmp_path
    assert Lexicons(path=str(tmp_path)).folder == tmp_path.resolve()
