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
