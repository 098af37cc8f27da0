"""Offline StackReferences: a referenced stack is synthesized from its own stack file and its outputs served."""

from __future__ import annotations

from pathlib import Path

import pytest

from landfall.config.errors import ConfigError
from landfall.offline.synth import ROOT, referenced_outputs, synthesize
from tests.conftest import synthesized

HUB = "organization/landfall/network"


def test_a_spoke_reads_the_hub_stacks_outputs_under_the_full_reference_name():
    dev = synthesized("dev")
    assert dev.config.stack_references() == [HUB]
    outputs = referenced_outputs(dev.config, ROOT, ("dev",))
    assert outputs[HUB] == synthesized("network").outputs


def test_explicit_stack_references_override_the_synthesized_ones():
    outputs = dict(synthesized("network").outputs)
    outputs["transit_gateway_id"] = "tgw-0000000000000000f"
    dev = synthesize("dev", ROOT, {HUB: outputs})
    [attachment] = dev.of_type("aws:ec2transitgateway/vpcAttachment:VpcAttachment")
    assert attachment.inputs["transitGatewayId"] == "tgw-0000000000000000f"


def test_a_stack_that_references_nothing_is_synthesized_without_references():
    assert synthesized("network").config.stack_references() == []


def test_a_cycle_of_stack_references_is_a_config_error():
    class Stub:
        def stack_references(self):
            return ["organization/landfall/dev"]

    with pytest.raises(ConfigError) as caught:
        referenced_outputs(Stub(), Path(ROOT), ("dev",))
    assert "stack references form a cycle: dev -> dev" in caught.value.render()
