"""`landfall:services.<name>.api.cdn`: the certificate must be in us-east-1, aliases and limits valid."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse, read_stack_file

CDN = "landfall:services.orders.api.cdn"


def problems(patch: dict, stack: str = "prod") -> list:
    config = {k: v for k, v in copy.deepcopy(read_stack_file(stack, ".")).items() if k.startswith("landfall:")}
    config["landfall:services"]["orders"]["api"]["cdn"].update(patch)
    with pytest.raises(ConfigError) as caught:
        parse(stack, config)
    return caught.value.problems


def test_a_certificate_outside_us_east_1_is_reported_with_the_fix():
    [problem] = problems({"certificate_arn": "arn:aws:acm:eu-west-1:777777777777:certificate/3f1c2a9e-8b7d-4c6e-a5f4-1e2d3c4b5a69"})
    assert problem.path == f"{CDN}.certificate_arn" and "us-east-1" in problem.message and "us-east-1" in problem.fix


def test_every_cdn_problem_is_reported_at_once():
    found = problems({"certificate_arn": "not-an-arn", "aliases": ["API.Example.com"], "price_class": "PriceClass_Mars",
                      "rate_limit": 5, "redirects": {"docs": "http://x"}})
    assert sorted(p.path for p in found) == sorted([f"{CDN}.certificate_arn", f"{CDN}.aliases[0]", f"{CDN}.price_class",
                                                   f"{CDN}.rate_limit", f"{CDN}.redirects.docs", f"{CDN}.redirects.docs"])


def test_a_fronted_api_cannot_turn_its_own_acl_off():
    config = {k: v for k, v in copy.deepcopy(read_stack_file("prod", ".")).items() if k.startswith("landfall:")}
    config["landfall:services"]["orders"]["api"]["waf"] = False
    with pytest.raises(ConfigError) as caught:
        parse("prod", config)
    assert caught.value.paths == (CDN,)


EDGE = f"{CDN}.edge_functions"
MASK = {"handler": "services.edge.errors.handler", "event": "origin-response"}


def edge_problems(functions: dict, redirects: dict | None = None) -> list:
    patch = {"edge_functions": functions}
    if redirects is not None:
        patch["redirects"] = redirects
    return problems(patch)


def test_an_edge_function_over_its_events_memory_and_timeout_is_reported_with_the_limit():
    found = edge_problems({"mask-errors": {**MASK, "event": "viewer-response", "memory_mb": 512, "timeout_s": 10}}, redirects={})
    assert sorted(p.path for p in found) == [f"{EDGE}.mask-errors.memory_mb", f"{EDGE}.mask-errors.timeout_s"]
    memory = next(p for p in found if p.path.endswith("memory_mb"))
    assert memory.value == 512 and "128-128 MB" in memory.message and "128" in memory.fix


def test_origin_events_take_up_to_30_seconds_and_10240_mb():
    found = edge_problems({"mask-errors": {**MASK, "memory_mb": 10_241, "timeout_s": 31}})
    assert sorted(p.path for p in found) == [f"{EDGE}.mask-errors.memory_mb", f"{EDGE}.mask-errors.timeout_s"]
    assert not edge_problems_or_none({"mask-errors": {**MASK, "memory_mb": 10_240, "timeout_s": 30}})


def edge_problems_or_none(functions: dict, redirects: dict | None = None) -> list:
    config = {k: v for k, v in copy.deepcopy(read_stack_file("prod", ".")).items() if k.startswith("landfall:")}
    cdn = config["landfall:services"]["orders"]["api"]["cdn"]
    cdn["edge_functions"] = functions
    if redirects is not None:
        cdn["redirects"] = redirects
    try:
        parse("prod", config)
    except ConfigError as error:
        return error.problems
    return []


def test_include_body_on_a_response_event_is_reported():
    [problem] = edge_problems({"mask-errors": {**MASK, "include_body": True}})
    assert problem.path == f"{EDGE}.mask-errors.include_body" and "request events" in problem.message


def test_a_viewer_event_function_beside_the_redirects_cloudfront_function_is_reported():
    for event in ("viewer-request", "viewer-response"):
        [problem] = edge_problems({"mask-errors": {**MASK, "event": event}})
        assert problem.path == f"{EDGE}.mask-errors.event" and problem.value == event, problem
        assert "origin-request or origin-response" in problem.fix
    assert edge_problems_or_none({"mask-errors": {**MASK, "event": "viewer-request"}}, redirects={}) == []


def test_two_functions_on_one_event_are_reported_with_both_keys():
    [problem] = edge_problems({"mask-errors": MASK, "rewrite": MASK})
    assert problem.path == EDGE and problem.value == ["mask-errors", "rewrite"] and "origin-response" in problem.message


def test_a_handler_importing_a_package_the_edge_lacks_is_reported():
    [problem] = edge_problems({"mask-errors": {**MASK, "handler": "tests.config.sample_edge_handlers.handler"}})
    assert problem.path == f"{EDGE}.mask-errors.handler" and "aws_lambda_powertools" in problem.message, problem


def test_an_unknown_handler_module_and_a_bad_key_are_reported_together():
    found = edge_problems({"Mask_Errors": MASK, "gone": {**MASK, "handler": "services.edge.missing.handler", "event": "origin-request"},
                           "typo": {**MASK, "handler": "not a path", "event": "viewer-response"}}, redirects={})
    assert sorted(p.path for p in found) == [f"{EDGE}.Mask_Errors", f"{EDGE}.gone.handler", f"{EDGE}.typo.handler"]


def test_an_unknown_event_is_reported_with_the_four_events():
    [problem] = edge_problems({"mask-errors": {**MASK, "event": "on-error"}})
    assert problem.path == f"{EDGE}.mask-errors.event" and problem.value == "on-error" and "origin-response" in problem.fix


def test_a_retention_cloudwatch_does_not_offer_is_reported():
    [problem] = edge_problems({"mask-errors": {**MASK, "log_retention_days": 42}})
    assert problem.path == f"{EDGE}.mask-errors.log_retention_days" and problem.value == 42
