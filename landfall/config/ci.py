"""`landfall:organization.ci`: how CI reaches every account without long-lived keys.

GitHub Actions gets a token from GitHub's OIDC issuer and exchanges it for the `landfall-ci` role in one
account (the management account by default); the OIDC provider and that role are declared by the
management stack. Every baseline (every account) has a `landfall-deploy` role that trusts only
`landfall-ci`; the stacks' providers assume it once the first run has created it (`assume_role`).

Pull-request previews and drift checks run code nobody has merged yet, so they never get the deploy roles:
their environments (`preview_environments`) may assume `landfall-ci-preview` only, which may assume only the
read-only `landfall-preview` role beside `landfall-deploy` in every account. With LANDFALL_READ_ONLY=1 the
program's providers assume `landfall-preview` instead of the configured roles.
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
CI_PREVIEW_ROLE_NAME = "landfall-ci-preview"
DEPLOY_ROLE_NAME = "landfall-deploy"  # exempted by the SCPs (scp_parameters.exempt_role_arns)
PREVIEW_ROLE_NAME = "landfall-preview"  # read-only; not exempted (it changes nothing), guarded as landfall-*
BREAK_GLASS_ROLE_NAME = "landfall-break-glass"  # exempted by the SCPs; MFA sessions from the management account
READ_ONLY_ENV = "LANDFALL_READ_ONLY"  # set to 1 by the preview and drift jobs
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
        default_factory=lambda: ["management", "network", "dev", "staging", "prod", "baselines"],
        description="GitHub environments whose jobs may assume landfall-ci (token subject "
        "repo:<owner/name>:environment:<env>). Default: the deploy workflow's environments. Pull requests "
        "cannot deploy: their subject is not an environment.",
    )
    preview_environments: list[str] = Field(
        default_factory=lambda: ["preview", "drift"],
        description="GitHub environments whose jobs may assume landfall-ci-preview, which reaches only the "
        "read-only landfall-preview role of each account. Default: the pull-request preview and drift jobs.",
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
        for key in ("environments", "preview_environments"):
            for i, env in enumerate(getattr(self, key)):
                if not ENVIRONMENT.match(env) or env == "*":
                    found.append(Problem(f"{SECTION}.{key}[{i}]", "is not a GitHub environment name (no wildcards)",
                                         "use the environment's exact name", env))
        for i, env in enumerate(self.preview_environments):
            if env in self.environments:
                found.append(Problem(f"{SECTION}.preview_environments[{i}]", "is also a deploy environment: its jobs "
                                     "would get the deploy roles", "list it in one of the two", env))
        if self.assume_role not in (BOOTSTRAP_ROLE_NAME, DEPLOY_ROLE_NAME):
            found.append(Problem(f"{SECTION}.assume_role", f"must be {BOOTSTRAP_ROLE_NAME} (first run) or "
                                 f"{DEPLOY_ROLE_NAME}", f"use {DEPLOY_ROLE_NAME} once the baselines exist", self.assume_role))
        return found

    def subjects(self) -> list[str]:
        return [f"repo:{self.github_repository}:environment:{env}" for env in self.environments]

    def preview_subjects(self) -> list[str]:
        return [f"repo:{self.github_repository}:environment:{env}" for env in self.preview_environments]


def ci_role_arn(partition: str, account_id: str) -> str:
    return f"arn:{partition}:iam::{account_id}:role/{CI_ROLE_NAME}"


def ci_preview_role_arn(ci_role: str) -> str:
    """landfall-ci-preview sits beside landfall-ci, in the same account."""
    return ci_role.rsplit("/", 1)[0] + "/" + CI_PREVIEW_ROLE_NAME
