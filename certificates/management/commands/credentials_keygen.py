"""Create the issuer's credential keyring, or rotate its key."""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certificates.credentials import keys


class Command(BaseCommand):
    help = (
        "Write a credential keyring with a new Ed25519 signing key. With an existing "
        "file, rotate: the new key signs from now on and earlier keys stay, public "
        "only, so credentials signed with them still verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the keyring file")

    def handle(self, *args, output, **options):
        path = Path(output)
        existing = None
        if path.exists():
            try:
                existing = json.loads(path.read_text())
                keys.parse_keyring(existing)
            except (ValueError, OSError) as exc:
                raise CommandError(f"{path} is not a keyring: {exc}") from exc
        ring = keys.keyring_new(existing)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(path.suffix + ".new")
        temporary.write_text(json.dumps(ring, indent=2))
        os.chmod(temporary, 0o600)
        temporary.replace(path)
        verb = "Rotated" if existing else "Created"
        self.stdout.write(
            f"{verb} {path}: signing key {ring['current']}"
            + (f", {len(ring['keys']) - 1} earlier key(s) kept" if existing else "")
            + ". Keep this file secret and backed up; point "
            "HARBOUR_CREDENTIAL_KEYRING at it."
        )
