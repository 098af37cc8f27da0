"""Idle monthly cost of three egress/endpoint layouts, for the README table.

For V workload VPCs, A AZs and S interface endpoint services:

1. per-VPC: a NAT gateway (with its public IPv4) per AZ in every VPC, and every VPC its own S endpoints in A AZs;
2. central: NATs per AZ and the S endpoints only in the hub VPC, plus one TGW attachment per VPC *and* the hub's;
3. dev-style: one NAT (or none) per VPC and gateway endpoints only (S3/DynamoDB gateway endpoints are free).

Only fixed charges: NAT, TGW and endpoint data processing come on top (central egress adds TGW processing
per GB to the NAT processing it keeps).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .prices import PriceTable


@dataclass(frozen=True)
class Layout:
    name: str
    nat_gateways: int
    endpoint_azs: int       # interface endpoint × AZ pairs
    tgw_attachments: int
    monthly: Decimal

    @property
    def public_ipv4(self) -> int:
        return self.nat_gateways  # one EIP per NAT gateway


def _layout(name: str, prices: PriceTable, nats: int, endpoint_azs: int, attachments: int) -> Layout:
    monthly = (prices.monthly("nat_gateway_hour", Decimal(nats)) + prices.monthly("public_ipv4_hour", Decimal(nats))
               + prices.monthly("interface_endpoint_az_hour", Decimal(endpoint_azs))
               + prices.monthly("tgw_attachment_hour", Decimal(attachments)))
    return Layout(name, nats, endpoint_azs, attachments, monthly)


def compare(prices: PriceTable, vpcs: int, azs: int, services: int) -> list[Layout]:
    return [
        _layout("per-VPC NAT per AZ + per-VPC interface endpoints", prices, vpcs * azs, vpcs * services * azs, 0),
        _layout("central egress + central endpoints in the hub (TGW)", prices, azs, services * azs, vpcs + 1),
        _layout("dev-style: single NAT per VPC, gateway endpoints only", prices, vpcs, 0, 0),
        _layout("dev-style: no NAT, gateway endpoints only", prices, 0, 0, 0),
    ]


def markdown(rows: list[Layout], currency: str = "USD") -> str:
    head = f"| layout | NAT gateways | public IPv4 | interface endpoint-AZs | TGW attachments | idle {currency}/month |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        cents = r.monthly.quantize(Decimal("0.01"))
        lines.append(f"| {r.name} | {r.nat_gateways} | {r.public_ipv4} | {r.endpoint_azs} | {r.tgw_attachments} | {cents:,} |")
    return "\n".join(lines)
