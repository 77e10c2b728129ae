"""Demo data owned by the courses app (see lms/management/commands/seed_demo.py)."""


def seed() -> dict:
    """Seed this app's part of the demo; idempotent. Filled in by the courses issue."""
    return {}
