"""The committed JSON Schema matches the models, and every stack file validates against it."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from landfall.config.schema import SCHEMA_PATH, stack_file_schema
from landfall.offline.synth import ROOT, stack_names


def test_the_committed_schema_is_generated_from_the_current_models():
    committed = json.loads(SCHEMA_PATH.read_text())
    assert committed == stack_file_schema(), "run `make schema` and commit schema/landfall.schema.json"


@pytest.mark.parametrize("stack", stack_names())
def test_every_stack_file_validates_against_the_schema(stack):
    jsonschema.validate(yaml.safe_load((ROOT / f"Pulumi.{stack}.yaml").read_text()), stack_file_schema())


def test_the_schema_rejects_an_unknown_landfall_section_and_allows_other_namespaces():
    doc = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    doc["config"]["aws:profile"] = "dev"
    jsonschema.validate(doc, stack_file_schema())
    doc["config"]["landfall:netwrok"] = {}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, stack_file_schema())


def test_the_schema_rejects_an_unknown_key_inside_a_vpc():
    doc = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    doc["config"]["landfall:network"]["vpcs"]["main"]["enable_nat"] = True
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, stack_file_schema())
