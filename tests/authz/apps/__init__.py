"""Authorisation cases contributed per app (see tests/authz/common.py)."""
