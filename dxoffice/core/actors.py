"""The system actor: who background work (daily jobs, the demo loader, migrations of data) acts as.

Services refuse a write without an actor, so every history record says who made it; a job names this
account instead of passing nothing. It cannot log in (no usable password) and holds every permission.
"""

from __future__ import annotations

from dxoffice.core.models import User

SYSTEM_USERNAME = "system"


def system_actor() -> User:
    user = User.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user = User(username=SYSTEM_USERNAME, full_name="dxoffice", is_superuser=True, is_staff=False)
        user.set_unusable_password()
        user.save()
    return user


def is_system(user: User | None) -> bool:
    return user is not None and user.username == SYSTEM_USERNAME
