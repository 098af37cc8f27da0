"""StrictModel (landfall/config/base.py): a YAML boolean is never read as a number (pydantic would take
`reserved_concurrency: off` as 0 and `scps_per_target: yes` as 1), and a name or setting never carries the newline a
YAML block scalar ends with; the loader reports both with the key path."""

from __future__ import annotations

import copy
from typing import Optional

import pytest
from pydantic import ValidationError

from landfall.config.base import StrictModel
from landfall.config.errors import ConfigError
from landfall.config.loader import parse
from landfall.offline.synth import ROOT
from tests.conftest import stack_values


class Sample(StrictModel):
    count: int = 1
    ratio: float = 0.5
    limit: Optional[int] = None
    flag: bool = False
    name: str = ""


@pytest.mark.parametrize("key", ["count", "ratio", "limit"])
@pytest.mark.parametrize("value", [True, False])
def test_a_boolean_for_a_number_field_is_rejected(key, value):
    with pytest.raises(ValidationError, match="is a boolean"):
        Sample(**{key: value})


def test_numbers_booleans_and_nulls_still_validate_as_before():
    assert Sample(count=3, ratio=1, limit=None, flag=True).model_dump() == {
        "count": 3, "ratio": 1.0, "limit": None, "flag": True, "name": ""}


def test_the_loader_reports_a_boolean_number_with_its_key_path_and_a_yaml_hint():
    config = copy.deepcopy(stack_values("dev"))
    config["landfall:network"]["vpcs"]["main"]["flow_logs"] = {"retention_days": False}  # `retention_days: off`
    with pytest.raises(ConfigError) as caught:
        parse("dev", {k: v for k, v in config.items() if k.startswith("landfall:")}, ROOT)
    [problem] = caught.value.problems
    assert problem.path == "landfall:network.vpcs.main.flow_logs.retention_days"
    assert problem.message == "is a boolean (false), not a number" and problem.value is False
    assert "yes, no, on, off" in problem.fix


class Names(StrictModel):
    name: str = ""
    names: list[str] = []
    description: str = ""
    labels: dict[str, str] = {}


@pytest.mark.parametrize("kwargs, fragment", [
    ({"name": "main\n"}, "contains a newline"),  # what `name: |` gives
    ({"name": "a\tb"}, "contains a newline, tab"),
    ({"names": ["euw1-az1", "euw1-az2\n"]}, "item 1 contains a newline"),
])
def test_a_name_with_a_newline_or_tab_is_rejected(kwargs, fragment):
    with pytest.raises(ValidationError, match=fragment):
        Names(**kwargs)


def test_descriptions_and_mapping_values_may_be_multi_line():
    assert Names(description="line one\nline two\n", labels={"PEM": "-----BEGIN-----\n...\n"}).description.count("\n") == 2


def test_the_loader_reports_a_trailing_newline_with_its_key_path_and_the_block_scalar_fix():
    config = copy.deepcopy(stack_values("dev"))
    config["landfall:network"]["vpcs"]["main"]["az_ids"][1] += "\n"
    with pytest.raises(ConfigError) as caught:
        parse("dev", {k: v for k, v in config.items() if k.startswith("landfall:")}, ROOT)
    [problem] = caught.value.problems
    assert problem.path == "landfall:network.vpcs.main.az_ids" and problem.message.startswith("item 1 contains a newline")
    assert "|-" in problem.fix
