"""The recording engine catches what the stock mocks let through."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pytest

from landfall.offline.recorder import DuplicateUrnError, UnmockedInvokeError
from tests.conftest import record, unit_provider


def test_a_duplicate_urn_fails_the_synthesis():
    def program():
        opts = unit_provider()
        aws.sqs.Queue("same", opts=opts)
        aws.sqs.Queue("same", opts=opts)

    with pytest.raises(Exception) as caught:
        record(program)
    assert "duplicate URN urn:pulumi:unit::landfall::aws:sqs/queue:Queue::same" in str(caught.value) or isinstance(caught.value, DuplicateUrnError)


def test_an_unmocked_invoke_fails_loudly():
    def program():
        aws.get_caller_identity_output(opts=pulumi.InvokeOptions(provider=aws.Provider("p", region="eu-west-1"))).account_id.apply(lambda a: a)

    with pytest.raises(Exception) as caught:
        record(program)
    assert "is not mocked" in str(caught.value) or isinstance(caught.value, UnmockedInvokeError)


def test_ids_and_arns_are_deterministic_and_shaped_like_aws():
    def program():
        opts = unit_provider("210987654321")
        aws.ec2.Vpc("v", cidr_block="10.0.0.0/16", opts=opts)
        aws.sqs.Queue("q", name="orders", opts=opts)

    first, second = record(program), record(program)
    vpc = first.named("v", "aws:ec2/vpc:Vpc")
    assert vpc.id.startswith("vpc-") and vpc.id == second.named("v", "aws:ec2/vpc:Vpc").id
    queue = first.named("q", "aws:sqs/queue:Queue")
    assert queue.id == second.named("q", "aws:sqs/queue:Queue").id


def test_arns_name_the_account_of_the_resources_provider():
    def program():
        queue = aws.sqs.Queue("q", name="orders", opts=unit_provider("210987654321"))
        pulumi.export("arn", queue.arn)

    assert record(program).outputs["arn"] == "arn:aws:sqs:eu-west-1:210987654321:orders"


def test_urns_follow_the_real_engine_shape():
    def program():
        aws.sqs.Queue("q", opts=unit_provider())

    inv = record(program)
    assert inv.named("q").urn == "urn:pulumi:unit::landfall::aws:sqs/queue:Queue::q"
