"""Pure REST API pieces: stable route keys, permission paths, method-settings paths, deployment triggers, WAF."""

from __future__ import annotations

import json

import pytest

from landfall.plan.api import (
    ACCESS_LOG_FORMAT,
    MANAGED_RULE_GROUPS,
    deployment_trigger,
    method_settings_path,
    permission_path,
    route_key,
    waf_rules,
)


@pytest.mark.parametrize("method, path, key", [
    ("POST", "/orders", "post-orders"),
    ("GET", "/orders/{order_id}", "get-orders-order_id"),
    ("GET", "/", "get-root"),
    ("DELETE", "/a/{b}/c", "delete-a-b-c"),
])
def test_route_keys_come_from_method_and_path_never_a_position(method, path, key):
    assert route_key(method, path) == key


@pytest.mark.parametrize("method, path, expected", [
    ("POST", "/orders", "POST/orders"),
    ("GET", "/orders/{order_id}", "GET/orders/*"),
    ("GET", "/a/{b}/c/{d}", "GET/a/*/c/*"),
])
def test_permissions_name_one_method_and_path_with_parameters_as_wildcards(method, path, expected):
    assert permission_path(method, path) == expected


@pytest.mark.parametrize("method, path, expected", [
    ("GET", "/orders/{order_id}", "~1orders~1{order_id}/GET"),
    ("POST", "/orders", "~1orders/POST"),
    ("GET", "/", "~1/GET"),
])
def test_method_settings_paths_escape_every_slash_of_the_resource_path(method, path, expected):
    assert method_settings_path(method, path) == expected


def test_the_deployment_trigger_changes_with_a_route_and_not_with_order():
    a = {"method": "GET", "path": "/orders", "function": "api"}
    b = {"method": "POST", "path": "/orders", "function": "api"}
    assert deployment_trigger([a, b]) == deployment_trigger([b, a])
    assert deployment_trigger([a, b]) != deployment_trigger([a, {**b, "function": "other"}])


def test_waf_rules_are_the_managed_groups_then_a_per_ip_rate_limit_with_unique_priorities():
    rules = waf_rules("prod-orders")
    assert [r.get("managed_group") for r in rules[:-1]] == list(MANAGED_RULE_GROUPS)
    assert rules[-1]["rate_limit"] > 0 and len({r["priority"] for r in rules}) == len(rules)
    assert all(r["metric"].startswith("prod-orders-") for r in rules)


def test_the_access_log_format_is_json_with_the_request_caller_and_status():
    fields = json.loads(ACCESS_LOG_FORMAT)
    assert {"requestId", "ip", "user", "httpMethod", "resourcePath", "status"} <= set(fields)
