"""Organization management policies beyond SCPs: the resource control policy (data perimeter), the EC2
declarative policy and the AI services opt-out, each checked in the policy record the management stack
declares, and their presence at the root of an organization the stack builds."""

from __future__ import annotations

from collections.abc import Mapping

from landfall.plan.account_defaults import AI_OPT_OUT_TYPE, DECLARATIVE_EC2_TYPE, RCP_MAX_CHARS, RCP_TYPE

from .core import Rule, StackRule, as_list, by_type, get, inputs, parse_json, statements

ORG_POLICY = "aws:organizations/policy:Policy"
ORGANIZATION = "aws:organizations/organization:Organization"
ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"

# The secure value of each EC2 declarative attribute, as (path, acceptable values, what it protects).
EC2_EXPECTED = (
    (("vpc_block_public_access", "internet_gateway_block", "mode"), ("block_ingress", "block_bidirectional"),
     "VPC Block Public Access"),
    (("instance_metadata_defaults", "http_tokens"), ("required",), "IMDSv2 by default (EC2.8)"),
    (("image_block_public_access", "state"), ("block_new_sharing",), "AMI public sharing"),
    (("snapshot_block_public_access", "state"), ("block_all_sharing", "block_new_sharing"), "EBS snapshot public sharing (EC2.1)"),
    (("serial_console_access", "status"), ("disabled",), "the EC2 serial console"),
)


def _type(record: Mapping) -> str:
    return str(get(inputs(record), "type", default=""))


def _content(record: Mapping):
    return parse_json(get(inputs(record), "content"))


def check_rcp(record: Mapping) -> list[str]:
    """RCPs allow only Deny statements with Principal "*"; a data perimeter must exempt AWS services acting
    for the organization, or CloudTrail, Config and the like lose access to its buckets and keys."""
    if _type(record) != RCP_TYPE:
        return []
    content = get(inputs(record), "content")
    messages = []
    if isinstance(content, str) and len(content) > RCP_MAX_CHARS:
        messages.append(f"LF.ORG.3: the RCP is {len(content):,} characters, over the {RCP_MAX_CHARS:,} Organizations allows")
    for i, statement in enumerate(statements(_content(record))):
        sid = statement.get("Sid", f"#{i}")
        if statement.get("Effect") != "Deny":
            messages.append(f"LF.ORG.3: RCP statement {sid} is not a Deny (RCPs only restrict)")
        if statement.get("Principal") != "*":
            messages.append(f"LF.ORG.3: RCP statement {sid} must have Principal \"*\" (conditions pick the principals)")
        condition = statement.get("Condition") or {}
        keys = {key for block in condition.values() if isinstance(block, Mapping) for key in block}
        if "aws:PrincipalOrgID" in keys and "aws:PrincipalIsAWSService" not in keys:
            messages.append(f"LF.ORG.3: perimeter statement {sid} denies AWS services too; add BoolIfExists "
                            "aws:PrincipalIsAWSService false")
    return messages


def check_ec2_declarative(record: Mapping) -> list[str]:
    if _type(record) != DECLARATIVE_EC2_TYPE:
        return []
    attributes = get(_content(record), "ec2_attributes") or {}
    messages = []
    for path, allowed, what in EC2_EXPECTED:
        value = get(attributes, *path, "@@assign")
        if value not in allowed:
            messages.append(f"LF.ORG.4: the EC2 declarative policy leaves {what} open ({'.'.join(path)} = {value!r}; "
                            f"use {' or '.join(allowed)})")
    return messages


def check_ai_opt_out(record: Mapping) -> list[str]:
    if _type(record) != AI_OPT_OUT_TYPE:
        return []
    value = get(_content(record), "services", "default", "opt_out_policy", "@@assign")
    if value == "optOut":
        return []
    return [f"LF.ORG.6: the AI services opt-out policy does not opt every service out (services.default.opt_out_policy "
            f"= {value!r}; use optOut)"]


def check_root_defaults(records: list, context: dict) -> list[tuple[str, str]]:
    """An organization the stack manages attaches the AI opt-out and the EC2 declarative policy somewhere."""
    organizations = by_type(records, ORGANIZATION)
    if not organizations:
        return []
    declared = {_type(p) for p in by_type(records, ORG_POLICY)}
    enabled = set(as_list(get(inputs(organizations[0]), "enabledPolicyTypes")))
    found = []
    for type_, what in ((AI_OPT_OUT_TYPE, "AI services opt-out"), (DECLARATIVE_EC2_TYPE, "EC2 declarative"),
                        (RCP_TYPE, "resource control (data perimeter)")):
        if type_ not in declared or type_ not in enabled:
            found.append((organizations[0]["urn"], f"LF.ORG.7: the organization has no {what} policy "
                                                   f"({type_} {'declared but not enabled' if type_ in declared else 'not declared'})"))
    return found


RULES = (
    Rule("rcp-data-perimeter-valid", ("LF.ORG.3",),
         "Resource control policies are Deny-only with Principal \"*\", fit the quota, and exempt AWS services.",
         (ORG_POLICY,), check_rcp),
    Rule("ec2-declarative-secure", ("LF.ORG.4", "EC2.8", "EC2.1"),
         "The EC2 declarative policy blocks public VPC ingress, AMI and snapshot sharing, requires IMDSv2 and disables the serial console.",
         (ORG_POLICY,), check_ec2_declarative, enforcement="advisory",
         reason="an organization may opt out of one attribute explicitly (landfall:organization.account_defaults.ec2)"),
    Rule("ai-services-opt-out", ("LF.ORG.6",), "The AI services opt-out policy opts every service out.",
         (ORG_POLICY,), check_ai_opt_out),
)

STACK_RULES = (
    StackRule("organization-account-defaults", ("LF.ORG.7",),
              "An organization the stack manages has the AI opt-out, EC2 declarative and resource control policies.",
              check_root_defaults, enforcement="advisory",
              reason="each can be turned off in landfall:organization.account_defaults; the preview shows which"),
)
