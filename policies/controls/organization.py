"""Account baseline and AWS Organizations controls: EBS default encryption, GuardDuty, account-level S3 block
public access, the security contact, the AWS Config recorder, and the service control policy quotas."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from .core import Rule, StackRule, by_type, get, inputs, parse_json
from .storage import check_public_access_block

EBS_ENCRYPTION = "aws:ebs/encryptionByDefault:EncryptionByDefault"
DETECTOR = "aws:guardduty/detector:Detector"
ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
ALTERNATE_CONTACT = "aws:account/alternativeContact:AlternativeContact"
PASSWORD_POLICY = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
CONFIG_RECORDER = "aws:cfg/recorder:Recorder"
# Account-wide singletons: a stack declaring one of them manages that account's baseline (Account.1 applies).
BASELINE_TYPES = (EBS_ENCRYPTION, DETECTOR, ACCOUNT_PUBLIC_ACCESS_BLOCK, PASSWORD_POLICY)
CONFIG_SERVICE_LINKED_ROLE = "aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
ORG_POLICY = "aws:organizations/policy:Policy"
ORG_POLICY_ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment"
SCP_TYPE = "SERVICE_CONTROL_POLICY"
FULL_AWS_ACCESS = "p-FullAWSAccess"


def check_ebs_encryption(record: Mapping) -> list[str]:
    if get(inputs(record), "enabled", default=True) is True:
        return []
    return ["EC2.7: EBS encryption by default is off; set enabled to true"]


def check_guardduty(record: Mapping) -> list[str]:
    if get(inputs(record), "enable", default=True) is True:
        return []
    return ["GuardDuty.1: the GuardDuty detector is disabled; set enable to true"]


def check_security_contact(records: list, context: dict) -> list[tuple[str, str]]:
    """Per account (records grouped by their provider): a baseline needs a SECURITY alternate contact."""
    covered = {c.get("provider", "") for c in by_type(records, ALTERNATE_CONTACT)
               if get(inputs(c), "alternateContactType") == "SECURITY"}
    found, seen = [], set()
    for record in by_type(records, *BASELINE_TYPES):
        provider = record.get("provider", "")
        if provider in covered or provider in seen:
            continue
        seen.add(provider)
        found.append((record["urn"], f"Account.1: the account baseline that declares {record.get('name')} has no "
                                     f"{ALTERNATE_CONTACT} of type SECURITY"))
    return found


def check_config_recorder(record: Mapping) -> list[str]:
    props = inputs(record)
    messages = []
    if get(props, "recordingGroup", "allSupported") is not True:
        messages.append("Config.1: the recorder does not record all supported resource types; "
                        "set recordingGroup.allSupported to true")
    role = str(get(props, "roleArn", default=""))
    if not role.endswith(":role/" + CONFIG_SERVICE_LINKED_ROLE):
        messages.append(f"Config.1: roleArn is {role or 'not set'}; use the AWS Config service-linked role "
                        f"(role/{CONFIG_SERVICE_LINKED_ROLE})")
    return messages


def _is_scp(policy: Mapping) -> bool:
    return get(inputs(policy), "type", default=SCP_TYPE) == SCP_TYPE


def check_scp_documents(records: list, context: dict) -> list[tuple[str, str]]:
    limit = int(context.get("scp_max_characters", 5120))
    found = []
    for policy in by_type(records, ORG_POLICY):
        if not _is_scp(policy):
            continue
        content = get(inputs(policy), "content")
        text = content if isinstance(content, str) else ""
        if parse_json(text) is None:
            found.append((policy["urn"], f"LF.ORG.1: the SCP {policy.get('name')} content is not valid JSON"))
        elif len(text) > limit:
            found.append((policy["urn"], f"LF.ORG.1: the SCP {policy.get('name')} content has {len(text):,} "
                                         f"characters; the quota is {limit:,}"))
    return found


def check_scp_attachments(records: list, context: dict) -> list[tuple[str, str]]:
    per_target = int(context.get("scps_per_target", 5))
    allowed = per_target - 1  # FullAWSAccess stays attached everywhere
    other_types = {p.get("id") for p in by_type(records, ORG_POLICY) if not _is_scp(p)}
    attached: dict[str, list[Mapping]] = defaultdict(list)
    for attachment in by_type(records, ORG_POLICY_ATTACHMENT):
        policy_id = get(inputs(attachment), "policyId")
        if policy_id in other_types or policy_id == FULL_AWS_ACCESS:
            continue
        attached[str(get(inputs(attachment), "targetId"))].append(attachment)
    return [(items[allowed]["urn"], f"LF.ORG.2: target {target} has {len(items)} SCP attachments; at most {allowed} "
                                    f"fit beside FullAWSAccess (quota {per_target} per target)")
            for target, items in attached.items() if len(items) > allowed]


RULES = (
    Rule("ebs-encryption-by-default", ("EC2.7", "CIS 2.2.1"), "EBS encryption by default is on.", (EBS_ENCRYPTION,),
         check_ebs_encryption),
    Rule("guardduty-enabled", ("GuardDuty.1",), "GuardDuty detectors are enabled.", (DETECTOR,), check_guardduty),
    Rule("s3-account-public-access-block", ("S3.1", "CIS 2.1.4"),
         "The account-level S3 public access block sets all four flags.", (ACCOUNT_PUBLIC_ACCESS_BLOCK,),
         check_public_access_block),
    Rule("config-recorder-all-resources", ("Config.1", "CIS 3.3"),
         "AWS Config recorders record all supported resources with the service-linked role.", (CONFIG_RECORDER,),
         check_config_recorder),
)

STACK_RULES = (
    StackRule("scp-document-valid", ("LF.ORG.1",),
              "SCP documents are valid JSON within the Organizations size quota (context scp_max_characters).",
              check_scp_documents, context_keys=("scp_max_characters",)),
    StackRule("scp-attachment-quota", ("LF.ORG.2",),
              "No target has more SCP attachments than fit beside FullAWSAccess (context scps_per_target).",
              check_scp_attachments, context_keys=("scps_per_target",)),
    StackRule("account-security-contact", ("Account.1", "CIS 1.2"),
              "Every account whose baseline the stack manages has a SECURITY alternate contact.",
              check_security_contact),
)
