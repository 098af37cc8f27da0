"""A function's package from its handlers: the service's own package, never its neighbours'."""

from __future__ import annotations

import pytest

from landfall.plan.packages import package_members


@pytest.mark.parametrize("handlers, members", [
    (["services.orders.api.lambda_handler"], {"services/__init__.py": False, "services/orders": True}),
    (["services.orders.api.a", "services.orders.worker.b"], {"services/__init__.py": False, "services/orders": True}),
    (["services.edge.errors.handler"], {"services/__init__.py": False, "services/edge": True}),
    (["tool.app.handler"], {"tool": True}),
    (["tool.handler"], {"tool.py": False}),
])
def test_a_handler_ships_its_package_only(handlers, members):
    assert package_members(handlers) == members
