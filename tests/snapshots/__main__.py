"""`python -m tests.snapshots [--update]`: compare the seed build with the golden snapshots
(print the diff, exit 1 on a change), or write them anew."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.snapshots import REGENERATE, SEEDS, build_seeds, describe, diff, stored, write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.snapshots", description=__doc__)
    parser.add_argument("--update", action="store_true", help="write the snapshots anew")
    parser.add_argument(
        "--published", type=Path, help="describe this published folder, not a new seed build"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="actas-snapshots-") as tmp:
        if args.published is None:
            print("building the seeds ...", file=sys.stderr)
        published = args.published or build_seeds(Path(tmp))
        current = describe(published)
    if args.update:
        changed = write(current)
        print(f"{SEEDS}: " + (f"updated {', '.join(changed)}" if changed else "unchanged"))
        return 0
    changes = diff(stored(), current)
    if changes:
        print(changes, end="")
        print(f"the seed build differs from its snapshots; if that is meant, run: {REGENERATE}")
        return 1
    print(f"{SEEDS}: the seed build matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
