"""Breaking a secure default on purpose makes the offline preview fail, naming the control and the resource."""

from __future__ import annotations

import pulumi_aws as aws
import pytest

from landfall.__main__ import main
from landfall.offline.report import report_for
from tests.conftest import synthesized


def test_the_committed_stacks_have_no_mandatory_violation(workload):
    report = report_for(workload)
    assert report.policy.mandatory == [], report.policy.render()
    assert report.exit_code == 0


@pytest.fixture
def broken(monkeypatch):
    """Patch pulumi-aws constructors so the components' defaults are broken, as a careless edit would."""

    def patch(cls, **overrides):
        original = cls.__init__

        def init(self, resource_name, *args, **kwargs):
            kwargs.update(overrides)
            original(self, resource_name, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", init)

    return patch


def test_a_key_without_rotation_fails_the_preview_naming_kms_4_and_the_key(broken, capsys):
    broken(aws.kms.Key, enable_key_rotation=False)
    code = main(["preview", "dev"])
    out = capsys.readouterr().out
    assert code == 1
    assert "[mandatory] KMS.4" in out and "keys-dev-logs" in out


def test_a_queue_without_encryption_fails_the_preview_naming_sqs_1_and_the_queue(broken, capsys):
    broken(aws.sqs.Queue, kms_master_key_id=None, sqs_managed_sse_enabled=False)
    code = main(["preview", "prod"])
    out = capsys.readouterr().out
    assert code == 1
    assert "[mandatory] SQS.1 aws:sqs/queue:Queue orders-orders:" in out


def test_ssh_open_to_the_world_fails_the_preview_naming_ec2_53(broken, capsys):
    broken(aws.vpc.SecurityGroupIngressRule, cidr_ipv4="0.0.0.0/0", from_port=22, to_port=22)
    code = main(["preview", "staging"])
    out = capsys.readouterr().out
    assert code == 1
    assert "EC2.53" in out and "main-endpoints-endpoints-https" in out


def test_the_json_carries_the_violations_and_the_rule_count(broken, capsys):
    broken(aws.ec2.Subnet, map_public_ip_on_launch=True)
    code = main(["preview", "dev", "--json"])
    import json

    doc = json.loads(capsys.readouterr().out)
    assert code == 1 and doc["policy"]["rules_run"] > 50
    names = {v["name"] for v in doc["policy"]["violations"] if "EC2.15" in v["controls"]}
    assert "main-app-euw1-az1" in names


def test_an_unbroken_stack_previews_with_exit_code_0():
    assert report_for(synthesized("dev")).exit_code == 0
