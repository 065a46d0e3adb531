"""Password hashing: argon2id, with the cost set in the service's settings (cheap
parameters belong to tests only)."""

from __future__ import annotations

from argon2 import PasswordHasher

from egide.errors import UserError
from egide.i18n import Msg
from egide.settings import ServiceSettings

MIN_LENGTH = 12


def hasher(settings: ServiceSettings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
    )


def check_strength(password: str) -> None:
    """A password of at least 12 characters, not all of one kind."""
    kinds = sum(
        any(test(c) for c in password) for test in (str.islower, str.isupper, str.isdigit)
    ) + any(not c.isalnum() for c in password)
    if len(password) < MIN_LENGTH or kinds < 2:
        raise UserError(
            Msg(
                "mot de passe trop faible ({min_length} caractères au moins, de deux sortes)",
                min_length=MIN_LENGTH,
            )
        )
