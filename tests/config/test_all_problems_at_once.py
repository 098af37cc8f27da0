"""A wrong value in one key (an enum typo) does not hide the file's other problems: all are reported at once."""

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse, read_stack_file
from landfall.offline.synth import ROOT


def dev_values():
    values = read_stack_file("dev", ROOT)
    return values, values["landfall:network"]["vpcs"]["main"]


def problems_of(values):
    with pytest.raises(ConfigError) as err:
        parse("dev", values, ROOT)
    return {p.path for p in err.value.problems}


def test_an_enum_typo_is_reported_together_with_the_files_semantic_problems():
    values, vpc = dev_values()
    vpc["nat"] = "singel"
    values["landfall:stack"]["region"] = "eu-nowhere-1"
    values["landfall:accounts"]["dev"]["id"] = "12"
    paths = problems_of(values)
    assert {"landfall:network.vpcs.main.nat", "landfall:stack.region", "landfall:accounts.dev.id"} <= paths


def test_semantic_checks_never_speak_about_the_default_that_replaced_a_wrong_value():
    values, vpc = dev_values()
    vpc["nat"] = "singel"
    paths = problems_of(values)
    assert paths == {"landfall:network.vpcs.main.nat"}


def test_a_wrong_required_value_still_reports_its_own_problem_and_the_other_sections_type_problems():
    values, vpc = dev_values()
    vpc["cidr"] = ["not", "a", "cidr"]
    values["landfall:stack"]["production"] = "sometimes"
    paths = problems_of(values)
    assert "landfall:network.vpcs.main.cidr" in paths and "landfall:stack.production" in paths
