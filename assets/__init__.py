"""The Dagster layer: assets, checks, resources and the Definitions (in definitions.py)."""
