"""Account defaults from the root: the AI services opt-out policy, the EC2 declarative policy and the data
perimeter resource control policy.

Both attach to the root, so every account (including the one created tomorrow) gets them; logical names come
from the policy kind, never a position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config.account_defaults import AccountDefaultsConfig
from landfall.plan.account_defaults import (
    AI_OPT_OUT_TYPE,
    DECLARATIVE_EC2_TYPE,
    RCP_TYPE,
    ai_opt_out_document,
    data_perimeter_document,
    ec2_declarative_document,
    minified,
)

from .organization import Organization


@dataclass(frozen=True)
class AccountDefaultsArgs:
    organization: Organization
    config: AccountDefaultsConfig


class AccountDefaults(pulumi.ComponentResource):
    """`landfall:organization:AccountDefaults`: `ai-opt-out`, `ec2-declarative`, `data-perimeter` and their root
    attachments."""

    def __init__(self, name: str, args: AccountDefaultsArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:organization:AccountDefaults", name, None, opts)
        org = args.organization
        # A policy type must be enabled on the root (the organization resource) before its policies exist.
        after_org = pulumi.ResourceOptions(parent=self, depends_on=[org.organization])
        documents = []
        if args.config.ai_opt_out:
            documents.append(("ai-opt-out", AI_OPT_OUT_TYPE, ai_opt_out_document(),
                              "landfall: no AWS AI service stores or uses this organization's content"))
        if args.config.ec2 is not None:
            documents.append(("ec2-declarative", DECLARATIVE_EC2_TYPE, ec2_declarative_document(args.config.ec2.plan()),
                              "landfall: EC2 account defaults (VPC BPA, IMDSv2, no public images or snapshots, no serial console)"))
        perimeter = args.config.data_perimeter
        if perimeter is not None:
            # The organization id is known only once the organization exists (or is imported).
            content = org.organization.id.apply(lambda org_id: data_perimeter_document(
                org_id, tuple(perimeter.trusted_accounts), perimeter.require_tls))
            documents.append(("data-perimeter", RCP_TYPE, content,
                              "landfall: S3, SQS, KMS, Secrets Manager and STS resources deny principals outside the organization"))
        self.policies = {}
        for key, type_, document, description in documents:
            policy = aws.organizations.Policy(key, name=f"landfall-{key}", type=type_,
                                              content=pulumi.Output.from_input(document).apply(minified),
                                              description=description, opts=after_org)
            aws.organizations.PolicyAttachment(f"{key}.root", policy_id=policy.id, target_id=org.root_id,
                                               opts=pulumi.ResourceOptions(parent=self))
            self.policies[key] = policy
        self.register_outputs({"policy_ids": {k: p.id for k, p in self.policies.items()}})
