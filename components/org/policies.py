"""Organization policies: the library SCPs the config attaches, their attachments, and the tag policy.

Only attached SCPs are created. Each policy is named from its library name and each attachment from
(policy, target), so attaching a policy somewhere new never touches an existing attachment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.plan.org import PolicyAttachment, PolicyTarget, TagPolicyPlan, policy_logical_name, tag_policy_document
from landfall.plan.scp import RenderedScp

from .organization import Organization


@dataclass(frozen=True)
class OrganizationPoliciesArgs:
    organization: Organization
    scps: dict[str, RenderedScp]  # library name -> rendered, minified document (validated within quota)
    attachments: Sequence[PolicyAttachment]
    tag_policy: Optional[TagPolicyPlan] = None
    environment: str = "management"


class OrganizationPolicies(pulumi.ComponentResource):
    """`landfall:organization:OrganizationPolicies`: `scp-<name>`, `scp-<name>.<target>`, `tag-<env>`."""

    policies: dict[str, aws.organizations.Policy]

    def __init__(self, name: str, args: OrganizationPoliciesArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:organization:OrganizationPolicies", name, None, opts)
        org = self._organization = args.organization
        # Policies can only be created once their policy type is enabled on the root.
        after_org = pulumi.ResourceOptions(parent=self, depends_on=[org.organization])
        self.policies = {}
        for scp_name, rendered in args.scps.items():
            self.policies[scp_name] = aws.organizations.Policy(
                policy_logical_name(scp_name),
                name=f"landfall-{scp_name}",
                description=rendered.description or f"landfall SCP {scp_name}",
                type="SERVICE_CONTROL_POLICY",
                content=rendered.document_json,
                opts=after_org,
            )
        for attachment in args.attachments:
            self._attach(attachment.logical_name, self.policies[attachment.policy], attachment.target)

        self.tag_policy = None
        if args.tag_policy is not None:
            self.tag_policy = aws.organizations.Policy(
                policy_logical_name(args.environment, kind="tag"),
                name=f"landfall-{args.environment}-tags",
                description="landfall: the capitalization of the mandatory tag keys",
                type="TAG_POLICY",
                content=json.dumps(tag_policy_document(args.tag_policy.tag_keys), separators=(",", ":")),
                opts=after_org,
            )
            for target in args.tag_policy.targets:
                self._attach(f"{policy_logical_name(args.environment, kind='tag')}.{target.logical_name}",
                             self.tag_policy, target)

        self.register_outputs({
            "scp_ids": {n: p.id for n, p in self.policies.items()},
            "tag_policy_id": self.tag_policy.id if self.tag_policy else None,
        })

    def _attach(self, logical_name: str, policy: aws.organizations.Policy, target: PolicyTarget) -> None:
        aws.organizations.PolicyAttachment(
            logical_name,
            policy_id=policy.id,
            target_id=self._organization.target_id(target),
            opts=pulumi.ResourceOptions(parent=self),
        )
