"""The published demo login of a local try-out (never use it on a public server)."""

DEMO_EMAIL = "demo@ikone.example"
DEMO_PASSWORD = "ikone-demo-2026"  # noqa: S105
