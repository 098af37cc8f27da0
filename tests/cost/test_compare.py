"""Egress/endpoint layout comparison, pinned for V=3 workload VPCs, A=3 AZs, S=10 interface endpoint services."""

from __future__ import annotations

from decimal import Decimal

from landfall.cost.compare import compare, markdown

from .inventory import PRICES


def test_three_vpcs_three_azs_ten_services():
    rows = compare(PRICES, vpcs=3, azs=3, services=10)
    assert [(r.nat_gateways, r.public_ipv4, r.endpoint_azs, r.tgw_attachments, r.monthly) for r in rows] == [
        # 9 × (35.04 + 3.65) + 90 × 8.03
        (9, 9, 90, 0, Decimal("1070.91")),
        # 3 × 38.69 + 30 × 8.03 + (3 + 1 hub) × 36.50
        (3, 3, 30, 4, Decimal("502.97")),
        # one NAT (and EIP) per VPC, gateway endpoints only
        (3, 3, 0, 0, Decimal("116.07")),
        (0, 0, 0, 0, Decimal(0)),
    ]


def test_central_egress_wins_from_two_vpcs_with_many_endpoints():
    per_vpc, central, *_ = compare(PRICES, vpcs=2, azs=3, services=10)
    assert central.monthly < per_vpc.monthly
    per_vpc, central, *_ = compare(PRICES, vpcs=1, azs=2, services=0)
    assert central.monthly > per_vpc.monthly  # one VPC without endpoints: the hub only adds TGW attachments


def test_markdown_table_for_the_readme():
    table = markdown(compare(PRICES, vpcs=3, azs=3, services=10)).splitlines()
    assert table[0] == "| layout | NAT gateways | public IPv4 | interface endpoint-AZs | TGW attachments | idle USD/month |"
    assert table[2] == "| per-VPC NAT per AZ + per-VPC interface endpoints | 9 | 9 | 90 | 0 | 1,070.91 |"
    assert table[3].endswith("| 3 | 3 | 30 | 4 | 502.97 |")
    assert len(table) == 6
