"""`landfall:stack`: what kind of stack this is and where it runs."""

from __future__ import annotations

import re
from enum import Enum

from pydantic import Field

from landfall.plan.regions import PARTITIONS, region_problem

from .base import StrictModel
from .errors import Problem
from .tags import tag_problems

SECTION = "landfall:stack"

# Commercial, GovCloud and China region names; AZ ids are checked against this prefix map later.
REGION_PATTERN = re.compile(r"^(us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-[a-z]+-\d$")


class StackKind(str, Enum):
    """Which part of the landing zone a stack builds."""

    MANAGEMENT = "management"  # organization, OUs, accounts, SCPs, org trail
    NETWORK = "network"  # transit gateway hub, central egress
    WORKLOAD = "workload"  # VPCs, app tier, identity for one environment
    BASELINE = "baseline"  # one account's baseline in every governed region (stacks baseline-<account key>)


class StackSettings(StrictModel):
    kind: StackKind
    environment: str = Field(description="Environment name used in tags and resource names, e.g. dev.")
    production: bool = Field(
        default=False,
        description="Production stacks protect stateful resources and turn on deletion protection. "
        "Default: false (explicit opt-in, so a copy-pasted dev file never claims to be prod).",
    )
    region: str = Field(description="Home region of the stack, e.g. eu-west-1.")
    partition: str = Field(default="aws", description="AWS partition. Default: aws.")
    account: str = Field(
        description="Name (a key of landfall:accounts) of the account most resources of this stack live in."
    )
    tags: dict[str, str] = Field(
        default_factory=dict,
        description="Tags applied to every resource through the account providers' default tags.",
    )
    policy_waivers: dict[str, str] = Field(
        default_factory=dict,
        description="Advisory policy rules this stack waives, each with its reason (printed as waived by the "
        "preview). Mandatory rules cannot be waived. Default: none.",
    )

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        bad_region = region_problem(self.region, self.partition) if self.partition in PARTITIONS else None
        if bad_region is not None:
            found.append(Problem(f"{SECTION}.region", *bad_region, self.region))
        if self.partition not in PARTITIONS:
            found.append(
                Problem(f"{SECTION}.partition", "is not an AWS partition", "use aws, aws-us-gov or aws-cn", self.partition)
            )
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,15}", self.environment):
            found.append(
                Problem(
                    f"{SECTION}.environment",
                    "must be 1-16 lowercase letters, digits or hyphens, starting with a letter",
                    "use a short name such as dev, staging or prod",
                    self.environment,
                )
            )
        found += tag_problems(self.tags, f"{SECTION}.tags")
        from .waivers import waiver_problems

        found += waiver_problems(self.policy_waivers)
        return found
