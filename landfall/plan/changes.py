"""Pure change classification between two offline inventories (the preview JSON of two revisions).

An **error** is a change that would destroy state or cut traffic on live infrastructure:
* a stateful or connectivity resource whose URN disappears (deleted, or renamed: Pulumi deletes and recreates), or
* one whose input changes in a property the provider can only apply by replacement.
Which properties force a replacement comes from `force_new.json`, derived from the Terraform AWS provider's
schema (ForceNew / RequiresReplace) for every type the stacks declare; a change to one of them on any other
type is reported as a replacement too, without being an error.
Connectivity resources (routes, route tables and their associations, TGW attachments, associations and
propagations, peering, NAT and internet gateways) hold no data, but deleting one cuts VPCs off until it is back
(a replaced TGW association is deleted before it is recreated; LZA#1181). `--allow <name>` accepts a named one.
Everything else is listed as added, removed or changed for the reviewer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

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

# Resource types whose deletion or replacement cuts traffic while it happens.
CONNECTIVITY_TYPES = frozenset(
    {
        "aws:ec2/route:Route",
        "aws:ec2/routeTable:RouteTable",
        "aws:ec2/routeTableAssociation:RouteTableAssociation",
        "aws:ec2/natGateway:NatGateway",
        "aws:ec2/internetGateway:InternetGateway",
        "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
        "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
        "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
        "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
        "aws:ec2transitgateway/routeTable:RouteTable",
        "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
        "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
        "aws:ec2transitgateway/route:Route",
    }
)

FORCE_NEW_PATH = Path(__file__).with_name("force_new.json")


def load_force_new(path: Path = FORCE_NEW_PATH) -> dict[str, dict[str, Any]]:
    """Type -> {force_new, nested_force_new, source, ...}: derived from the Terraform AWS provider's schema
    (see the file's `about`), one entry for every type landfall declares (a test keeps it so)."""
    return json.loads(path.read_text())["types"]


FORCE_NEW = load_force_new()

# Types no stack declares today (peering, secrets, the older bucket type): kept by hand from the Terraform
# provider's ForceNew as remembered, not derived; a stack that starts declaring one needs an entry in
# force_new.json (the coverage test says so).
HAND_KEPT: dict[str, frozenset[str]] = {
    "aws:s3/bucketV2:BucketV2": frozenset({"bucket", "bucketPrefix", "objectLockEnabled"}),
    "aws:secretsmanager/secret:Secret": frozenset({"name", "namePrefix"}),
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": frozenset({"vpcId", "peerVpcId", "peerOwnerId", "peerRegion"}),
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": frozenset({"vpcPeeringConnectionId"}),
}

# Inputs whose change forces a replacement, per type: the derived table, then the hand-kept rest.
REPLACING_INPUTS: dict[str, frozenset[str]] = {
    **{type_: frozenset(entry.get("force_new") or ()) for type_, entry in FORCE_NEW.items()},
    **{type_: inputs for type_, inputs in HAND_KEPT.items() if type_ not in FORCE_NEW},
}
# Nested inputs (`block.attribute`) whose change replaces the resource, split into their path parts.
REPLACING_NESTED: dict[str, tuple[tuple[str, ...], ...]] = {
    type_: tuple(tuple(path.split(".")) for path in entry.get("nested_force_new") or ())
    for type_, entry in FORCE_NEW.items() if entry.get("nested_force_new")
}


def _project(value: Any, parts: tuple[str, ...]) -> Any:
    """The part of `value` at `parts`, through lists of blocks (Terraform blocks are lists of objects)."""
    if not parts:
        return value
    if isinstance(value, list):
        return [_project(v, parts) for v in value]
    if isinstance(value, dict):
        return _project(value.get(parts[0]), parts[1:])
    return None


def replacing_properties(type_: str, changed: Iterable[str], old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """The changed top-level inputs whose change replaces the resource: ForceNew themselves, or holding a
    ForceNew nested attribute whose value differs."""
    top = REPLACING_INPUTS.get(type_, frozenset())
    nested = REPLACING_NESTED.get(type_, ())
    out = []
    for prop in changed:
        if prop in top:
            out.append(prop)
            continue
        for path in nested:
            if path[0] == prop and _project(old.get(prop), path[1:]) != _project(new.get(prop), path[1:]):
                out.append(f"{'.'.join(path)}")
                break
    return tuple(out)


GUARDED_TYPES = STATEFUL_TYPES | CONNECTIVITY_TYPES


def _guard_reason(type_: str, what: str) -> str:
    if type_ in STATEFUL_TYPES:
        return f"a stateful resource would be {what}"
    return f"connectivity would be cut while it is {what} (traffic through it stops)"


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed | replaced
    urn: str
    type: str
    properties: tuple[str, ...] = ()
    error: bool = False
    reason: str = ""
    values: tuple[tuple[str, Any, Any], ...] = ()  # (property, old, new), secrets elided

    def render(self) -> str:
        mark = {"added": "+", "removed": "-", "changed": "~", "replaced": "+-"}[self.kind]
        text = f"{'ERROR ' if self.error else ''}{mark} {self.type} {self.urn.rsplit('::', 1)[-1]}"
        if self.properties:
            text += f" ({', '.join(self.properties)})"
        if self.reason:
            text += f": {self.reason}"
        for prop, old, new in self.values:
            text += f"\n        {prop}: {shown(old)} → {shown(new)}"
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
            "changes": [{"kind": c.kind, "urn": c.urn, "type": c.type, "properties": list(c.properties), "error": c.error,
                         "reason": c.reason, "values": [{"property": p, "old": o, "new": n} for p, o, n in c.values]}
                        for c in self.changes],
        }


SECRET_WORDS = ("password", "secret", "token", "privatekey", "private_key")
SECRET = "[secret]"
MAX_SHOWN = 120  # longer values (policy documents) are cut, the marker says so


def _secret(prop: str) -> bool:
    key = prop.lower().replace("-", "_")
    return any(word in key for word in SECRET_WORDS)


def _value(prop: str, value: Any) -> Any:
    """A value as the diff may show it: secret-looking keys elided at any depth. The recorder keeps no record
    of which inputs Pulumi marked secret, so a secret under an innocent key name is not recognised."""
    if _secret(prop):
        return SECRET
    if isinstance(value, dict):
        return {k: _value(str(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value("", v) for v in value]
    return value


def _document(value: Any) -> Any:
    """A JSON document held in a string input (policies, trust policies), parsed; else None."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return None
    return None


def _leaf_diffs(old: Any, new: Any, path: str) -> list[tuple[str, Any, Any]]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for key in sorted(old.keys() | new.keys(), key=str):
            out += _leaf_diffs(old.get(key), new.get(key), f"{path}.{key}")
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (o, n) in enumerate(zip(old, new, strict=True)) for d in _leaf_diffs(o, n, f"{path}[{i}]")]
    return [] if old == new else [(path, old, new)]


def value_changes(prop: str, old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """(property path, old, new): a JSON document string is compared by its parsed leaves, so a policy change
    reads `policy.Statement[0].Action: ... → ...` instead of two cut strings."""
    if _secret(prop):
        return [(prop, SECRET, SECRET)]
    old_doc, new_doc = _document(old), _document(new)
    if old_doc is not None and new_doc is not None:
        return [(p, _value(p, o), _value(p, n)) for p, o, n in _leaf_diffs(old_doc, new_doc, prop)]
    return [(prop, _value(prop, old), _value(prop, new))]


def shown(value: Any) -> str:
    if value is None:
        return "(none)"
    text = value if value == SECRET else json.dumps(value, sort_keys=True)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 12] + f"... ({len(text)} chars)"


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


def classify(base_doc: dict[str, Any], head_doc: dict[str, Any], allow: Iterable[str] = ()) -> ChangeSet:
    """The changes from base to head. `allow` names (logical names or URNs) of guarded resources whose deletion
    or replacement is intended: they are reported, not counted as errors."""
    base, head = _custom(base_doc), _custom(head_doc)
    ids = _id_map(base, head)
    allowed = set(allow)
    out = ChangeSet()

    def guarded(urn: str, type_: str, reason: str) -> tuple[bool, str]:
        if type_ not in GUARDED_TYPES:
            return False, ""
        if urn in allowed or urn.rsplit("::", 1)[-1] in allowed:
            return False, f"{reason}; allowed by --allow"
        return True, reason

    for urn in sorted(head.keys() - base.keys()):
        out.changes.append(Change("added", urn, head[urn]["type"]))
    for urn in sorted(base.keys() - head.keys()):
        type_ = base[urn]["type"]
        error, reason = guarded(urn, type_, _guard_reason(type_, "deleted") + " (a renamed logical name deletes and recreates it)")
        if base[urn].get("protect"):
            # `pulumi up` refuses to delete a protected resource whatever its type: say so, and the way out.
            step = f"it is protected at the base revision, so `pulumi up` refuses to delete it; if that is intended, run `pulumi state unprotect '{urn}'` first"
            accepted = urn in allowed or urn.rsplit("::", 1)[-1] in allowed
            error, reason = not accepted, (f"{reason}; " if reason else "") + step + ("; allowed by --allow" if accepted else "")
        out.changes.append(Change("removed", urn, type_, error=error, reason=reason))
    for urn in sorted(base.keys() & head.keys()):
        before, after = base[urn], head[urn]
        b_in, a_in = _normalise(before.get("inputs", {}), ids), after.get("inputs", {})
        changed = tuple(sorted(k for k in b_in.keys() | a_in.keys() if b_in.get(k) != a_in.get(k)))
        if not changed:
            continue
        type_ = after["type"]
        values = tuple(v for p in changed for v in value_changes(p, b_in.get(p), a_in.get(p)))
        replacing = replacing_properties(type_, changed, b_in, a_in)
        if replacing:
            error, reason = guarded(urn, type_, _guard_reason(type_, "replaced"))
            reason = f"changing {', '.join(replacing)} replaces the resource" + (f": {reason}" if reason else "")
            out.changes.append(Change("replaced", urn, type_, changed, error=error, reason=reason, values=values))
        else:
            out.changes.append(Change("changed", urn, type_, changed, values=values))
    return out
