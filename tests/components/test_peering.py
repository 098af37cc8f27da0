"""VPC peering: requested in one account, accepted in the peer's, routes to the exact peer range only (CIS 5.5)."""

from __future__ import annotations

import copy
import shutil

import pulumi
import pulumi_aws as aws
import pytest
import yaml

from components.network.peering import Peering, PeeringArgs, PeerSide
from landfall.offline.synth import ROOT, synthesize
from tests.conftest import record, stack_values

REQUESTER, PEER = "666666666666", "888888888888"
PEERING_TYPES = (
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
    "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions",
    "aws:ec2/route:Route",
)


def build(peer_region: str = "eu-west-1"):
    def program():
        requester_provider = aws.Provider("aws-staging", region="eu-west-1", allowed_account_ids=[REQUESTER])
        peer_provider = aws.Provider("aws-tools", region=peer_region, allowed_account_ids=[PEER])
        Peering(
            "main-tools",
            PeeringArgs(
                requester=PeerSide("main", "vpc-aaaaaaaaaaaaaaaaa", "10.20.0.0/16", REQUESTER, "eu-west-1", {"app-euw1-az1": "rtb-app1", "data-euw1-az1": "rtb-data1"}),
                accepter=PeerSide("tools", "vpc-bbbbbbbbbbbbbbbbb", "10.40.0.0/16", PEER, peer_region, {"rtb-0123456789abcdef0": "rtb-0123456789abcdef0"}, peer_provider),
                dns_resolution=True,
                environment="test",
            ),
            pulumi.ResourceOptions(providers={"aws": requester_provider}),
        )

    return record(program)


@pytest.fixture(scope="module")
def inv():
    return build()


def one(inv, type_):
    [r] = inv.of_type(type_)
    return r


def test_the_connection_is_requested_in_the_requesters_account_and_accepted_in_the_peers(inv):
    connection = one(inv, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
    accepter = one(inv, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter")
    assert inv.account_of(connection) == REQUESTER and inv.account_of(accepter) == PEER
    assert connection.inputs["peerOwnerId"] == PEER and connection.inputs["peerVpcId"] == "vpc-bbbbbbbbbbbbbbbbb"
    assert connection.inputs["autoAccept"] is False and "peerRegion" not in connection.inputs
    assert accepter.inputs["vpcPeeringConnectionId"] == connection.id and accepter.inputs["autoAccept"] is True


def test_each_side_sets_its_own_dns_resolution_through_its_own_account(inv):
    options = {o.name: o for o in inv.of_type("aws:ec2/peeringConnectionOptions:PeeringConnectionOptions")}
    requester, accepter = options["main-tools-requester"], options["main-tools-accepter"]
    assert inv.account_of(requester) == REQUESTER and requester.inputs["requester"] == {"allowRemoteVpcDnsResolution": True}
    assert "accepter" not in requester.inputs
    assert inv.account_of(accepter) == PEER and accepter.inputs["accepter"] == {"allowRemoteVpcDnsResolution": True}
    connection = one(inv, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
    for o in options.values():
        assert o.inputs["vpcPeeringConnectionId"] == connection.id, o.urn


def test_routes_on_both_sides_name_the_other_sides_exact_range_and_never_the_default_route(inv):
    connection = one(inv, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
    routes = {r.inputs["routeTableId"]: r for r in inv.of_type("aws:ec2/route:Route")}
    assert set(routes) == {"rtb-app1", "rtb-data1", "rtb-0123456789abcdef0"}
    for table in ("rtb-app1", "rtb-data1"):
        assert routes[table].inputs["destinationCidrBlock"] == "10.40.0.0/16" and inv.account_of(routes[table]) == REQUESTER
    assert routes["rtb-0123456789abcdef0"].inputs["destinationCidrBlock"] == "10.20.0.0/16"
    assert inv.account_of(routes["rtb-0123456789abcdef0"]) == PEER
    for r in routes.values():
        assert r.inputs["destinationCidrBlock"] != "0.0.0.0/0", r.urn  # CIS 5.5
        assert r.inputs["vpcPeeringConnectionId"] == connection.id, r.urn
    accepter = one(inv, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter")
    assert all(accepter.urn in r.dependencies for r in routes.values())  # routes wait for the acceptance


def test_a_peer_in_another_region_is_requested_with_its_region():
    connection = one(build("eu-central-1"), "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
    assert connection.inputs["peerRegion"] == "eu-central-1"


@pytest.fixture(scope="module")
def staging_with_peerings(tmp_path_factory):
    """Staging peers its main VPC with a tools VPC of the same stack in another account, and with a legacy
    VPC landfall does not manage."""
    project = tmp_path_factory.mktemp("peering")
    shutil.copy(ROOT / "__main__.py", project / "__main__.py")
    for f in ROOT.glob("Pulumi.*.yaml"):
        shutil.copy(f, project / f.name)
    config = copy.deepcopy(stack_values("staging"))
    config["landfall:accounts"]["tools"] = {"id": PEER}
    config["landfall:accounts"]["legacy"] = {"id": "999999999999"}
    tools = copy.deepcopy(config["landfall:network"]["vpcs"]["main"])
    tools.update(account="tools", cidr="10.40.0.0/16", nat="none", tiers=[{"name": "app", "type": "isolated", "prefix": 20}],
                 endpoints={"gateway": []})
    config["landfall:network"]["vpcs"]["tools"] = tools
    config["landfall:peering"] = {
        "connections": {
            "main-tools": {"vpc": "main", "peer": {"vpc": "tools"}},
            "main-legacy": {
                "vpc": "main",
                "peer": {"account": "legacy", "vpc_id": "vpc-0fedcba9876543210", "cidr": "172.20.0.0/16", "route_table_ids": ["rtb-0aaaaaaaaaaaaaaaa"]},
                "dns_resolution": False,
            },
        }
    }
    (project / "Pulumi.staging.yaml").write_text(yaml.safe_dump({"config": config}, sort_keys=False))
    return synthesize("staging", project)


def test_a_stack_peering_lands_each_side_in_its_vpcs_account(staging_with_peerings):
    inv = staging_with_peerings
    connections = {c.name: c for c in inv.of_type("aws:ec2/vpcPeeringConnection:VpcPeeringConnection")}
    accepters = {a.name: a for a in inv.of_type("aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter")}
    assert set(connections) == set(accepters) == {"main-tools", "main-legacy"}
    assert {inv.account_of(c) for c in connections.values()} == {REQUESTER}
    assert inv.account_of(accepters["main-tools"]) == PEER and inv.account_of(accepters["main-legacy"]) == "999999999999"
    tools_vpc = inv.named("tools", "aws:ec2/vpc:Vpc")
    assert connections["main-tools"].inputs["peerVpcId"] == tools_vpc.id
    assert set(inv.outputs["peering_connection_ids"]) == {"main-tools", "main-legacy"}


def test_stack_peering_routes_use_exact_ranges_from_private_and_isolated_tables_only(staging_with_peerings):
    inv = staging_with_peerings
    tables = {t.id: t for t in inv.of_type("aws:ec2/routeTable:RouteTable")}
    peering_routes = [r for r in inv.of_type("aws:ec2/route:Route") if "vpcPeeringConnectionId" in r.inputs]
    by_destination: dict[str, set] = {}
    for r in peering_routes:
        table = tables.get(r.inputs["routeTableId"])
        target = table.name if table else r.inputs["routeTableId"]
        by_destination.setdefault(r.inputs["destinationCidrBlock"], set()).add(target)
        assert table is None or table.inputs["tags"]["tier"] != "public", r.urn
    # main's app, data and transit tables (3 AZs) route to each peer; the peers route back to main only.
    main_tables = {f"main-{t}-euw1-az{n}" for t in ("app", "data", "transit") for n in (1, 2, 3)}
    assert by_destination["10.40.0.0/16"] == main_tables
    assert by_destination["172.20.0.0/16"] == main_tables
    assert by_destination["10.20.0.0/16"] == {f"tools-app-euw1-az{n}" for n in (1, 2, 3)} | {"rtb-0aaaaaaaaaaaaaaaa"}
    legacy_options = [o for o in inv.of_type("aws:ec2/peeringConnectionOptions:PeeringConnectionOptions") if o.name.startswith("main-legacy")]
    assert {o.name: o.inputs.get("requester", o.inputs.get("accepter")) for o in legacy_options} == {
        "main-legacy-requester": {"allowRemoteVpcDnsResolution": False},
        "main-legacy-accepter": {"allowRemoteVpcDnsResolution": False},
    }


def test_every_peering_resource_has_an_explicit_provider(staging_with_peerings):
    for r in staging_with_peerings.custom():
        if r.type in PEERING_TYPES:
            assert r.provider and staging_with_peerings.account_of(r), r.urn
