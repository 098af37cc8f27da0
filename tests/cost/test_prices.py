"""The committed price table: what it names, that it covers every priced rule, and how it rejects bad tables."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from landfall.cost.prices import DEFAULT_PATH, PriceTable, PriceTableError
from landfall.cost.rules import FIXED, PRICE_KEYS

RAW = json.loads(DEFAULT_PATH.read_text(), parse_float=Decimal)


def test_the_table_names_its_region_date_currency_and_source():
    assert RAW["region"] == "eu-west-1"
    datetime.date.fromisoformat(RAW["as_of"])
    assert RAW["currency"] == "USD"
    assert "Price List" in RAW["source"]["api"] and "GetProducts" in RAW["source"]["api"]


def test_a_month_is_730_hours():
    assert PriceTable.load().hours_per_month == 730


def test_the_table_has_a_price_for_every_rule_and_nothing_unused():
    table = PriceTable.load()
    table.require(PRICE_KEYS)
    assert set(table.prices) == set(PRICE_KEYS)


@pytest.mark.parametrize("key", sorted(RAW["prices"]))
def test_every_entry_says_how_to_fetch_it_and_whether_it_is_confirmed(key):
    entry = RAW["prices"][key]
    assert entry["service_code"] and entry["filters"], key
    assert all(set(f) == {"type", "field", "value"} and f["type"] in {"TERM_MATCH", "CONTAINS", "EQUALS"} for f in entry["filters"])
    assert isinstance(entry["confirmed"], bool)
    assert len(entry["evidence"]) > 20, f"{key}: say where the value comes from (or why it is unconfirmed)"


def test_regional_entries_filter_on_the_region_placeholder():
    regional = [k for k, e in RAW["prices"].items() if any(f["field"] == "regionCode" for f in e["filters"])]
    assert set(RAW["prices"]) - set(regional) == {"route53_hosted_zone_month"}  # Route 53 is global
    assert all(f["value"] == "{region}" for k in regional for f in RAW["prices"][k]["filters"] if f["field"] == "regionCode")


def test_the_prices_quoted_in_the_brief_are_the_ones_committed():
    p = PriceTable.load().prices
    assert {k: p[k].amount for k in ("nat_gateway_hour", "interface_endpoint_az_hour", "tgw_attachment_hour", "kms_key_month",
                                     "waf_web_acl_month", "waf_rule_month", "public_ipv4_hour")} == {
        "nat_gateway_hour": Decimal("0.048"), "interface_endpoint_az_hour": Decimal("0.011"), "tgw_attachment_hour": Decimal("0.05"),
        "kms_key_month": Decimal(1), "waf_web_acl_month": Decimal(5), "waf_rule_month": Decimal(1), "public_ipv4_hour": Decimal("0.005")}


def test_charges_with_no_fixed_part_are_documented_as_zero():
    zero = RAW["zero_fixed"]
    assert "organization trail" in zero["aws:cloudtrail/trail:Trail"]
    for type_ in ("aws:dynamodb/table:Table", "aws:cognito/userPool:UserPool", "aws:guardduty/detector:Detector",
                  "aws:cfg/recorder:Recorder", "aws:securityhub/account:Account"):
        assert "usage" in zero[type_]
        assert type_ not in FIXED


def test_a_bad_table_reports_every_problem_at_once():
    bad = {"region": "eu-west-1", "as_of": "2026-11-23", "currency": "USD", "hours_per_month": 730, "prices": {
        "a": {"price": -1, "unit": "hour"}, "b": {"price": 1, "unit": "fortnight"}, "c": {"unit": "month"}}}
    with pytest.raises(PriceTableError) as err:
        PriceTable.from_dict(bad)
    message = str(err.value)
    assert "a: price must not be negative" in message and "b: unit must be one of" in message and "c: price must be a number" in message


def test_a_table_without_its_region_is_rejected():
    with pytest.raises(PriceTableError, match="missing top-level key 'region'"):
        PriceTable.from_dict({k: v for k, v in RAW.items() if k != "region"})
