"""Growing a live network must never rename or re-address what exists."""

from __future__ import annotations

import copy

import pytest

from landfall.offline.synth import synthesize
from tests.conftest import stack_values, synthesized


def cidr_by_urn(inv):
    return {r.urn: r.inputs.get("cidrBlock") for r in inv.resources}


def grown(project_copy, mutate):
    config = copy.deepcopy(stack_values("dev"))
    mutate(config["landfall:network"]["vpcs"]["main"])
    return synthesize("dev", project_copy({"dev": config}))


def assert_nothing_existing_changed(before, after):
    b, a = cidr_by_urn(before), cidr_by_urn(after)
    missing = set(b) - set(a)
    assert not missing, f"URNs gone: {sorted(missing)[:5]}"
    moved = {u: (b[u], a[u]) for u in b if b[u] != a[u]}
    assert not moved, f"re-addressed: {moved}"
    assert len(a) > len(b), "the change added nothing"


def test_adding_an_az_to_dev_changes_no_existing_urn_or_cidr(project_copy):
    after = grown(project_copy, lambda vpc: vpc["az_ids"].append("euw1-az3"))
    assert_nothing_existing_changed(synthesized("dev"), after)


def test_adding_a_tier_to_dev_changes_no_existing_urn_or_cidr(project_copy):
    after = grown(project_copy, lambda vpc: vpc["tiers"].append({"name": "cache", "type": "isolated", "prefix": 26}))
    assert_nothing_existing_changed(synthesized("dev"), after)


def test_adding_an_interface_endpoint_changes_no_existing_urn(project_copy):
    def add(vpc):
        vpc["endpoints"]["interface"] = ["ssm"]
        vpc["endpoints"]["interface_tier"] = "app"

    after = grown(project_copy, add)
    assert set(cidr_by_urn(synthesized("dev"))) < set(cidr_by_urn(after))


def test_listing_the_azs_in_another_order_changes_nothing(project_copy):
    after = grown(project_copy, lambda vpc: vpc["az_ids"].reverse())
    assert cidr_by_urn(after) == cidr_by_urn(synthesized("dev"))


def test_joining_the_transit_gateway_changes_no_existing_urn_or_cidr(project_copy):
    """Dev before the transit work (no transit tier, no attachment) -> dev as committed: only additions."""
    config = copy.deepcopy(stack_values("dev"))
    del config["landfall:transit"]
    vpc = config["landfall:network"]["vpcs"]["main"]
    vpc["tiers"] = [t for t in vpc["tiers"] if t["name"] != "transit"]
    before = synthesize("dev", project_copy({"dev": config}))
    after = synthesized("dev")
    assert_nothing_existing_changed(before, after)
    added = {r.name for r in after.resources} - {r.name for r in before.resources}
    assert {"main-transit", "main-transit-euw1-az1", "main-app-euw1-az1-tgw-10-0-0-0-8"} <= added


def inputs_by_urn(inv):
    return {r.urn: r.inputs for r in inv.resources if r.custom}


def test_adding_an_ou_an_account_and_an_scp_attachment_changes_no_existing_organization_resource(project_copy):
    config = copy.deepcopy(stack_values("management"))
    org = config["landfall:organization"]
    # A new OU listed first and an account listed first: positions move, logical names must not.
    org["ous"] = {"Research": {}, **org["ous"]}
    org["accounts"] = {"research": {"ou": "Research", "email": "aws+research@example.com"}, **org["accounts"]}
    org["scps"]["Research"] = ["region-allow-list"]
    before, after = synthesized("management"), synthesize("management", project_copy({"management": config}))
    b, a = inputs_by_urn(before), inputs_by_urn(after)
    assert not set(b) - set(a), f"URNs gone: {sorted(set(b) - set(a))[:5]}"
    changed = [u for u in b if b[u] != a[u]]
    # The one intended in-place update: the new account may now deliver its AWS Config items.
    assert changed == [next(u for u in b if u.endswith("aws:s3/bucketPolicy:BucketPolicy::log-archive-config"))], changed[:5]
    added = set(a) - set(b)
    assert any(u.endswith("::ou-Research") for u in added) and any(u.endswith("::acct-research") for u in added)
    assert any(u.endswith("::scp-region-allow-list.ou-Research") for u in added)


@pytest.mark.parametrize("stack", ["prod", "network", "management"])
def test_every_stateful_resource_of_a_production_stack_is_protected(stack):
    from landfall.plan.changes import STATEFUL_TYPES

    inv = synthesized(stack)
    unprotected = [r.urn for r in inv.custom() if r.type in STATEFUL_TYPES and not r.protect]
    assert not unprotected, unprotected


def _staging_with(project_copy, mutate):
    config = copy.deepcopy(stack_values("staging"))
    mutate(config["landfall:services"]["orders"])
    return synthesize("staging", project_copy({"staging": config}))


def test_adding_a_database_a_secret_and_a_container_to_staging_only_adds(project_copy):
    def grow(orders):
        orders["databases"]["reports"] = {"min_acu": 0.5, "max_acu": 1, "proxy": {"user_secrets": {"reporter": "reports-app"}}}
        orders["secrets"]["reports-app"] = {"description": "reporter database user"}
        orders["containers"]["admin"] = {"repository": "web", "image_tag": "1.0.0"}

    before, after = synthesized("staging"), _staging_with(project_copy, grow)
    b, a = {r.urn: r for r in before.resources}, {r.urn: r for r in after.resources}
    assert set(b) < set(a), f"URNs gone: {sorted(set(b) - set(a))[:5]}"
    changed = [u for u in b if b[u].custom and b[u].inputs != a[u].inputs and ":ec2/subnet:" in u]
    assert not changed, changed
