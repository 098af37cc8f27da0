"""The offline preview report: cost (and later policy) sections on top of the inventory."""

from __future__ import annotations

from decimal import Decimal

from landfall.offline.report import report_for
from tests.conftest import synthesized


def test_the_preview_json_carries_the_cost_beside_the_resources(workload):
    doc = report_for(workload).to_json()
    assert {"project", "stack", "resources", "outputs", "cost"} <= set(doc)
    cost = doc["cost"]
    assert cost["currency"] == "USD" and cost["region"] == "eu-west-1" and cost["as_of"]
    lines = sum(Decimal(str(r["monthly_usd"])) for r in cost["by_resource"])
    assert abs(lines - Decimal(str(cost["monthly_fixed_total"]))) <= Decimal("0.01") * len(cost["by_resource"])
    urns = {r["urn"] for r in doc["resources"]}
    assert all(r["urn"] in urns for r in cost["by_resource"])


def test_every_nat_gateway_of_prod_is_costed_and_usage_charges_are_listed_not_guessed():
    cost = report_for(synthesized("prod")).cost.to_json()
    nats = [r for r in cost["by_resource"] if r["type"] == "aws:ec2/natGateway:NatGateway"]
    assert len(nats) == 3
    assert any(u["charge"].startswith("NAT gateway data processing") for u in cost["usage_based"])


def test_dev_idles_for_much_less_than_prod():
    dev = report_for(synthesized("dev")).cost.monthly_fixed_total
    prod = report_for(synthesized("prod")).cost.monthly_fixed_total
    assert dev * 3 < prod


def test_the_rendered_preview_shows_the_idle_cost_total():
    text = report_for(synthesized("dev")).render()
    assert "total fixed per month" in text and "usage-based (not estimated)" in text
