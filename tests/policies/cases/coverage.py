"""Organization-scale rules: governed-region coverage of a baselined account, and AWS providers per account."""

from __future__ import annotations

from .records import RECORDER, StackCase, rec

PROVIDER = "pulumi:providers:aws"
EBS = "aws:ebs/encryptionByDefault:EncryptionByDefault"
DETECTOR = "aws:guardduty/detector:Detector"
PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
TWO = {"governed_regions": ["eu-west-1", "eu-central-1"]}


def provider(name: str, account: str, region: str = "eu-west-1") -> dict:
    record = rec(PROVIDER, name, {"region": region, "allowedAccountIds": f'["{account}"]'}, id=f"{name}-provider")
    record["urn"] = f"urn:pulumi:test::landfall::pulumi:providers:aws::{name}"
    record["provider"] = ""
    return record


def regional(type_: str, name: str, region: str | None, account: str = "aws-test", **inputs) -> dict:
    return rec(type_, name, {**({"region": region} if region else {}), **inputs}, provider=account)


def account(regions: tuple[str, ...], detector: bool = True) -> list[dict]:
    records = [provider("aws-test", "111111111111"), rec(PAB, "pab", {"blockPublicAcls": True})]
    for region in regions:
        records += [regional(RECORDER, f"config-{region}", region), regional(EBS, f"ebs-{region}", region, enabled=True)]
        if detector:
            records.append(regional(DETECTOR, f"gd-{region}", region, enable=True))
    return records


STACK_CASES = [
    StackCase("baseline-region-coverage",
              passes=[(account(("eu-west-1", "eu-central-1")), TWO),
                      # a member left to the organization's auto-enable needs no detector of its own
                      (account(("eu-west-1", "eu-central-1"), detector=False),
                       {**TWO, "guardduty_organization_regions": ["eu-west-1", "eu-central-1"]})],
              fails=[(account(("eu-west-1",)), TWO,
                      [(rec(PAB, "pab")["urn"], "LF.BASE.1: account 111111111111 is baselined but governed region "
                                                "eu-central-1 has no AWS Config recorder (Config.1), no EBS encryption "
                                                "by default (EC2.7), no GuardDuty detector and no organization "
                                                "auto-enable there (GuardDuty.1)")]),
                     # the region of a record without a region input is its provider's
                     ([*account(("eu-central-1",)), regional(RECORDER, "config-home", None),
                       regional(EBS, "ebs-home", None, enabled=True)], TWO,
                      [(rec(PAB, "pab")["urn"], "LF.BASE.1: account 111111111111 is baselined but governed region "
                                                "eu-west-1 has no GuardDuty detector and no organization auto-enable "
                                                "there (GuardDuty.1)")])],
              # no account-wide baseline setting: the stack baselines no account
              not_applicable=[([provider("aws-test", "111111111111"), regional(RECORDER, "config", "eu-west-1")], TWO)]),
    StackCase("providers-per-account",
              passes=[([provider("aws-test", "111111111111"), rec(PAB, "pab", {})], {"max_aws_providers": 1})],
              fails=[([provider("aws-test", "111111111111"), provider("aws-test-central", "111111111111", "eu-central-1"),
                       rec(PAB, "pab", {}), rec(PAB, "pab2", {}, provider="aws-test-central")], {},
                      [("urn:pulumi:test::landfall::pulumi:providers:aws::aws-test-central",
                        "LF.SCALE.1: providers aws-test, aws-test-central all reach account 111111111111; use one "
                        "provider per account and the per-resource region input for other regions")]),
                     ([provider("aws-test", "111111111111"), provider("aws-idle", "222222222222"), rec(PAB, "pab", {})],
                      {"max_aws_providers": 1},
                      [("urn:pulumi:test::landfall::pulumi:providers:aws::aws-idle",
                        "LF.SCALE.1: provider aws-idle is used by no resource; each explicit provider is its own "
                        "plugin process (300-430 MB): remove it"),
                       ("urn:pulumi:test::landfall::pulumi:providers:aws::aws-test",
                        "LF.SCALE.1: the stack declares 2 AWS providers but its config reaches 1 accounts; "
                        "providers must not grow with the organization")])],
              # a stack without AWS providers (a component-only program) has nothing to count
              not_applicable=[([rec("landfall:baseline:AccountBaseline", "b", {}, custom=False)], {})]),
]
RESOURCE_CASES: list = []
