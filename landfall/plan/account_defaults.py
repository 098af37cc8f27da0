"""Organization management policies that set account defaults at the root: the AI services opt-out policy
and the EC2 declarative policy. Pure: documents and their size checks, no pulumi.

Declarative policies (DECLARATIVE_POLICY_EC2) set the service attribute itself in every account and region,
so an account administrator cannot turn it back (unlike an SCP, which only denies the API call). AI opt-out
policies (AISERVICES_OPT_OUT_POLICY) stop AWS AI services from storing and using content for service
improvement. Both use the management-policy syntax (`@@assign`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

# Organizations quotas: maximum document size per policy type (characters, minified).
DECLARATIVE_POLICY_MAX_CHARS = 10_000
AI_OPT_OUT_POLICY_MAX_CHARS = 2_500

DECLARATIVE_EC2_TYPE = "DECLARATIVE_POLICY_EC2"
AI_OPT_OUT_TYPE = "AISERVICES_OPT_OUT_POLICY"
RCP_TYPE = "RESOURCE_CONTROL_POLICY"
RCP_MAX_CHARS = 5_120  # as SCPs; RCPFullAWSAccess stays attached and counts towards the 5 per target

# The data perimeter's services: what RCPs support among the data stores landfall deploys. STS lists its
# actions one by one: AssumeRoleWithWebIdentity/SAML stay open (GitHub OIDC and Cognito identity pools
# federate identities from outside the organization by design).
PERIMETER_ACTIONS = (
    "s3:*", "sqs:*", "kms:*", "secretsmanager:*",
    "sts:AssumeRole", "sts:DecodeAuthorizationMessage", "sts:GetAccessKeyInfo", "sts:GetFederationToken",
    "sts:GetServiceBearerToken", "sts:GetSessionToken", "sts:SetContext",
)
TLS_ACTIONS = ("s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*")
EXCLUDE_TAG = "dp:exclude:identity"  # a resource tagged true (a public dataset bucket) leaves the identity perimeter


class VpcBlockPublicAccess(str, Enum):
    OFF = "off"
    # Inbound internet traffic blocked; NAT gateways and egress-only gateways still work (they only allow
    # connections started inside), so the landing zone's egress keeps working.
    BLOCK_INGRESS = "block_ingress"
    BLOCK_BIDIRECTIONAL = "block_bidirectional"  # also blocks egress through NAT: only for isolated organizations


class SnapshotBlockPublicAccess(str, Enum):
    BLOCK_ALL_SHARING = "block_all_sharing"
    BLOCK_NEW_SHARING = "block_new_sharing"
    UNBLOCKED = "unblocked"


@dataclass(frozen=True)
class Ec2Defaults:
    vpc_block_public_access: VpcBlockPublicAccess = VpcBlockPublicAccess.BLOCK_INGRESS
    vpc_bpa_exclusions_allowed: bool = True  # a public ALB's subnets can be excluded by the workload account
    imdsv2_required: bool = True
    image_block_public_access: bool = True
    snapshot_block_public_access: SnapshotBlockPublicAccess = SnapshotBlockPublicAccess.BLOCK_ALL_SHARING
    serial_console_access: bool = False


def _assign(value: str) -> dict[str, str]:
    return {"@@assign": value}


def ec2_declarative_document(d: Ec2Defaults) -> dict:
    attributes: dict = {
        "vpc_block_public_access": {"internet_gateway_block": {
            "mode": _assign(d.vpc_block_public_access.value),
            "exclusions_allowed": _assign("enabled" if d.vpc_bpa_exclusions_allowed else "disabled"),
        }},
        "serial_console_access": {"status": _assign("enabled" if d.serial_console_access else "disabled")},
        "image_block_public_access": {"state": _assign("block_new_sharing" if d.image_block_public_access else "unblocked")},
        "snapshot_block_public_access": {"state": _assign(d.snapshot_block_public_access.value)},
    }
    if d.imdsv2_required:
        attributes["instance_metadata_defaults"] = {
            "http_tokens": _assign("required"),
            "http_put_response_hop_limit": _assign("2"),  # containers on EC2 reach IMDS through one more hop
            "http_endpoint": _assign("enabled"),
            "instance_metadata_tags": _assign("disabled"),
        }
    return {"ec2_attributes": attributes}


def ai_opt_out_document() -> dict:
    """Every AI service, every account: opted out (the `default` key covers services added later)."""
    return {"services": {"default": {"opt_out_policy": _assign("optOut")}}}


def minified(document: dict) -> str:
    return json.dumps(document, separators=(",", ":"), sort_keys=True)


def size_problem(name: str, document: dict, limit: int) -> str | None:
    size = len(minified(document))
    return f"{name} is {size:,} characters, over the {limit:,} Organizations allows" if size > limit else None


def data_perimeter_document(organization_id: str, trusted_accounts: tuple[str, ...] = (), require_tls: bool = True) -> dict:
    """Resource control policy: resources in the organization deny principals from outside it, except AWS
    services acting for the organization (aws:PrincipalIsAWSService), the listed trusted accounts and
    resources tagged dp:exclude:identity=true; and, optionally, any request without TLS."""
    not_equal: dict = {"aws:PrincipalOrgID": organization_id, f"aws:ResourceTag/{EXCLUDE_TAG}": "true"}
    if trusted_accounts:
        not_equal["aws:PrincipalAccount"] = sorted(trusted_accounts)
    statements = [{
        "Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*", "Action": list(PERIMETER_ACTIONS),
        "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": not_equal, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}},
    }]
    if require_tls:
        statements.append({
            "Sid": "EnforceSecureTransport", "Effect": "Deny", "Principal": "*", "Action": list(TLS_ACTIONS),
            "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}},
        })
    return {"Version": "2012-10-17", "Statement": statements}
