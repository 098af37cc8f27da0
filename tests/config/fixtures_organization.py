"""A valid management stack config (the `landfall:*` values of Pulumi.management.yaml), as plain data.

Account ids match the workload stack files (network 444..., dev 555..., staging 666..., prod 777...).
Functions return deep copies, so a test may edit its copy freely.
"""

from __future__ import annotations

import copy

from landfall.config.accounts import AccountConfig
from landfall.config.context import Context
from landfall.config.organization import OrganizationConfig
from landfall.config.stack import StackSettings

STACK = {
    "kind": "management",
    "environment": "management",
    "production": True,
    "region": "eu-west-1",
    "account": "management",
    "tags": {"owner": "platform", "cost-center": "1000"},
}

# The accounts the management stack needs providers for: itself (its own credentials), the log archive
# (trail bucket) and the audit account (delegated security services).
ACCOUNTS = {
    "management": {"id": "111111111111", "role": None},
    "log-archive": {"id": "222222222222"},
    "audit": {"id": "333333333333"},
}

ORGANIZATION = {
    "id": "o-a1b2c3d4e5",  # the adopted accounts below belong to it
    "feature_set": "ALL",
    "ous": {
        "Security": {},
        "Infrastructure": {},
        "Workloads": {"children": {"Prod": {}, "NonProd": {}}},
        "Sandbox": {},
        "Suspended": {},
    },
    "accounts": {
        "log-archive": {"ou": "Security", "id": "222222222222", "email": "aws+log-archive@example.com"},
        "audit": {"ou": "Security", "id": "333333333333", "email": "aws+audit@example.com"},
        "network": {"ou": "Infrastructure", "id": "444444444444", "email": "aws+network@example.com"},
        "dev": {"ou": "Workloads/NonProd", "id": "555555555555", "email": "aws+dev@example.com"},
        "staging": {"ou": "Workloads/NonProd", "id": "666666666666", "email": "aws+staging@example.com"},
        "prod": {"ou": "Workloads/Prod", "id": "777777777777", "email": "aws+prod@example.com"},
        "sandbox": {"ou": "Sandbox", "email": "aws+sandbox@example.com"},  # created by the stack
    },
    # At most 4 per target: FullAWSAccess stays attached and the default quota is 5. Inherited downwards.
    "scps": {
        "root": ["deny-leave-organization", "deny-root-user", "protect-landing-zone-roles", "deny-disable-ebs-encryption"],
        # No protect-security-services here: the audit account administers those services for everyone.
        "Security": ["region-allow-list", "require-imdsv2", "deny-s3-public-access-changes", "deny-default-vpc"],
        "Infrastructure": ["region-allow-list", "protect-security-services", "require-imdsv2", "deny-s3-public-access-changes"],
        "Workloads": ["region-allow-list", "protect-security-services", "require-imdsv2", "deny-s3-public-access-changes"],
        "Workloads/Prod": ["deny-default-vpc"],
        "Workloads/NonProd": ["deny-default-vpc"],
        "Sandbox": ["region-allow-list", "protect-security-services"],
        "Suspended": ["deny-all"],
    },
    "scp_parameters": {
        "allowed_regions": ["eu-west-1", "eu-central-1"],
        "exempt_role_arns": [
            "arn:aws:iam::*:role/OrganizationAccountAccessRole",
            "arn:aws:iam::*:role/landfall-deploy",
            "arn:aws:iam::*:role/landfall-break-glass",
        ],
        "protected_role_arns": [
            "arn:aws:iam::*:role/OrganizationAccountAccessRole",
            "arn:aws:iam::*:role/landfall-*",
        ],
    },
    "quotas": {"scp_max_characters": 5120, "scps_per_target": 5},
    "tag_policy": {"tag_keys": ["owner", "cost-center", "environment"], "targets": ["root"]},
    "delegated_admins": {"guardduty": "audit", "securityhub": "audit", "access-analyzer": "audit", "config": "audit"},
    "trail": {
        "account": "log-archive",
        "name": "landfall-org-trail",
        "retention_days": 365,
        "cloudwatch_logs_retention_days": 90,
        "s3_data_events": False,
    },
}


def stack_values() -> dict:
    """The `landfall:*` keys of the management stack file."""
    return {
        "landfall:stack": copy.deepcopy(STACK),
        "landfall:accounts": copy.deepcopy(ACCOUNTS),
        "landfall:organization": copy.deepcopy(ORGANIZATION),
    }


def organization() -> dict:
    return copy.deepcopy(ORGANIZATION)


def context(stack: dict | None = None, accounts: dict | None = None) -> Context:
    return Context(
        "management",
        StackSettings.model_validate(stack if stack is not None else STACK),
        {k: AccountConfig.model_validate(v) for k, v in (accounts if accounts is not None else ACCOUNTS).items()},
    )


def parsed(org: dict | None = None) -> OrganizationConfig:
    return OrganizationConfig.model_validate(org if org is not None else ORGANIZATION)
