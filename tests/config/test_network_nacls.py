"""Network ACL rules in `landfall:network.vpcs.*.nacls` as EC2 takes them (issue 11): an IPv4 range, ports 0-65535
with from <= to for tcp and udp; each problem names the rule's key path and value."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse
from landfall.offline.synth import ROOT
from tests.conftest import stack_values

RULE = "landfall:network.vpcs.main.nacls.data.ingress[0]"


def with_rule(**rule) -> dict:
    config = copy.deepcopy(stack_values("dev"))
    entry = {"rule_number": 100, "action": "allow", "protocol": "tcp", "cidr": "10.10.0.0/16", "from_port": 443, "to_port": 443}
    config["landfall:network"]["vpcs"]["main"]["nacls"] = {"data": {"ingress": [{**entry, **rule}]}}
    return {k: v for k, v in config.items() if k.startswith("landfall:")}


def nacl_problems(**rule):
    try:
        parse("dev", with_rule(**rule), ROOT)
    except ConfigError as err:
        return [p for p in err.problems if p.path.startswith(RULE)]
    return []


def test_a_valid_rule_passes():
    assert nacl_problems() == []
    assert nacl_problems(protocol="-1", from_port=0, to_port=0, cidr="0.0.0.0/0") == []


@pytest.mark.parametrize("rule, path, fragment", [
    ({"cidr": "10.10.0.0/33"}, f"{RULE}.cidr", "is not an IPv4 network"),
    ({"cidr": "10.10.1.0/16"}, f"{RULE}.cidr", "has host bits set"),
    ({"cidr": "sg-0123"}, f"{RULE}.cidr", "is not an IPv4 network"),
    ({"cidr": "fd00::/8"}, f"{RULE}.cidr", "IPv6"),
    ({"from_port": 70000, "to_port": 70000}, f"{RULE}.from_port", "ports are 0-65535"),
    ({"to_port": -1}, f"{RULE}.to_port", "ports are 0-65535"),
    ({"from_port": 1024, "to_port": 80}, f"{RULE}.to_port", "is below from_port (1024)"),
])
def test_a_bad_range_or_port_is_named_by_its_rule(rule, path, fragment):
    problems = nacl_problems(**rule)
    assert any(p.path == path and fragment in p.message for p in problems), [p.render() for p in problems]


def test_ports_are_not_checked_for_protocols_that_ignore_them():
    assert nacl_problems(protocol="-1", from_port=0, to_port=99999) == []
