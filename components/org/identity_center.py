"""IAM Identity Center, from the management account: permission sets with their policies, the groups people
belong to, and one account assignment per (group, permission set, account) the config's targets expand to.

Groups an external IdP provisions (SCIM) are looked up by display name (an invoke: the real preview reads
the identity store; the offline engine answers it deterministically); groups with `create: true` are created.
Assignments are named `sso-<group>-<permission set>-<account key>`, so adding an account or an assignment
adds resources and renames none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.identity_center import IdentityCenterConfig
from landfall.plan.access import Assignment, managed_policy_arn, session_duration


@dataclass(frozen=True)
class IdentityCenterArgs:
    config: IdentityCenterConfig
    assignments: list[Assignment]
    account_ids: Mapping[str, pulumi.Input[str]]  # account key -> id (created accounts: the resource's output)
    partition: str = "aws"


class IdentityCenter(pulumi.ComponentResource):
    """`landfall:access:IdentityCenter`."""

    def __init__(self, name: str, args: IdentityCenterArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:access:IdentityCenter", name, None, opts)
        cfg = args.config
        child = pulumi.ResourceOptions(parent=self)
        instance = cfg.instance_arn
        self.group_ids: dict[str, pulumi.Output[str]] = {}
        for key, group in cfg.groups.items():
            display = group.display_name or key
            if group.create:
                self.group_ids[key] = aws.identitystore.Group(
                    f"sso-group-{key}", identity_store_id=cfg.identity_store_id, display_name=display,
                    description=f"landfall: {key}", opts=child).group_id
            else:
                self.group_ids[key] = aws.identitystore.get_group_output(
                    identity_store_id=cfg.identity_store_id,
                    alternate_identifier=aws.identitystore.GetGroupAlternateIdentifierArgs(
                        unique_attribute=aws.identitystore.GetGroupAlternateIdentifierUniqueAttributeArgs(
                            attribute_path="DisplayName", attribute_value=display)),
                    opts=pulumi.InvokeOptions(parent=self),
                ).group_id
        self.permission_sets: dict[str, aws.ssoadmin.PermissionSet] = {}
        for key, ps in cfg.all_permission_sets().items():
            permission_set = aws.ssoadmin.PermissionSet(
                f"sso-ps-{key}", instance_arn=instance, name=key, description=ps.description or None,
                session_duration=session_duration(ps.session_hours), opts=child)
            for policy in ps.managed_policies:
                arn = managed_policy_arn(policy, args.partition)
                aws.ssoadmin.ManagedPolicyAttachment(
                    f"sso-ps-{key}-{arn.rsplit('/', 1)[-1]}", instance_arn=instance,
                    permission_set_arn=permission_set.arn, managed_policy_arn=arn, opts=child)
            if ps.inline_policy is not None:
                aws.ssoadmin.PermissionSetInlinePolicy(
                    f"sso-ps-{key}", instance_arn=instance, permission_set_arn=permission_set.arn,
                    inline_policy=json.dumps(ps.inline_policy), opts=child)
            if ps.permissions_boundary is not None:
                aws.ssoadmin.PermissionsBoundaryAttachment(
                    f"sso-ps-{key}", instance_arn=instance, permission_set_arn=permission_set.arn,
                    permissions_boundary=aws.ssoadmin.PermissionsBoundaryAttachmentPermissionsBoundaryArgs(
                        managed_policy_arn=managed_policy_arn(ps.permissions_boundary, args.partition)),
                    opts=child)
            self.permission_sets[key] = permission_set
        for a in args.assignments:
            aws.ssoadmin.AccountAssignment(
                a.logical_name, instance_arn=instance, permission_set_arn=self.permission_sets[a.permission_set].arn,
                principal_type="GROUP", principal_id=self.group_ids[a.group],
                target_type="AWS_ACCOUNT", target_id=args.account_ids[a.account], opts=child)
        self.register_outputs({
            "permission_set_arns": {k: p.arn for k, p in self.permission_sets.items()},
            "assignments": len(args.assignments),
        })
