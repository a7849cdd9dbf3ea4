"""Audit scenarios contributed per app: modules with dicts `SCENARIOS` and `READS`."""
