"""`landfall:organization.ci`: how CI reaches every account without long-lived keys.

GitHub Actions gets a token from GitHub's OIDC issuer and exchanges it for the `landfall-ci` role in one
account (the management account by default); the OIDC provider and that role are declared by the
management stack. Every baseline (every account) has a `landfall-deploy` role that trusts only
`landfall-ci`; the stacks' providers assume it once the first run has created it (`assume_role`).
"""

from __future__ import annotations

import re
from typing import Optional

from pydantic import Field

from .base import StrictModel
from .errors import Problem

SECTION = "landfall:organization.ci"
GITHUB_ISSUER = "token.actions.githubusercontent.com"
CI_ROLE_NAME = "landfall-ci"
DEPLOY_ROLE_NAME = "landfall-deploy"  # exempted by the SCPs (scp_parameters.exempt_role_arns)
BOOTSTRAP_ROLE_NAME = "OrganizationAccountAccessRole"
REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
ENVIRONMENT = re.compile(r"^[A-Za-z0-9._-]{1,255}$")


class CiConfig(StrictModel):
    github_repository: str = Field(description="owner/name of the repository whose workflows deploy landfall.")
    account: Optional[str] = Field(
        default=None,
        description="Account (key) holding the GitHub OIDC provider and the landfall-ci role. Default: the "
        "management account (the deploy workflow starts there).",
    )
    environments: list[str] = Field(
        default_factory=lambda: ["management", "network", "dev", "staging", "prod", "baselines", "drift", "preview"],
        description="GitHub environments whose jobs may assume landfall-ci (token subject "
        "repo:<owner/name>:environment:<env>). Default: the deploy workflow's environments. Pull requests "
        "cannot deploy: their subject is not an environment.",
    )
    assume_role: str = Field(
        default=BOOTSTRAP_ROLE_NAME,
        description="Role the generated baseline stacks' providers assume in their account. Default: "
        "OrganizationAccountAccessRole (the first run, which creates landfall-deploy); set landfall-deploy after it.",
    )

    def problems(self, accounts: dict[str, object]) -> list[Problem]:
        found = []
        if not REPOSITORY.match(self.github_repository):
            found.append(Problem(f"{SECTION}.github_repository", "is not a GitHub repository name",
                                 "write owner/name, e.g. example-org/landfall", self.github_repository))
        if self.account is not None and self.account not in accounts:
            found.append(Problem(f"{SECTION}.account", "is not an account of the organization",
                                 f"use one of {', '.join(sorted(accounts))}", self.account))
        if not self.environments:
            found.append(Problem(f"{SECTION}.environments", "is empty, so no workflow could deploy",
                                 "list the deploy workflow's environments", self.environments))
        for i, env in enumerate(self.environments):
            if not ENVIRONMENT.match(env) or env == "*":
                found.append(Problem(f"{SECTION}.environments[{i}]", "is not a GitHub environment name (no wildcards)",
                                     "use the environment's exact name", env))
        if self.assume_role not in (BOOTSTRAP_ROLE_NAME, DEPLOY_ROLE_NAME):
            found.append(Problem(f"{SECTION}.assume_role", f"must be {BOOTSTRAP_ROLE_NAME} (first run) or "
                                 f"{DEPLOY_ROLE_NAME}", f"use {DEPLOY_ROLE_NAME} once the baselines exist", self.assume_role))
        return found

    def subjects(self) -> list[str]:
        return [f"repo:{self.github_repository}:environment:{env}" for env in self.environments]


def ci_role_arn(partition: str, account_id: str) -> str:
    return f"arn:{partition}:iam::{account_id}:role/{CI_ROLE_NAME}"
