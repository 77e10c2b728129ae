"""Demo data owned by the assessments app (see lms/management/commands/seed_demo.py)."""


def seed() -> dict:
    """Seed this app's part of the demo; idempotent. Filled in by the assessments issue."""
    return {}
