"""The raw files: the folder of texts every build starts from (see assets/parse.py)."""

import dagster as dg

raw_files = dg.AssetSpec(
    "raw_files",
    description="The raw news texts (.txt, .md, .html) in the RawFolder resource's folder "
    "(data/raw, or ACTAS_RAW_DIR). raw_folder_sensor watches it and starts a run of the "
    "buckets whose texts were added, changed or removed, and of everything after them.",
    group_name="ingest",
)
