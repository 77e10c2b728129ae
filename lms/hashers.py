"""Password hashing sized for a room of people signing in on one small server."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class HarbourArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with the memory and time costs OWASP recommends as a minimum.

    Django's default (100 MiB, 8 lanes) is sized for one sign-in at a time; thirty
    at once on two cores would need 3 GiB and queue for seconds. Hashes made with
    other costs still verify and are re-hashed with these at the next sign-in.
    """

    time_cost = 2
    memory_cost = 19_456  # KiB
    parallelism = 1
