"""The Definitions as text: every asset with its group, kinds, dependencies and partitions,
every check with whether it blocks and its severity, the jobs, sensors and resources.

tests/snapshots/definitions.txt holds it for the default eight buckets, and
tests/test_definitions_snapshot.py compares, so that any change to the graph is a diff a
reviewer reads. Regenerate it after a change you mean:

    .venv/bin/python -m assets.snapshot > tests/snapshots/definitions.txt
"""

from __future__ import annotations

import dagster as dg

from assets.definitions import build_defs
from pipeline.ingest.buckets import DEFAULT_BUCKETS


def _names(keys) -> str:
    return ", ".join(sorted(k.to_user_string() for k in keys)) or "-"


def _check_line(spec: dg.AssetCheckSpec) -> str:
    metadata = {k: getattr(v, "value", v) for k, v in (spec.metadata or {}).items()}
    line = f"    check {spec.name}: {'blocking' if spec.blocking else 'non-blocking'}, "
    line += str(metadata.get("severity", "ERROR"))
    return line + (f", threshold {metadata['threshold']:g}" if "threshold" in metadata else "")


def describe(defs: dg.Definitions) -> str:
    """The graph of `defs` as sorted lines of text (nothing that changes between runs)."""
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        kind = "asset" if node.is_materializable else "external asset"
        lines.append(f"{kind} {key.to_user_string()}")
        lines.append(f"    group: {node.group_name}")
        lines.append(f"    kinds: {', '.join(sorted(node.kinds)) or '-'}")
        lines.append(f"    deps: {_names(node.parent_keys)}")
        partitions = node.partitions_def
        lines.append(f"    partitions: {type(partitions).__name__ if partitions else '-'}")
        for check in sorted(node.check_keys, key=lambda c: c.name):
            lines.append(_check_line(graph.get_check_spec(check)))
    for job in sorted(defs.jobs or [], key=lambda j: j.name):
        selected = job.selection.resolve(graph) if hasattr(job, "selection") else set()
        lines.append(f"job {job.name}: {len(selected)} assets")
    for sensor in sorted(defs.sensors or [], key=lambda s: s.name):
        lines.append(f"sensor {sensor.name}: job {sensor.job_name}, "
                     f"default {sensor.default_status.value}")  # fmt: skip
    for name, resource in sorted((defs.resources or {}).items()):
        lines.append(f"resource {name}: {type(resource).__name__}")
    return "\n".join(lines) + "\n"


def default_snapshot() -> str:
    """The snapshot of the Definitions `dagster dev` loads, with the default bucket count."""
    return describe(build_defs(n_buckets=DEFAULT_BUCKETS))


if __name__ == "__main__":
    print(default_snapshot(), end="")
