"""What a function's deployment package holds, from its handlers' dotted paths. Pure: no pulumi.

`services.orders.api.lambda_handler` ships `services/__init__.py` and `services/orders/`: one service's code only,
so a change to another service does not redeploy this one. `tool.app.handler` ships `tool/`; `tool.handler`
ships `tool.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath


def package_members(handlers: Iterable[str]) -> dict[str, bool]:
    """Path relative to the project -> whether it is a directory, sorted by path."""
    members: dict[str, bool] = {}
    for handler in handlers:
        parts = handler.split(".")[:-1]  # the module path
        top = parts[0]
        if len(parts) >= 3:  # a package inside a namespace package such as services/
            members[f"{top}/__init__.py"] = False
            members[str(PurePosixPath(*parts[:2]))] = True
        elif len(parts) == 2:
            members[top] = True
        else:
            members[f"{top}.py"] = False
    return dict(sorted(members.items()))
