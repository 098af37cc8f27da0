"""KMS keys per purpose for one account: rotation on, 30-day deletion window, an alias each."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Optional, Sequence

import pulumi
import pulumi_aws as aws

from landfall.plan.kms import KEY_DELETION_WINDOW_DAYS, KeyPolicyInputs, KeyPurpose, key_policy


@dataclass(frozen=True)
class KeyRingArgs:
    partition: str
    account_id: str
    region: str
    environment: str
    purposes: Sequence[KeyPurpose]
    admin_role_arns: Sequence[str] = ()
    # purpose -> account ids that may use the key (e.g. the log-archive key used by every account's trail)
    cross_account_ids: dict[KeyPurpose, Sequence[str]] = field(default_factory=dict)
    service_principals: dict[KeyPurpose, Sequence[str]] = field(default_factory=dict)
    trail_account_ids: Sequence[str] = ()  # TRAIL key: accounts whose trails encrypt with it (the org trail's)
    protect: bool = False  # production keys: deleting one makes its data unreadable
    # Another region than the provider's (global-table replicas): the keys take the per-resource region input.
    # None: the provider's region, and no `region` input at all (existing keys stay as they are).
    resource_region: Optional[str] = None


class KeyRing(pulumi.ComponentResource):
    """`landfall:kms:KeyRing`: one customer-managed key per purpose, named `<ring>-<purpose>`."""

    keys: dict[KeyPurpose, aws.kms.Key]

    def __init__(self, name: str, args: KeyRingArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:kms:KeyRing", name, None, opts)
        self.keys = {}
        for purpose in args.purposes:
            policy = key_policy(
                KeyPolicyInputs(
                    partition=args.partition,
                    account_id=args.account_id,
                    region=args.region,
                    purpose=purpose,
                    admin_role_arns=args.admin_role_arns,
                    cross_account_ids=args.cross_account_ids.get(purpose, ()),
                    service_principals=args.service_principals.get(purpose, ()),
                    trail_account_ids=args.trail_account_ids,
                )
            )
            key = aws.kms.Key(
                f"{name}-{purpose.value}",
                description=f"landfall {args.environment} {purpose.value} key",
                enable_key_rotation=True,
                deletion_window_in_days=KEY_DELETION_WINDOW_DAYS,
                policy=json.dumps(policy),
                region=args.resource_region,
                opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
            )
            aws.kms.Alias(
                f"{name}-{purpose.value}",
                name=f"alias/landfall/{args.environment}/{purpose.value}",
                target_key_id=key.key_id,
                region=args.resource_region,
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.keys[purpose] = key
        self.register_outputs({p.value: k.arn for p, k in self.keys.items()})

    def arn(self, purpose: KeyPurpose) -> pulumi.Output[str]:
        return self.keys[purpose].arn
