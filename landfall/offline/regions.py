"""Where a recorded resource lives: its region, from pulumi-aws v7's per-resource `region` input or its
provider's region, or "global" for the types pulumi-aws gives no region input (IAM, Organizations, account
settings). Read from the pulumi-aws SDK itself, so the answer follows the provider version we pin."""

from __future__ import annotations

import importlib
import inspect
import json
from functools import lru_cache

GLOBAL = "global"


@lru_cache(maxsize=None)
def takes_region(type_: str) -> bool:
    """Whether resources of `type_` (e.g. aws:ebs/encryptionByDefault:EncryptionByDefault) are regional.
    Types the SDK cannot resolve count as regional (the conservative answer for coverage checks)."""
    try:
        package, rest, name = type_.split(":")
        if package != "aws":
            return True
        module = rest.split("/")[0]
        mod = importlib.import_module(f"pulumi_aws.{module}" + ("_" if module in ("lambda",) else ""))
        cls = getattr(mod, name)
        return "region" in inspect.signature(cls._internal_init).parameters
    except (ValueError, ImportError, AttributeError, TypeError):
        return True


def region_of(inv, resource) -> str:
    """The region a custom resource is created in (or "global")."""
    if not takes_region(resource.type):
        return GLOBAL
    region = resource.inputs.get("region")
    if isinstance(region, str) and region:
        return region
    provider = inv.providers().get(resource.provider)
    if provider is not None and isinstance(provider.inputs.get("region"), str):
        return provider.inputs["region"]
    return inv.config.stack.region if inv.config is not None else "?"


def provider_processes(inv) -> dict[str, list[str]]:
    """Provider package -> the explicit providers of that package in the stack. The real engine starts one
    plugin process per explicit provider (and one per package for a default provider, which landfall never
    uses); StackReferences need none."""
    out: dict[str, list[str]] = {}
    for r in inv.resources:
        if r.type.startswith("pulumi:providers:"):
            out.setdefault(r.type.split(":")[-1], []).append(r.name)
    return {k: sorted(v) for k, v in sorted(out.items())}


def allowed_account(provider) -> str:
    ids = provider.inputs.get("allowedAccountIds")
    ids = json.loads(ids) if isinstance(ids, str) else ids or []
    return ids[0] if ids else "?"
