"""Pure change classification between two offline inventories (the preview JSON of two revisions).

An **error** is a change that would destroy state on live infrastructure:
* a stateful resource whose URN disappears (deleted, or renamed: Pulumi deletes and recreates), or
* a stateful resource whose input changes in a property the provider can only apply by replacement.
Everything else is listed as added, removed or changed for the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Resource types that hold state or are expensive to recreate while in use.
STATEFUL_TYPES = frozenset(
    {
        "aws:dynamodb/table:Table",
        "aws:kms/key:Key",
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketV2:BucketV2",
        "aws:cognito/userPool:UserPool",
        "aws:cognito/identityPool:IdentityPool",
        "aws:organizations/account:Account",
        "aws:organizations/organization:Organization",
        "aws:organizations/organizationalUnit:OrganizationalUnit",
        "aws:ec2/vpc:Vpc",
        "aws:ec2/subnet:Subnet",
        "aws:ec2transitgateway/transitGateway:TransitGateway",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:cloudtrail/trail:Trail",
        "aws:sqs/queue:Queue",
        "aws:secretsmanager/secret:Secret",
        "aws:sfn/stateMachine:StateMachine",
    }
)

# Inputs whose change forces a replacement (ForceNew in the provider schema), per stateful type.
REPLACING_INPUTS: dict[str, frozenset[str]] = {
    "aws:ec2/vpc:Vpc": frozenset({"cidrBlock", "instanceTenancy"}),
    "aws:ec2/subnet:Subnet": frozenset({"cidrBlock", "vpcId", "availabilityZone", "availabilityZoneId", "ipv6Native"}),
    "aws:dynamodb/table:Table": frozenset({"name", "hashKey", "rangeKey", "localSecondaryIndexes"}),
    "aws:kms/key:Key": frozenset({"customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId"}),
    "aws:s3/bucket:Bucket": frozenset({"bucket", "bucketPrefix", "objectLockEnabled"}),
    "aws:s3/bucketV2:BucketV2": frozenset({"bucket", "bucketPrefix", "objectLockEnabled"}),
    "aws:cognito/userPool:UserPool": frozenset({"name", "aliasAttributes", "usernameAttributes", "schemas"}),
    "aws:cognito/identityPool:IdentityPool": frozenset({"identityPoolName"}),
    "aws:organizations/account:Account": frozenset({"email", "iamUserAccessToBilling", "roleName"}),
    "aws:organizations/organizationalUnit:OrganizationalUnit": frozenset({"parentId"}),
    "aws:ec2transitgateway/transitGateway:TransitGateway": frozenset({"amazonSideAsn"}),
    "aws:cloudwatch/logGroup:LogGroup": frozenset({"name", "namePrefix", "logGroupClass"}),
    "aws:cloudtrail/trail:Trail": frozenset({"name"}),
    "aws:sqs/queue:Queue": frozenset({"name", "fifoQueue"}),
    "aws:secretsmanager/secret:Secret": frozenset({"name"}),
    "aws:sfn/stateMachine:StateMachine": frozenset({"name", "type"}),
}


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed | replaced
    urn: str
    type: str
    properties: tuple[str, ...] = ()
    error: bool = False
    reason: str = ""

    def render(self) -> str:
        mark = {"added": "+", "removed": "-", "changed": "~", "replaced": "+-"}[self.kind]
        text = f"{'ERROR ' if self.error else ''}{mark} {self.type} {self.urn.rsplit('::', 1)[-1]}"
        if self.properties:
            text += f" ({', '.join(self.properties)})"
        if self.reason:
            text += f": {self.reason}"
        return text


@dataclass
class ChangeSet:
    changes: list[Change] = field(default_factory=list)

    @property
    def errors(self) -> list[Change]:
        return [c for c in self.changes if c.error]

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.count("added"),
            "removed": self.count("removed"),
            "changed": self.count("changed"),
            "replaced": self.count("replaced"),
            "errors": [c.render() for c in self.errors],
            "changes": [{"kind": c.kind, "urn": c.urn, "type": c.type, "properties": list(c.properties), "error": c.error, "reason": c.reason} for c in self.changes],
        }


def _custom(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["urn"]: r for r in doc.get("resources", []) if r.get("custom")}


def _id_map(base: dict[str, dict], head: dict[str, dict]) -> dict[str, str]:
    """Base id -> head id for resources present in both, so a dependent's input that only differs by
    the mock id of an unchanged resource is not reported as changed."""
    return {base[u]["id"]: head[u]["id"] for u in base.keys() & head.keys() if base[u].get("id") and head[u].get("id")}


def _normalise(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_normalise(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _normalise(v, ids) for k, v in value.items()}
    return value


def classify(base_doc: dict[str, Any], head_doc: dict[str, Any]) -> ChangeSet:
    base, head = _custom(base_doc), _custom(head_doc)
    ids = _id_map(base, head)
    out = ChangeSet()
    for urn in sorted(head.keys() - base.keys()):
        out.changes.append(Change("added", urn, head[urn]["type"]))
    for urn in sorted(base.keys() - head.keys()):
        type_ = base[urn]["type"]
        stateful = type_ in STATEFUL_TYPES
        out.changes.append(
            Change("removed", urn, type_, error=stateful, reason="a stateful resource would be deleted (a renamed logical name deletes and recreates it)" if stateful else "")
        )
    for urn in sorted(base.keys() & head.keys()):
        before, after = base[urn], head[urn]
        b_in, a_in = _normalise(before.get("inputs", {}), ids), after.get("inputs", {})
        changed = tuple(sorted(k for k in b_in.keys() | a_in.keys() if b_in.get(k) != a_in.get(k)))
        if not changed:
            continue
        type_ = after["type"]
        replacing = tuple(p for p in changed if p in REPLACING_INPUTS.get(type_, ()))
        if replacing:
            out.changes.append(
                Change("replaced", urn, type_, changed, error=type_ in STATEFUL_TYPES, reason=f"changing {', '.join(replacing)} replaces the resource")
            )
        else:
            out.changes.append(Change("changed", urn, type_, changed))
    return out
