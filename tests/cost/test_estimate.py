"""The idle-cost estimator: golden totals worked out by hand, formulas, usage-based listing, properties."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landfall.cost import PriceTableError, estimate, render
from landfall.cost.prices import PriceTable
from landfall.cost.rules import FIXED, USAGE_BASED

from .inventory import PRICES, SUBNETS_3AZ, dev_like, interface_endpoint, prod_like, rec

NAT_MONTH = Decimal("35.04")        # 730 h × $0.048
IPV4_MONTH = Decimal("3.65")        # 730 h × $0.005
ENDPOINT_MONTH = Decimal("24.09")   # 3 AZs × 730 h × $0.011
TGW_MONTH = Decimal("36.50")        # 730 h × $0.05
PC_MONTH = Decimal("8.7601752")     # 2 × 0.5 GB × 730 h × 3600 s × $0.0000033334


def row(report, name):
    return next(r for r in report.by_resource if r.name == name)


class TestGoldenInventories:
    def test_dev_like_stack_pays_for_one_nat_gateway_and_its_public_ip(self):
        report = estimate(dev_like(), PRICES)
        assert report.monthly_fixed_total == Decimal("38.69")  # 35.04 + 3.65
        assert [(r.type, r.monthly) for r in report.by_resource] == [
            ("aws:ec2/natGateway:NatGateway", NAT_MONTH), ("aws:ec2/eip:Eip", IPV4_MONTH)]
        assert report.to_json()["monthly_fixed_total"] == 38.69

    def test_prod_like_stack_total_is_the_hand_computed_sum(self):
        report = estimate(prod_like(), PRICES)
        # 3 NAT 105.12 + 3 EIP 10.95 + 10 endpoints × 3 AZs 240.90 + 1 TGW attachment 36.50
        # + 4 keys 4.00 + WAF (5 + 3 rules) 8.00 + provisioned concurrency 8.7601752
        assert report.monthly_fixed_total == Decimal("414.2301752")
        assert report.to_json()["monthly_fixed_total"] == 414.23
        by_type = {}
        for r in report.by_resource:
            by_type[r.type] = by_type.get(r.type, Decimal(0)) + r.monthly
        assert by_type == {
            "aws:ec2/natGateway:NatGateway": Decimal("105.12"),
            "aws:ec2/eip:Eip": Decimal("10.95"),
            "aws:ec2/vpcEndpoint:VpcEndpoint": Decimal("240.90"),
            "aws:ec2transitgateway/vpcAttachment:VpcAttachment": TGW_MONTH,
            "aws:kms/key:Key": Decimal(4),
            "aws:wafv2/webAcl:WebAcl": Decimal(8),
            "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": PC_MONTH,
        }

    def test_each_fixed_line_states_its_formula_in_words(self):
        report = estimate(prod_like(), PRICES)
        assert row(report, "main-nat-euw1-az1").formula == "1 NAT gateway × 730 h × $0.048"
        assert row(report, "main-endpoints-kms").formula == "1 interface endpoint × 3 AZs × 730 h × $0.011"
        assert row(report, "main-tgw").formula == "1 TGW VPC attachment × 730 h × $0.05"
        assert row(report, "keys-prod-0").formula == "1 KMS key × $1/month"
        assert row(report, "orders-api").formula == "1 web ACL × $5/month + 3 rules × $1/month"
        assert row(report, "create-order-live").formula == (
            "2 environments × 0.5 GB (512 MB, arm64) × 730 h × 3600 s × $0.0000033334")

    def test_rows_are_dearest_first_then_by_urn(self):
        rows = estimate(prod_like(), PRICES).by_resource
        assert [r.monthly for r in rows] == sorted((r.monthly for r in rows), reverse=True)
        ties = [r.urn for r in rows if r.monthly == NAT_MONTH]
        assert ties == sorted(ties) and len(ties) == 3


class TestWhatCostsNothing:
    def test_gateway_endpoints_have_no_fixed_cost_and_no_usage_line(self):
        report = estimate([r for r in dev_like() if r["type"] == "aws:ec2/vpcEndpoint:VpcEndpoint"], PRICES)
        assert report.by_resource == [] and report.usage_based == []

    def test_unknown_types_cost_nothing_and_are_not_listed(self):
        records = [rec("aws:ec2/subnet:Subnet", "s"), rec("aws:made/up:Thing", "x", {"subnetIds": SUBNETS_3AZ}),
                   rec("pulumi:providers:aws", "p"), rec("landfall:network:Endpoints", "e", custom=False)]
        report = estimate(records, PRICES)
        assert (report.monthly_fixed_total, report.by_resource, report.usage_based) == (0, [], [])

    def test_an_interface_endpoint_without_subnets_is_not_a_fixed_line(self):
        assert estimate([interface_endpoint("sts", [])], PRICES).by_resource == []

    def test_organization_trail_is_free_but_listed_as_usage(self):
        report = estimate([rec("aws:cloudtrail/trail:Trail", "org", {"isOrganizationTrail": True})], PRICES)
        assert report.by_resource == []
        assert [u.type for u in report.usage_based] == ["aws:cloudtrail/trail:Trail"]


class TestUsageBased:
    def test_usage_charges_are_listed_by_type_with_counts_never_priced(self):
        usage = {u.type: (u.charge, u.resources) for u in estimate(prod_like(), PRICES).usage_based}
        assert usage["aws:ec2/natGateway:NatGateway"] == ("NAT gateway data processing $/GB", 3)
        assert usage["aws:ec2/vpcEndpoint:VpcEndpoint"] == ("interface endpoint data processing per GB", 10)  # gateway ones excluded
        assert usage["aws:ec2transitgateway/vpcAttachment:VpcAttachment"] == ("TGW data processing per GB", 1)
        assert usage["aws:ec2/flowLog:FlowLog"] == ("flow-log ingestion into CloudWatch Logs", 1)
        assert usage["aws:cloudwatch/logGroup:LogGroup"] == ("CloudWatch Logs ingestion/storage", 1)
        assert usage["aws:lambda/function:Function"] == ("Lambda requests and duration", 1)
        assert usage["aws:dynamodb/table:Table"][0] == "DynamoDB on-demand requests and storage (and PITR storage)"
        assert "aws:ec2/eip:Eip" not in usage and "aws:ec2/subnet:Subnet" not in usage

    @pytest.mark.parametrize("type_, charge", [
        ("aws:cognito/userPool:UserPool", "Cognito MAU / threat protection per MAU"),
        ("aws:apigateway/restApi:RestApi", "API Gateway requests"),
        ("aws:sqs/queue:Queue", "SQS requests"),
        ("aws:sfn/stateMachine:StateMachine", "Step Functions state transitions"),
        ("aws:s3/bucketV2:BucketV2", "S3 storage/requests"),
    ])
    def test_serverless_resources_list_their_usage_charge(self, type_, charge):
        report = estimate([rec(type_, "r")], PRICES)
        assert report.by_resource == []
        assert [(u.charge, u.resources) for u in report.usage_based] == [(charge, 1)]


class TestProvisionedConcurrency:
    @pytest.mark.parametrize("function_name", ["orders-create", "fn-mock-id", "create", "arn:aws:lambda:eu-west-1:777777777777:function:orders-create:live"])
    def test_finds_its_function_by_name_input_mock_id_logical_name_or_arn(self, function_name):
        records = [rec("aws:lambda/function:Function", "create", {"name": "orders-create", "memorySize": 1024, "architectures": ["arm64"]}, id_="fn-mock-id"),
                   rec("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc",
                       {"functionName": function_name, "provisionedConcurrentExecutions": 1})]
        assert estimate(records, PRICES).monthly_fixed_total == Decimal("8.7601752")  # 1 × 1 GB

    def test_without_a_matching_function_memory_defaults_to_128_mb(self):
        records = [rec("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc",
                       {"functionName": "elsewhere", "provisionedConcurrentExecutions": 8})]
        report = estimate(records, PRICES)
        assert report.monthly_fixed_total == Decimal("8.7601752")  # 8 × 0.125 GB
        assert "(128 MB, arm64)" in report.by_resource[0].formula

    def test_an_x86_function_is_priced_at_the_x86_rate(self):
        records = [rec("aws:lambda/function:Function", "f", {"memorySize": 1024}),  # no architectures: AWS default x86_64
                   rec("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc",
                       {"functionName": "f-id", "provisionedConcurrentExecutions": 1})]
        assert estimate(records, PRICES).monthly_fixed_total == Decimal("10.9500876")  # 2,628,000 s × $0.0000041667

    def test_zero_executions_cost_nothing(self):
        records = [rec("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig", "pc", {"functionName": "f", "provisionedConcurrentExecutions": 0})]
        assert estimate(records, PRICES).by_resource == []


class TestOtherFixedTypes:
    @pytest.mark.parametrize("type_, inputs, monthly", [
        ("aws:cloudwatch/metricAlarm:MetricAlarm", {"period": 60}, Decimal("0.10")),
        ("aws:secretsmanager/secret:Secret", {}, Decimal("0.40")),
        ("aws:route53/zone:Zone", {"name": "example.com"}, Decimal("0.50")),
        ("aws:ec2transitgateway/peeringAttachment:PeeringAttachment", {}, TGW_MONTH),
        ("aws:kms/replicaKey:ReplicaKey", {}, Decimal(1)),
        ("aws:wafv2/webAcl:WebAcl", {"ruleJson": '[{"name": "a"}, {"name": "b"}]'}, Decimal(7)),
        ("aws:wafv2/webAcl:WebAcl", {}, Decimal(5)),
    ])
    def test_priced_per_month_or_hour(self, type_, inputs, monthly):
        assert estimate([rec(type_, "r", inputs)], PRICES).monthly_fixed_total == monthly


class TestReportShape:
    def test_to_json_has_the_documented_keys_and_cent_rounding(self):
        out = estimate(prod_like(), PRICES).to_json()
        assert list(out) == ["currency", "region", "as_of", "monthly_fixed_total", "by_resource", "monthly_unconfirmed",
                             "unconfirmed_share", "usage_based"]
        assert (out["currency"], out["region"], out["as_of"]) == ("USD", "eu-west-1", "2026-11-23")
        assert set(out["by_resource"][0]) == {"urn", "type", "name", "monthly_usd", "formula", "unconfirmed_prices"}
        assert set(out["usage_based"][0]) == {"type", "charge", "resources"}
        pc = next(r for r in out["by_resource"] if r["name"] == "create-order-live")
        assert pc["monthly_usd"] == 8.76

    def test_text_render_shows_top_lines_the_total_and_what_is_not_estimated(self):
        lines = render(estimate(prod_like(), PRICES), top=4)
        text = "\n".join(lines)
        assert lines[0].startswith("Idle cost (eu-west-1 list prices as of 2026-11-23, USD/month, 730 h")
        assert "main-tgw" in lines[1] and "36.50" in lines[1]  # dearest first
        assert sum("main-nat-" in line for line in lines[2:5]) == 3
        assert "... 19 more resources" in text
        assert "414.23  total fixed per month" in [line.strip() for line in lines]
        assert lines[-1].startswith("usage-based (not estimated): ") and "NAT gateway data processing $/GB (3)" in lines[-1]

    def test_unconfirmed_prices_are_marked_in_the_text(self):
        lines = render(estimate([interface_endpoint("sts", SUBNETS_3AZ)], PRICES))
        assert "24.09*" in lines[1]

    def test_a_table_missing_a_price_the_rules_use_is_rejected_by_name(self):
        partial = PriceTable(PRICES.region, PRICES.as_of, PRICES.currency, PRICES.hours_per_month,
                             {k: v for k, v in PRICES.prices.items() if k != "waf_rule_month"})
        with pytest.raises(PriceTableError, match="waf_rule_month"):
            estimate([], partial)


# A record of any priced, usage-only or unknown type with inputs that exercise every rule.
FUNCTION_NAMES = ["f1", "f2", "f1-id", "arn:aws:lambda:eu-west-1:1:function:f1:live"]
LAMBDA_TYPES = ["aws:lambda/function:Function", "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"]
ANY_TYPE = sorted(FIXED) + ["aws:lambda/function:Function", "aws:ec2/subnet:Subnet", "aws:made/up:Thing"]


def records_of(types):
    return st.builds(
        lambda type_, name, id_, inputs: rec(type_, name, inputs, id_=id_),
        st.sampled_from(types),
        st.sampled_from(["f1", "f2", "r"]),
        st.sampled_from(["f1-id", "f2-id", "x-id"]),
        st.fixed_dictionaries({}, optional={
            "vpcEndpointType": st.sampled_from(["Interface", "Gateway", "GatewayLoadBalancer"]),
            "subnetIds": st.lists(st.sampled_from(SUBNETS_3AZ), max_size=4),
            "rules": st.lists(st.just({"name": "r"}), max_size=5),
            "functionName": st.sampled_from(FUNCTION_NAMES),
            "provisionedConcurrentExecutions": st.integers(-2, 20),
            "name": st.sampled_from(["f1", "f2"]),
            "memorySize": st.integers(0, 10_240),
            "architectures": st.sampled_from([["arm64"], ["x86_64"], []]),
        }),
    )


record = records_of(ANY_TYPE)
lambda_record = records_of(LAMBDA_TYPES)  # dense in function/concurrency pairs, where matching is subtle


@settings(max_examples=300, deadline=None)
@given(st.lists(record, max_size=12), record, st.integers(0, 12))
def test_adding_any_resource_never_lowers_the_total(base, extra, at):
    before = estimate(base, PRICES).monthly_fixed_total
    after = estimate(base[:at] + [extra] + base[at:], PRICES).monthly_fixed_total
    assert after >= before


@settings(max_examples=300, deadline=None)
@given(st.lists(lambda_record, max_size=8), lambda_record, st.integers(0, 8))
def test_adding_a_function_or_concurrency_config_never_lowers_the_total(base, extra, at):
    before = estimate(base, PRICES).monthly_fixed_total
    after = estimate(base[:at] + [extra] + base[at:], PRICES).monthly_fixed_total
    assert after >= before


@settings(max_examples=100, deadline=None)
@given(st.lists(record, max_size=12))
def test_the_total_is_the_sum_of_the_rows(records):
    report = estimate(records, PRICES)
    assert report.monthly_fixed_total == sum((r.monthly for r in report.by_resource), Decimal(0))
    assert all(r.monthly > 0 for r in report.by_resource)


def test_every_usage_based_type_has_a_charge_in_words():
    assert all(isinstance(charge, str) and charge for charge in USAGE_BASED.values())


def test_the_cost_package_imports_without_pulumi():
    code = ("import sys, landfall.cost, landfall.cost.compare, landfall.cost.refresh; "
            "bad = sorted(m for m in sys.modules if m == 'pulumi' or m.startswith(('pulumi.', 'pulumi_', 'boto3'))); "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


class TestUnconfirmedPricesAndFullListing:
    def test_the_json_carries_each_rows_unconfirmed_prices_and_the_share_of_the_total_resting_on_them(self):
        report = estimate(prod_like(), PRICES)
        data = report.to_json()
        for json_row, r in zip(data["by_resource"], report.by_resource, strict=True):
            assert json_row["unconfirmed_prices"] == [k for k in r.unconfirmed]
            assert all(not PRICES.prices[k].confirmed for k in json_row["unconfirmed_prices"])
        expected = sum((r.monthly for r in report.by_resource if r.unconfirmed), Decimal(0))
        assert data["monthly_unconfirmed"] == float(expected.quantize(Decimal("0.01")))
        assert 0 <= data["unconfirmed_share"] <= 1

    def test_cost_all_lists_every_resource_and_the_default_stops_at_the_dearest(self):
        report = estimate(prod_like(), PRICES)
        assert len(report.by_resource) > 3
        everything = render(report, top=None)
        assert not any("more resources" in line for line in everything)
        assert all(any(r.name in line for line in everything) for r in report.by_resource)
        top = render(report, top=2)
        assert any(f"... {len(report.by_resource) - 2} more resources (--cost all lists them)" in line for line in top)
