"""The replacement table (landfall/plan/force_new.json): derived from the Terraform AWS provider's schema, it
covers every type the stacks declare, names only real inputs, and drives the diff's replacement detection."""

from __future__ import annotations

import importlib
import inspect
import re

import pytest

from landfall.plan.changes import FORCE_NEW, classify, replacing_properties
from tests.conftest import synthesized

STACKS = ("management", "network", "dev", "staging", "prod", "baseline-sandbox")
SOURCE = re.compile(r"^hashicorp/terraform-provider-aws@(?:[0-9a-f]{40}|store-file-\d+):internal/service/\S+\.go$")


def declared_types() -> set[str]:
    return {r.type for stack in STACKS for r in synthesized(stack).custom() if r.type.startswith("aws:")}


def wire_names(type_: str) -> set[str]:
    """The input names of a pulumi-aws type, as the engine (and the recorded inventory) spells them."""
    module, resource = type_.split(":")[1].split("/")[0], type_.rsplit(":", 1)[1]
    package = importlib.import_module(f"pulumi_aws.{module}_" if module == "lambda" else f"pulumi_aws.{module}")
    # The resource's own module; where a nested input type takes the name `<Name>Args`, the resource's
    # arguments are `<Name>InitArgs`.
    module_of = inspect.getmodule(getattr(package, resource))
    args = getattr(module_of, f"{resource}InitArgs", None) or getattr(module_of, f"{resource}Args")
    return {getattr(v.fget, "_pulumi_name", n) for n, v in vars(args).items() if isinstance(v, property)}


def test_every_declared_type_has_an_entry_naming_its_terraform_source_file():
    missing = sorted(declared_types() - FORCE_NEW.keys())
    assert missing == [], f"add these types to landfall/plan/force_new.json (from their Terraform schema): {missing}"
    for type_ in declared_types():
        entry = FORCE_NEW[type_]
        assert SOURCE.match(entry["source"]), (type_, entry["source"])
        assert isinstance(entry["force_new"], list), f"{type_}: researched, an empty list means every input updates in place"


@pytest.mark.parametrize("type_", sorted(FORCE_NEW))
def test_every_replacing_input_is_an_input_of_the_pulumi_type(type_):
    names = wire_names(type_)
    entry = FORCE_NEW[type_]
    assert set(entry["force_new"]) <= names, sorted(set(entry["force_new"]) - names)
    assert {path.split(".")[0] for path in entry.get("nested_force_new", [])} <= names


def record(type_: str, inputs: dict, urn: str = "urn:pulumi:dev::landfall::t::r") -> dict:
    return {"resources": [{"urn": urn, "type": type_, "custom": True, "id": "r-1", "inputs": inputs}]}


@pytest.mark.parametrize("type_, before, after, kind", [
    # the issue's example: a user pool domain's domain is replaced, not updated
    ("aws:cognito/userPoolDomain:UserPoolDomain", {"domain": "a", "userPoolId": "p"}, {"domain": "b", "userPoolId": "p"}, "replaced"),
    ("aws:apigateway/method:Method", {"httpMethod": "GET"}, {"httpMethod": "POST"}, "replaced"),
    ("aws:backup/vault:Vault", {"name": "landfall-dev"}, {"name": "landfall-dev2"}, "replaced"),
    ("aws:lambda/function:Function", {"memorySize": 128}, {"memorySize": 256}, "changed"),
    ("aws:iam/role:Role", {"description": "a"}, {"description": "b"}, "changed"),
])
def test_the_diff_reports_replacement_from_the_table(type_, before, after, kind):
    [change] = classify(record(type_, before), record(type_, after)).changes
    assert change.kind == kind, change.render()


def test_a_changed_nested_force_new_attribute_replaces_and_a_sibling_does_not():
    table = "aws:dynamodb/table:Table"
    lsi = [{"name": "by-date", "rangeKey": "date", "projectionType": "ALL"}]
    renamed = [{"name": "by-day", "rangeKey": "date", "projectionType": "ALL"}]
    assert "localSecondaryIndexes" in FORCE_NEW[table]["force_new"] or any(
        p.startswith("localSecondaryIndexes.") for p in FORCE_NEW[table]["nested_force_new"])
    assert replacing_properties(table, ["localSecondaryIndexes"], {"localSecondaryIndexes": lsi},
                                {"localSecondaryIndexes": renamed})
    assert replacing_properties(table, ["billingMode"], {"billingMode": "PROVISIONED"}, {"billingMode": "PAY_PER_REQUEST"}) == ()
    pool = "aws:cognito/userPool:UserPool"
    assert "usernameConfiguration" not in FORCE_NEW[pool]["force_new"]
    assert replacing_properties(pool, ["usernameConfiguration"], {"usernameConfiguration": {"caseSensitive": False}},
                                {"usernameConfiguration": {"caseSensitive": True}}) == ("usernameConfiguration.caseSensitive",)
    assert replacing_properties(pool, ["mfaConfiguration"], {"mfaConfiguration": "OFF"}, {"mfaConfiguration": "ON"}) == ()
