"""Bad network and governance configs, as a user meets them: `python -m landfall preview <stack>` exits
non-zero, names the key path and the value, and prints no traceback (the lists in issues 2 and 3).

Each case edits one or two stack files of a scratch copy of the project; every stack file is restored
from the repository before the next case, so cases never leak into each other.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from typing import Callable

import pytest
import yaml

from landfall.offline.synth import ROOT
from tests.conftest import stack_values

Edit = Callable[[dict[str, dict]], None]  # receives {stack: config}, mutates it


def preview_with(root, stack: str, stacks: tuple[str, ...], edit: Edit) -> subprocess.CompletedProcess:
    for stack_file in ROOT.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, root / stack_file.name)
    configs = {s: stack_values(s) for s in stacks}
    edit(configs)
    for s, config in configs.items():
        (root / f"Pulumi.{s}.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    return subprocess.run([sys.executable, "-m", "landfall", "preview", stack], cwd=root, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(root)})


def vpc(c, stack="dev"):
    return c[stack]["landfall:network"]["vpcs"]["main"]


def org(c):
    return c["management"]["landfall:organization"]


def nest_six_levels(c):
    tree = org(c)["ous"]
    node = tree.setdefault("Sandbox", {})
    for key in ("L2", "L3", "L4", "L5", "L6"):
        node = node.setdefault("children", {}).setdefault(key, {})


def peer_overlapping(c):
    c["dev"]["landfall:accounts"]["legacy"] = {"id": "888888888888"}
    c["dev"]["landfall:peering"] = {"connections": {"legacy": {
        "vpc": "main", "peer": {"account": "legacy", "vpc_id": "vpc-0123456789abcdef0", "cidr": "10.10.128.0/17"}}}}


LONG_ROLES = [f"arn:aws:iam::*:role/platform-automation-pipeline-role-number-{i:03d}" for i in range(80)]

# name -> (stack previewed, stacks edited, edit, key path expected, value expected)
CASES: dict[str, tuple[str, tuple[str, ...], Edit, str, str]] = {
    # issue 2
    "overlap across two stack files": ("staging", ("staging",), lambda c: vpc(c, "staging").update(cidr="10.10.0.0/16"),
                                       "landfall:network.vpcs.main.cidr", "10.10.0.0/16"),
    "unknown key": ("dev", ("dev",), lambda c: vpc(c).update(bogus=1), "landfall:network.vpcs.main.bogus", "1"),
    "wrong prefix": ("dev", ("dev",), lambda c: vpc(c).update(cidr="10.10.0.0/12"), "landfall:network.vpcs.main.cidr", "10.10.0.0/12"),
    "NAT without a public tier": ("prod", ("prod",),
                                  lambda c: vpc(c, "prod").update(tiers=[t for t in vpc(c, "prod")["tiers"] if t["type"] != "public"]),
                                  "landfall:network.vpcs.main.nat", "one_per_az"),
    "unknown account": ("dev", ("dev",), lambda c: c["dev"].update({"landfall:baseline": {"accounts": ["shared-services"]}}),
                        "landfall:baseline.accounts[0]", "shared-services"),
    "AZ id outside the region": ("dev", ("dev",), lambda c: vpc(c).update(az_ids=["euw1-az1", "use1-az2"]),
                                 "landfall:network.vpcs.main.az_ids[1]", "use1-az2"),
    # issue 3
    "an SCP over the size quota": ("management", ("management",),
                                   lambda c: org(c)["scp_parameters"].update(exempt_role_arns=LONG_ROLES),
                                   "landfall:organization.scps.root[2]", "5120"),
    "six SCPs on one target": ("management", ("management",),
                               lambda c: org(c)["scps"]["Sandbox"].extend(["require-imdsv2", "deny-default-vpc", "deny-s3-public-access-changes"]),
                               "landfall:organization.scps.Sandbox", "5"),
    "OU nesting of six levels": ("management", ("management",), nest_six_levels,
                                 "landfall:organization.ous.Sandbox.children.L2.children.L3.children.L4.children.L5.children.L6", "L6"),
    "an unknown OU": ("management", ("management",), lambda c: org(c)["accounts"]["sandbox"].update(ou="Sandbox/Dev"),
                      "landfall:organization.accounts.sandbox.ou", "Sandbox/Dev"),
    "an unknown member account": ("management", ("management",), lambda c: org(c)["delegated_admins"].update(guardduty="security"),
                                  "landfall:organization.delegated_admins.guardduty", "security"),
    "a segment rule naming an unknown segment": ("network", ("network",),
                                                 lambda c: c["network"]["landfall:transit"]["hub"]["rules"].append({"from": "prod", "to": "dmz"}),
                                                 "landfall:transit.hub.rules[2].to", "dmz"),
    "peering between overlapping CIDRs": ("dev", ("dev",), peer_overlapping, "landfall:peering.connections.legacy.peer.cidr", "10.10.128.0/17"),
    "a spoke in a segment that does not exist": ("dev", ("dev",),
                                                 lambda c: c["dev"]["landfall:transit"]["attachments"]["main"].update(segment="qa"),
                                                 "landfall:transit.attachments.main.segment", "qa"),
    # issue 11
    "a tag value over 256 characters": ("dev", ("dev",), lambda c: c["dev"]["landfall:stack"]["tags"].update(owner="x" * 300),
                                        "landfall:stack.tags.owner", "x" * 40),
    "an SCP quota raised past the hard limit": ("management", ("management",), lambda c: org(c)["quotas"].update(scps_per_target=6),
                                                "landfall:organization.quotas.scps_per_target", "6"),
    "a YAML boolean where a number belongs": ("dev", ("dev",), lambda c: vpc(c).update(flow_logs={"retention_days": False}),
                                              "landfall:network.vpcs.main.flow_logs.retention_days", "False"),
    "a tag value ending in a newline": ("dev", ("dev",), lambda c: c["dev"]["landfall:stack"]["tags"].update(owner="platform\n"),
                                        "landfall:stack.tags.owner", "'platform\\n'"),
    "a trusted-access principal that is not a service principal": (
        "management", ("management",), lambda c: org(c).update(service_access_principals=["guardduty"]),
        "landfall:organization.service_access_principals[0]", "guardduty"),
    "an AZ id with the trailing newline of a YAML block scalar": ("dev", ("dev",), lambda c: vpc(c).update(az_ids=["euw1-az1", "euw1-az2\n"]),
                                                                  "landfall:network.vpcs.main.az_ids", "'euw1-az2\\n'"),
    "a NACL rule with a malformed range": ("dev", ("dev",), lambda c: vpc(c).update(nacls={"data": {"ingress": [
        {"rule_number": 100, "action": "allow", "protocol": "tcp", "cidr": "10.10.0.0/33", "from_port": 443, "to_port": 443}]}}),
        "landfall:network.vpcs.main.nacls.data.ingress[0].cidr", "10.10.0.0/33"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_config_exits_non_zero_naming_the_key_path_and_value_without_a_traceback(scratch, case):
    stack, stacks, edit, path, value = CASES[case]
    result = preview_with(scratch, stack, stacks, edit)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert path in output and value in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]


def test_every_governance_problem_is_reported_at_once(scratch):
    names = ("six SCPs on one target", "an unknown OU", "an unknown member account")

    def all_of(c):
        for name in names:
            CASES[name][2](c)

    result = preview_with(scratch, "management", ("management",), all_of)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert all(CASES[n][3] in output for n in names), output[-3000:]


@pytest.mark.parametrize("broken, where", [
    (lambda text: text.replace("        cidr: 10.10.0.0/16\n", "        cidr: 10.10.0.0/16\n        cidr: 10.20.0.0/16\n", 1),
     "landfall:network.vpcs.main.cidr"),
    (lambda text: text.replace("    kind: workload\n", "    kind: workload\n   region: eu-west-1\n", 1), "Pulumi.dev.yaml:"),
    (lambda text: "- config\n- landfall:stack\n", "must be a mapping with a config: key"),
])
def test_a_duplicate_key_or_a_yaml_syntax_error_is_named_by_file_line_and_column(scratch, broken, where):
    for stack_file in ROOT.glob("Pulumi.*.yaml"):
        shutil.copy(stack_file, scratch / stack_file.name)
    dev = scratch / "Pulumi.dev.yaml"
    dev.write_text(broken(dev.read_text()))
    result = subprocess.run([sys.executable, "-m", "landfall", "preview", "dev"], cwd=scratch, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(scratch)})
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output[-2000:]
    assert where in output and "Pulumi.dev.yaml:" in output, output[-2000:]
    assert "<unicode string>" not in output
