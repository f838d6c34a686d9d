"""Every API schema has a name of its own. OpenAPI names a schema by its class name alone, so two
modules' `StatusIn` would silently become one, and an operation would document the other's body."""

from collections import defaultdict

from ninja import Schema

import dxoffice.api  # noqa: F401 - imports every module's router and its schemas


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_no_two_api_schemas_share_a_name():
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("dxoffice.") and ".tests." not in cls.__module__:
            by_name[cls.__name__].add(cls.__module__)
    shared = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert shared == {}
