"""The price refresh against canned Price List API answers (botocore Stubber: nothing leaves the machine)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import boto3
import pytest
from botocore.stub import Stubber

from landfall.cost import estimate
from landfall.cost.prices import DEFAULT_PATH, PriceTable
from landfall.cost.refresh import RefreshError, fetch_price, main, refresh

from .inventory import prod_like

TEMPLATE = json.loads(DEFAULT_PATH.read_text(), parse_float=Decimal)
TODAY = date(2026, 12, 1)

# What the API answers per price key (eu-west-1 usage types; a different value from the template where it helps).
ANSWERS = {
    "nat_gateway_hour": ("EU-NatGateway-Hours", "Hrs", [("0", "0.0480000000")]),
    "public_ipv4_hour": ("EU-PublicIPv4:InUseAddress", "Hrs", [("0", "0.0050000000")]),
    "interface_endpoint_az_hour": ("EU-VpcEndpoint-Hours", "Hrs", [("0", "0.0110000000")]),
    "tgw_attachment_hour": ("EU-TransitGateway-Hours", "hour", [("0", "0.0500000000")]),
    "kms_key_month": ("eu-west-1-KMS-Keys", "Keys", [("0", "1.0000000000")]),
    "waf_web_acl_month": ("EU-WebACLV2", "WebACL", [("0", "5.0000000000")]),
    "waf_rule_month": ("EU-RuleV2", "Rule", [("0", "1.0000000000")]),
    "lambda_provisioned_concurrency_gb_second_arm64": ("EU-Lambda-Provisioned-Concurrency-ARM", "Lambda-GB-Second", [("0", "0.0000033334")]),
    "lambda_provisioned_concurrency_gb_second_x86": ("EU-Lambda-Provisioned-Concurrency", "Lambda-GB-Second", [("0", "0.0000041667")]),
    # Free first tier (account-wide allowance) followed by the list price.
    "cloudwatch_alarm_month": ("EU-CW:AlarmMonitorUsage", "Alarms", [("0", "0.0000000000"), ("10", "0.1000000000")]),
    "secret_month": ("EU-AWSSecretsManager-Secrets", "Secrets", [("0", "0.4000000000")]),
    # Volume tiers: the first (smallest-volume) tier is the price of one more zone for a small account.
    "route53_hosted_zone_month": ("HostedZone", "HostedZone", [("25", "0.1000000000"), ("0", "0.5000000000")]),
    "alb_hour": ("EU-LoadBalancerUsage", "Hrs", [("0", "0.0252000000")]),
    "nlb_hour": ("EU-LoadBalancerUsage", "Hrs", [("0", "0.0252000000")]),
    "fargate_vcpu_hour_arm64": ("EU-Fargate-ARM-vCPU-Hours:perCPU", "hours", [("0", "0.0323800000")]),
    "fargate_gb_hour_arm64": ("EU-Fargate-ARM-GB-Hours", "hours", [("0", "0.0035600000")]),
    "fargate_vcpu_hour_x86": ("EU-Fargate-vCPU-Hours:perCPU", "hours", [("0", "0.0404800000")]),
    "fargate_gb_hour_x86": ("EU-Fargate-GB-Hours", "hours", [("0", "0.0044450000")]),
    "aurora_serverless_v2_acu_hour": ("EU-Aurora:ServerlessV2Usage", "ACU-Hr", [("0", "0.1400000000")]),
    "aurora_serverless_v2_acu_hour_io_optimized": ("EU-Aurora:ServerlessV2IOOptimizedUsage", "ACU-Hr", [("0", "0.1900000000")]),
    "rds_proxy_acu_hour": ("EU-RDS:ProxyServerlessUsage", "ACU-Hr", [("0", "0.0180000000")]),
    "rds_proxy_vcpu_hour": ("EU-RDS:ProxyUsage", "vCPU-Hr", [("0", "0.0160000000")]),
}


def product(service: str, usagetype: str, unit: str, tiers: list[tuple[str, str]], sku: str = "SKU0000000001") -> str:
    """One PriceList item as the API returns it: a JSON string."""
    dims = {f"{sku}.JRTCKXETXF.{i}": {"unit": unit, "beginRange": begin, "endRange": "Inf", "description": usagetype,
                                      "rateCode": f"{sku}.JRTCKXETXF.{i}", "appliesTo": [], "pricePerUnit": {"USD": usd}}
            for i, (begin, usd) in enumerate(tiers)}
    return json.dumps({
        "product": {"productFamily": "x", "sku": sku, "attributes": {"usagetype": usagetype, "regionCode": "eu-west-1", "servicecode": service}},
        "serviceCode": service,
        "terms": {"OnDemand": {f"{sku}.JRTCKXETXF": {"sku": sku, "offerTermCode": "JRTCKXETXF", "effectiveDate": "2026-11-01T00:00:00Z",
                                                     "termAttributes": {}, "priceDimensions": dims}}},
        "version": "20261101000000", "publicationDate": "2026-11-01T00:00:00Z",
    })


def expected_params(entry: dict, region: str = "eu-west-1", **extra) -> dict:
    filters = [{"Type": f["type"], "Field": f["field"], "Value": f["value"].replace("{region}", region)} for f in entry["filters"]]
    return {"ServiceCode": entry["service_code"], "Filters": filters, "FormatVersion": "aws_v1", **extra}


@pytest.fixture
def pricing():
    client = boto3.client("pricing", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    with Stubber(client) as stub:
        yield client, stub
        stub.assert_no_pending_responses()


def stub_all(stub: Stubber, answers=ANSWERS) -> None:
    for key, entry in TEMPLATE["prices"].items():
        usagetype, unit, tiers = answers[key]
        stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [product(entry["service_code"], usagetype, unit, tiers)]},
                          expected_params(entry))


def test_refresh_produces_a_table_the_estimator_accepts(pricing):
    client, stub = pricing
    stub_all(stub)
    new = refresh(client, TEMPLATE, "eu-west-1", TODAY)
    table = PriceTable.from_dict(new)
    assert (table.region, table.as_of) == ("eu-west-1", "2026-12-01")
    assert estimate(prod_like(), table).monthly_fixed_total == Decimal("414.2301752")
    assert all(e["confirmed"] for e in new["prices"].values())
    assert set(new) == set(TEMPLATE) and new["zero_fixed"] == TEMPLATE["zero_fixed"]  # same shape, notes kept


def test_free_tiers_are_skipped_and_the_first_paid_tier_is_taken(pricing):
    client, stub = pricing
    stub_all(stub)
    new = refresh(client, TEMPLATE, "eu-west-1", TODAY)
    assert new["prices"]["cloudwatch_alarm_month"]["price"] == Decimal("0.1")
    assert new["prices"]["route53_hosted_zone_month"]["price"] == Decimal("0.5")


def test_a_new_price_from_the_api_replaces_the_committed_one(pricing):
    client, stub = pricing
    stub_all(stub, {**ANSWERS, "nat_gateway_hour": ("EU-NatGateway-Hours", "Hrs", [("0", "0.0520000000")])})
    assert refresh(client, TEMPLATE, "eu-west-1", TODAY)["prices"]["nat_gateway_hour"]["price"] == Decimal("0.052")


def test_results_on_several_pages_are_all_read(pricing):
    client, stub = pricing
    entry = TEMPLATE["prices"]["nat_gateway_hour"]
    stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [], "NextToken": "page-2"}, expected_params(entry))
    stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [product("AmazonEC2", "EU-NatGateway-Hours", "Hrs", [("0", "0.048")])]},
                      expected_params(entry, NextToken="page-2"))
    assert fetch_price(client, "nat_gateway_hour", entry, "eu-west-1") == Decimal("0.048")


def test_ambiguous_or_empty_answers_fail_with_every_key_named(pricing):
    client, stub = pricing
    for key, entry in TEMPLATE["prices"].items():
        usagetype, unit, tiers = ANSWERS[key]
        items = [product(entry["service_code"], usagetype, unit, tiers)]
        if key == "waf_rule_month":  # a filter too loose: two products, two prices
            items.append(product("awswaf", "EU-ManagedRuleV2", "Rule", [("0", "2.0")], sku="SKU0000000002"))
        if key == "secret_month":
            items = []
        stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": items}, expected_params(entry))
    with pytest.raises(RefreshError) as err:
        refresh(client, TEMPLATE, "eu-west-1", TODAY)
    message = str(err.value)
    assert "waf_rule_month" in message and "EU-ManagedRuleV2" in message and "expected exactly one price" in message
    assert "secret_month" in message and "matched nothing" in message
    assert "nat_gateway_hour" not in message


def test_another_region_is_asked_for_by_region_code(pricing):
    client, stub = pricing
    for key, entry in TEMPLATE["prices"].items():
        usagetype, unit, tiers = ANSWERS[key]
        stub.add_response("get_products", {"FormatVersion": "aws_v1", "PriceList": [product(entry["service_code"], usagetype, unit, tiers)]},
                          expected_params(entry, region="eu-central-1"))
    assert refresh(client, TEMPLATE, "eu-central-1", TODAY)["region"] == "eu-central-1"


def test_the_command_writes_the_table_and_reports_changes(pricing, tmp_path, capsys):
    client, stub = pricing
    stub_all(stub)
    out = tmp_path / "prices.json"
    assert main(["--out", str(out)], client=client, today=TODAY) == 0
    table = PriceTable.load(out)
    assert (table.region, table.as_of) == ("eu-west-1", "2026-12-01")
    assert table.prices["lambda_provisioned_concurrency_gb_second_arm64"].amount == Decimal("0.0000033334")
    assert f"wrote {out}" in capsys.readouterr().out


def test_the_command_exits_non_zero_and_writes_nothing_on_a_failed_refresh(pricing, tmp_path, capsys):
    client, stub = pricing
    stub_all(stub, {**ANSWERS, "kms_key_month": ("eu-west-1-KMS-Keys", "Keys", [("0", "0.0")])})  # only a zero price: nothing usable
    out = tmp_path / "prices.json"
    assert main(["--out", str(out)], client=client, today=TODAY) == 1
    assert not out.exists()
    assert "kms_key_month" in capsys.readouterr().err


def test_an_api_error_is_reported_without_a_traceback(pricing, tmp_path, capsys):
    client, stub = pricing
    stub.add_client_error("get_products", service_error_code="AccessDeniedException", service_message="no pricing:GetProducts")
    assert main(["--out", str(tmp_path / "prices.json")], client=client, today=TODAY) == 2
    assert "AccessDeniedException" in capsys.readouterr().err
