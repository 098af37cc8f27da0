"""`landfall:baseline` (landfall/config/baseline.py): the adopted GuardDuty detectors of other regions are checked
like the home region's (issue 11), instead of being ignored or failing the import."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import parse
from landfall.offline.synth import ROOT
from tests.conftest import stack_values

P = "landfall:baseline.guardduty.existing_detector_ids"
HOME_ID = "0" * 32


def problems_with(guardduty: dict) -> list:
    config = copy.deepcopy(stack_values("dev"))
    config.setdefault("landfall:baseline", {})["guardduty"] = guardduty
    try:
        parse("dev", {k: v for k, v in config.items() if k.startswith("landfall:")}, ROOT)
    except ConfigError as err:
        return [p for p in err.problems if p.path.startswith(P)]
    return []


def test_adopted_detectors_in_other_regions_pass():
    assert problems_with({"detector": "adopt", "existing_detector_id": HOME_ID,
                          "existing_detector_ids": {"eu-central-1": "a" * 32}}) == []


def test_regional_detector_ids_without_adopt_are_reported_rather_than_ignored():
    [problem] = problems_with({"detector": "create", "existing_detector_ids": {"eu-central-1": "a" * 32}})
    assert problem.path == P and "only used with detector: adopt" in problem.message


@pytest.mark.parametrize("ids, fragment", [
    ({"eu-centrall-1": "a" * 32}, "is not an AWS region"),
    ({"eu-central-1": "A" * 32}, "32 hex characters"),
    ({"eu-central-1": "a" * 31}, "32 hex characters"),
])
def test_a_bad_region_or_detector_id_is_named_by_its_region(ids, fragment):
    [region] = ids
    [problem] = problems_with({"detector": "adopt", "existing_detector_id": HOME_ID, "existing_detector_ids": ids})
    assert problem.path == f"{P}.{region}" and fragment in problem.message
