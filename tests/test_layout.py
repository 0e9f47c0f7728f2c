"""The engine's layout: the README's data-path section names the modules that exist, every
module sits in a stage folder, and no module imports from a stage after its own."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("common", "ingest", "extract", "publish", "evaluate")  # in data order


def data_path_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## The data path", 1)[1].split("\n## ", 1)[0]


def stage_table() -> dict[str, set[str]]:
    """Each folder of the README's stage table and the module files its row names."""
    rows = re.findall(r"^\| `pipeline/(\w+)/` \|[^|]*\| (.*) \|$", data_path_section(), re.M)
    return {folder: set(re.findall(r"`(\w+\.py)`", modules)) for folder, modules in rows}


def engine_modules() -> dict[str, set[str]]:
    return {
        folder.name: {p.name for p in folder.glob("*.py") if p.name != "__init__.py"}
        for folder in sorted((ROOT / "pipeline").iterdir())
        if folder.is_dir() and (folder / "__init__.py").exists()
    }


def test_every_module_the_data_path_names_exists():
    section = data_path_section()
    named = re.findall(r"pipeline/[\w/]+\.py", section)
    assert named, "the data-path section names no module"
    missing = [path for path in named if not (ROOT / path).exists()]
    assert not missing, f"README names modules that do not exist: {missing}"
    # "pipeline/publish/tables.py, duplicates.py": a bare name continues the folder before it
    for line in section.splitlines():
        for folder, rest in re.findall(r"pipeline/(\w+)/\w+\.py((?:, \w+\.py)+)", line):
            for name in re.findall(r"\w+\.py", rest):
                assert (ROOT / "pipeline" / folder / name).exists(), f"{folder}/{name}: {line}"


def test_the_stage_table_lists_every_folder_and_module():
    assert stage_table() == engine_modules()
    assert list(stage_table()) == list(STAGES)


def test_no_engine_module_sits_outside_a_stage_folder():
    loose = [p.name for p in (ROOT / "pipeline").glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"modules outside a stage folder: {loose}"


def imported_stages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    names += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    return {name.split(".")[1] for name in names if name.startswith("pipeline.")}


def test_no_module_imports_from_a_later_stage():
    upward = []
    for stage, modules in engine_modules().items():
        for module in modules:
            for other in imported_stages(ROOT / "pipeline" / stage / module):
                if STAGES.index(other) > STAGES.index(stage):
                    upward.append(f"pipeline/{stage}/{module} imports pipeline.{other}")
    assert not upward, upward


def test_the_engine_imports_no_dagster():
    users = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "pipeline").rglob("*.py")
        if any(name.split(".")[0] == "dagster" for name in _all_imports(path))
    ]
    assert not users, users


def _all_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    return names + [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]


def _flat(tree: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        out.update(_flat(value, f"{name}.") if isinstance(value, dict) else {name: value})
    return out


def test_the_readme_gives_the_dask_settings_the_benchmark_uses():
    import yaml

    source = (ROOT / "benchmarks" / "distributed.py").read_text(encoding="utf-8")
    assignment = next(node for node in ast.parse(source).body if isinstance(node, ast.Assign)
                      and getattr(node.targets[0], "id", "") == "CLUSTER_CONFIG")  # fmt: skip
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(distributed:\n.*?)```", readme, re.S)
    assert block, "the README's scale-out section has no distributed.yaml block"
    assert _flat(yaml.safe_load(block.group(1))) == ast.literal_eval(assignment.value)
