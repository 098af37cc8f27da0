"""Stack references follow the organization the program runs in (Pulumi Cloud org or a self-managed backend)."""

import pytest

from landfall.config.loader import load_stack_file
from landfall.config.references import full_reference, organization_problem
from landfall.offline.synth import ROOT


@pytest.mark.parametrize(
    ("written", "organization", "full"),
    [
        ("network", "acme", "acme/landfall/network"),
        ("network", None, "organization/landfall/network"),  # the offline engine / a self-managed backend
        ("landfall/network", "acme", "acme/landfall/network"),
        ("acme/landfall/network", "acme", "acme/landfall/network"),
    ],
)
def test_a_stack_name_is_completed_with_the_running_organization_and_project(written, organization, full):
    assert full_reference(written, organization) == full


def test_a_full_reference_into_another_organization_is_a_problem_naming_the_fix():
    problem = organization_problem("landfall:transit.hub_stack", "organization/landfall/network", "acme")
    assert problem is not None
    assert problem.path == "landfall:transit.hub_stack"
    assert "'acme'" in problem.message and "network" in problem.fix


def test_a_bare_name_or_the_same_organization_is_no_problem():
    assert organization_problem("p", "network", "acme") is None
    assert organization_problem("p", "acme/landfall/network", "acme") is None


def test_the_workload_stack_files_name_the_hub_by_stack_name_alone():
    # The workflows run with ${{ vars.PULUMI_ORG }}: a literal organization in the files would break them.
    for stack in ("dev", "staging", "prod"):
        config = load_stack_file(stack, ROOT)
        assert config.transit.hub_stack == "network", stack
        assert config.stack_references("acme") == ["acme/landfall/network"]
        assert config.reference_problems("acme") == []


def test_a_hub_stack_in_another_project_is_rejected():
    from landfall.config.errors import ConfigError
    from landfall.config.loader import parse, read_stack_file

    values = read_stack_file("dev", ROOT)
    values["landfall:transit"]["hub_stack"] = "other/network"
    with pytest.raises(ConfigError) as err:
        parse("dev", values, ROOT)
    assert any(p.path == "landfall:transit.hub_stack" and "other" in p.message for p in err.value.problems)
