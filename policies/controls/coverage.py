"""Organization-scale rules: every governed region of a baselined account is covered, and a stack declares
no more AWS providers than the accounts it reaches.

Region of a record: pulumi-aws v7's per-resource `region` input, else its provider's `region`. An account is
"baselined" when the stack declares an account-wide baseline setting through its provider (S3 account Block
Public Access or the IAM password policy). Context:
- `governed_regions`: the organization's governed regions (the offline preview passes them from config).
  Unset: the regions the stack's own baseline records use, so a stack is at least consistent across them.
- `guardduty_organization_regions`: regions where the organization's GuardDuty administrator auto-enables
  every member; a member account there needs no detector of its own.
- `max_aws_providers`: the accounts the stack's config reaches (unset: only duplicate and unused providers fail).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from .core import StackRule, by_type, get, inputs

ACCOUNT_WIDE = ("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "aws:iam/accountPasswordPolicy:AccountPasswordPolicy")
RECORDER = "aws:cfg/recorder:Recorder"
EBS_ENCRYPTION = "aws:ebs/encryptionByDefault:EncryptionByDefault"
DETECTOR = "aws:guardduty/detector:Detector"
AWS_PROVIDER = "pulumi:providers:aws"
PROVIDER_PROCESS_MB = "300-430 MB"


def _urn(ref: str) -> str:
    """A provider reference is `<urn>::<id>` offline and the URN alone in CrossGuard: compare by URN."""
    return ref.rsplit("::", 1)[0] if ref.count("::") > 3 else ref


def _providers(records: list) -> dict[str, Mapping]:
    """Provider URN -> provider record (the first seen: CrossGuard may hand a provider over twice)."""
    out: dict[str, Mapping] = {}
    for r in records:
        if r.get("type") == AWS_PROVIDER:
            out.setdefault(_urn(str(r["urn"])), r)
    return out


def _provider_urn(record: Mapping) -> str:
    return _urn(str(record.get("provider", "")))


def _region(record: Mapping, providers: dict[str, Mapping]) -> str:
    region = get(inputs(record), "region")
    if isinstance(region, str) and region:
        return region
    provider = providers.get(_provider_urn(record))
    value = get(inputs(provider), "region") if provider is not None else None
    return value if isinstance(value, str) else ""


def _account(provider_ref: str, providers: dict[str, Mapping]) -> str:
    provider = providers.get(_urn(provider_ref))
    if provider is None:
        return provider_ref
    ids = get(inputs(provider), "allowedAccountIds")
    ids = json.loads(ids) if isinstance(ids, str) else list(ids or [])
    return str(ids[0]) if ids else provider.get("name", provider_ref)


def check_region_coverage(records: list, context: dict) -> list[tuple[str, str]]:
    providers = _providers(records)
    baselined: dict[str, Mapping] = {}  # provider ref -> the record that makes the account baselined
    for record in by_type(records, *ACCOUNT_WIDE):
        baselined.setdefault(_provider_urn(record), record)
    if not baselined:
        return []
    present: dict[tuple[str, str, str], bool] = {}
    for type_ in (RECORDER, EBS_ENCRYPTION, DETECTOR):
        for record in by_type(records, type_):
            present[(_provider_urn(record), type_, _region(record, providers))] = True
    governed = context.get("governed_regions")
    if not governed:
        governed = sorted({region for (_, _, region) in present if region})
    org_guardduty = context.get("guardduty_organization_regions")
    if org_guardduty is None and not by_type(records, DETECTOR):
        # Unknown (CrossGuard without policy config) and no detector declared: the stack leaves GuardDuty to
        # the organization; only the management stack's delegation can show whether it covers every region.
        org_guardduty = governed
    org_guardduty = set(org_guardduty or ())
    found = []
    for provider, anchor in baselined.items():
        account = _account(provider, providers)
        for region in governed:
            missing = [label for type_, label in ((RECORDER, "no AWS Config recorder (Config.1)"),
                                                  (EBS_ENCRYPTION, "no EBS encryption by default (EC2.7)"))
                       if not present.get((provider, type_, region))]
            if not present.get((provider, DETECTOR, region)) and region not in org_guardduty:
                missing.append("no GuardDuty detector and no organization auto-enable there (GuardDuty.1)")
            if missing:
                found.append((anchor["urn"], f"LF.BASE.1: account {account} is baselined but governed region {region} "
                                             f"has {', '.join(missing)}"))
    return found


def check_provider_count(records: list, context: dict) -> list[tuple[str, str]]:
    providers = _providers(records)
    found = []
    by_account: dict[str, list[Mapping]] = {}
    used = {_provider_urn(r) for r in records if r.get("custom") and r.get("type") != AWS_PROVIDER}
    for urn, provider in sorted(providers.items()):
        by_account.setdefault(_account(urn, providers), []).append(provider)
        if urn not in used:
            found.append((urn, f"LF.SCALE.1: provider {provider.get('name')} is used by no resource; each explicit "
                               f"provider is its own plugin process ({PROVIDER_PROCESS_MB}): remove it"))
    for account, same in sorted(by_account.items()):
        if len(same) > 1:
            names = ", ".join(sorted(str(p.get("name")) for p in same))
            found.append((same[1]["urn"], f"LF.SCALE.1: providers {names} all reach account {account}; use one provider "
                                          "per account and the per-resource region input for other regions"))
    limit = context.get("max_aws_providers")
    if isinstance(limit, int) and len(providers) > limit:
        first = sorted(providers)[limit]
        found.append((first, f"LF.SCALE.1: the stack declares {len(providers)} AWS providers but its config reaches "
                             f"{limit} accounts; providers must not grow with the organization"))
    return found


STACK_RULES = (
    StackRule("baseline-region-coverage", ("LF.BASE.1", "Config.1", "GuardDuty.1", "EC2.7"),
              "Every baselined account has a Config recorder, EBS default encryption and GuardDuty coverage in every "
              "governed region (context governed_regions, guardduty_organization_regions).",
              check_region_coverage, context_keys=("governed_regions", "guardduty_organization_regions")),
    StackRule("providers-per-account", ("LF.SCALE.1",),
              "One AWS provider per account the stack reaches, each used, never more than the config's accounts "
              "(context max_aws_providers): regions go through the per-resource region input.",
              check_provider_count, context_keys=("max_aws_providers",)),
)
