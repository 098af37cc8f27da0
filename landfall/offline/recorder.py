"""The recording engine: Pulumi mocks that keep a full record of every registration.

Runs with preview=False (so every apply runs and every output is known), fails on a duplicate URN
(the mock monitor alone does not; the real engine does), and raises on any invoke it does not know
(an unmocked invoke would otherwise return nothing and hide a bug).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any, Optional

import pulumi
from pulumi.runtime import mocks, rpc

from .outputs import Where, computed_state

STACK_TYPE = "pulumi:pulumi:Stack"
STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference"


class DuplicateUrnError(Exception):
    pass


class UnmockedInvokeError(Exception):
    pass


@dataclass
class Registration:
    urn: str
    id: str
    type: str
    name: str
    parent: str
    provider: str
    custom: bool
    protect: bool
    dependencies: list[str]
    inputs: dict[str, Any]
    retain_on_delete: bool = False
    state: dict[str, Any] = field(default_factory=dict, repr=False)  # the mock outputs; not part of the JSON
    import_id: str = ""  # the `import_` option: the real engine adopts this id (`= import`) instead of creating

    @property
    def op(self) -> str:
        """What `pulumi preview` shows for it on a first run: create (+) or import (=)."""
        return "import" if self.import_id else "create"

    def to_json(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "parent": self.parent,
            "provider": self.provider,
            "custom": self.custom,
            "protect": self.protect,
            "dependencies": self.dependencies,
            "inputs": self.inputs,
            "op": self.op,
            "import_id": self.import_id or None,
        }


def _identity_store_group(args: dict) -> dict:
    """identitystore getGroup by display name: a stable id per name (the real preview reads the store)."""
    import uuid

    unique = (args.get("alternateIdentifier") or {}).get("uniqueAttribute") or {}
    name = str(unique.get("attributeValue") or args.get("groupId") or "")
    group_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"landfall-offline-group:{name}"))
    return {"groupId": group_id, "displayName": name, "identityStoreId": args.get("identityStoreId", ""),
            "id": group_id, "description": "", "externalIds": []}


# The invokes landfall makes, answered offline. Everything else is refused (UnmockedInvokeError).
OFFLINE_INVOKES = {"aws:identitystore/getGroup:getGroup": _identity_store_group}


class RecordingMocks(mocks.Mocks):
    def __init__(self, partition: str, default_where: Where, stack_references: Optional[dict[str, dict]] = None, invokes: Optional[dict] = None) -> None:
        self.partition = partition
        self.default_where = default_where
        self.stack_references = stack_references or {}
        self.invokes = {**OFFLINE_INVOKES, **(invokes or {})}
        self.provider_where: dict[str, Where] = {}  # provider ref ("urn::id") -> account and region
        # The SDK may register from several threads; new_resource runs on the registering thread.
        self._local = threading.local()

    @property
    def current_urn(self) -> str:
        return getattr(self._local, "urn", "")

    @current_urn.setter
    def current_urn(self, urn: str) -> None:
        self._local.urn = urn

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[Optional[str], dict]:
        urn = self.current_urn
        if args.typ == STACK_REFERENCE_TYPE:
            ref = args.inputs.get("name", args.name)
            if ref not in self.stack_references:
                raise UnmockedInvokeError(f"stack reference {ref!r} has no recorded outputs; known: {sorted(self.stack_references)}")
            return ref, {"name": ref, "outputs": self.stack_references[ref], "secretOutputNames": []}
        if args.typ.startswith("pulumi:providers:"):
            return f"{args.name}-provider", dict(args.inputs)
        if not args.custom:
            return None, {}
        where = self.provider_where.get(args.provider or "", self.default_where)
        region = args.inputs.get("region")
        if isinstance(region, str) and region:  # pulumi-aws v7's per-resource region overrides the provider's
            where = Where(where.partition, where.account, region)
        return computed_state(args.typ, args.name, urn, args.inputs, where, import_id=args.resource_id or None)

    def call(self, args: mocks.MockCallArgs) -> dict:
        if args.token in self.invokes:
            return self.invokes[args.token](args.args)
        raise UnmockedInvokeError(f"invoke {args.token} is not mocked; landfall avoids invokes so previews need no credentials")


class RecordingMonitor(mocks.MockMonitor):
    def __init__(self, recording_mocks: RecordingMocks) -> None:
        super().__init__(recording_mocks)
        self.recorded = []
        self.outputs = {}
        self.component_outputs: dict[str, dict[str, Any]] = {}  # component URN -> register_outputs
        self.errors = []
        self._urns: set[str] = set()
        self._lock = threading.Lock()
        self.stack_urn = ""

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """URNs as the real engine writes them: the full parent type chain, the root stack left out."""
        if parent and parent != self.stack_urn:
            type_ = parent.split("::")[2] + "$" + type_
        from pulumi.runtime.settings import get_project, get_stack

        return "urn:pulumi:" + "::".join([get_stack(), get_project(), type_, name])

    def RegisterResource(self, request):
        urn = self.make_urn(request.parent, request.type, request.name)
        with self._lock:
            if urn in self._urns:
                message = f"duplicate URN {urn}: two resources of type {request.type} are both named {request.name!r} under the same parent type"
                self.errors.append(message)
                raise DuplicateUrnError(message)
            self._urns.add(urn)
        self.mocks.current_urn = urn
        response = super().RegisterResource(request)
        mocks._ensure_event_loop()
        inputs = rpc.deserialize_properties(request.object) if request.type != STACK_TYPE else {}
        rid = response.id or ""
        if request.type == STACK_TYPE:
            self.stack_urn = urn
        if request.type.startswith("pulumi:providers:"):
            self.mocks.provider_where[f"{urn}::{rid}"] = _provider_where(inputs, self.mocks.default_where, self.mocks.partition)
        record = Registration(
            urn=urn,
            id=rid,
            type=request.type,
            name=request.name,
            parent=request.parent,
            provider=request.provider,
            custom=bool(request.custom),
            protect=bool(request.protect),
            dependencies=sorted(set(request.dependencies)),
            inputs=_plain(inputs),
            retain_on_delete=bool(request.retainOnDelete),
            import_id=request.importId or "",
            state=_plain(self.resources[urn].state) if urn in self.resources else {},
        )
        with self._lock:
            self.recorded.append(record)
        return response

    def RegisterResourceOutputs(self, request):
        mocks._ensure_event_loop()
        outputs = _plain(rpc.deserialize_properties(request.outputs))
        if request.urn == self.stack_urn:
            self.outputs = outputs
        else:
            self.component_outputs[request.urn] = outputs
        return super().RegisterResourceOutputs(request)


def _provider_where(inputs: dict[str, Any], default: Where, partition: str) -> Where:
    accounts = inputs.get("allowedAccountIds")
    if isinstance(accounts, str):
        accounts = json.loads(accounts)
    account = accounts[0] if accounts else default.account
    return Where(partition, account, inputs.get("region") or default.region)


def _plain(value: Any) -> Any:
    """Deserialized properties -> JSON-able data (ints stay ints where the float is integral)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, pulumi.AssetArchive):
        return {"assets": {k: _plain(v) for k, v in sorted(value.assets.items())}}
    if isinstance(value, (pulumi.FileArchive, pulumi.FileAsset)):
        return {"path": value.path}  # relative to the project: the same in every clone
    if isinstance(value, pulumi.StringAsset):
        return {"text": value.text}
    return str(value)
