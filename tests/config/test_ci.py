"""landfall:organization.ci: bad CI settings are rejected with their key path before anything is registered."""

from __future__ import annotations

import copy

import pytest

from landfall.config.errors import ConfigError
from landfall.config.loader import load_stack_file
from tests.conftest import stack_values


@pytest.mark.parametrize(
    "ci, path",
    [
        ({"github_repository": "not a repo"}, "landfall:organization.ci.github_repository"),
        ({"github_repository": "o/r", "account": "nosuch"}, "landfall:organization.ci.account"),
        ({"github_repository": "o/r", "account": "sandbox"}, "landfall:organization.ci.account"),  # pending
        ({"github_repository": "o/r", "account": "network"}, "landfall:organization.ci.account"),  # no provider here
        ({"github_repository": "o/r", "environments": []}, "landfall:organization.ci.environments"),
        ({"github_repository": "o/r", "environments": ["prod", "*"]}, "landfall:organization.ci.environments[1]"),
        ({"github_repository": "o/r", "assume_role": "Admin"}, "landfall:organization.ci.assume_role"),
        ({"github_repository": "o/r", "preview_environments": ["prod"]}, "landfall:organization.ci.preview_environments[0]"),
        ({"github_repository": "o/r", "preview_environments": ["pr-*"]}, "landfall:organization.ci.preview_environments[0]"),
    ],
)
def test_bad_ci_settings_name_their_key_path(project_copy, ci, path):
    management = copy.deepcopy(stack_values("management"))
    management["landfall:organization"]["ci"] = ci
    with pytest.raises(ConfigError) as caught:
        load_stack_file("management", project_copy({"management": management}))
    assert path in caught.value.paths, caught.value.render()


def test_generated_baseline_stacks_assume_the_role_ci_names(project_copy):
    management = copy.deepcopy(stack_values("management"))
    management["landfall:organization"]["ci"]["assume_role"] = "landfall-deploy"
    config = load_stack_file("baseline-sandbox", project_copy({"management": management}))
    assert config.account().role == "landfall-deploy"
