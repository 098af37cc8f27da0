"""One explicit AWS provider per account: every resource names the account it belongs to.

The default provider is never used. A provider assumes the account's role (by default
OrganizationAccountAccessRole), refuses to act on any other account (allowed_account_ids), and stamps
the stack's tags on everything it creates (default_tags).
"""

from __future__ import annotations

from typing import Optional

import pulumi
import pulumi_aws as aws

from landfall.config import tags
from landfall.config.model import StackConfig


def standard_tags(config: StackConfig) -> dict[str, str]:
    return tags.standard_tags(config.stack.tags, config.stack.environment, config.name)


class AccountProviders:
    """Creates each account's provider on first use, with a logical name from the account's key."""

    def __init__(self, config: StackConfig) -> None:
        self._config = config
        self._providers: dict[str, aws.Provider] = {}

    def account_id(self, name: Optional[str] = None) -> str:
        return self._config.account(name).id

    def region(self, name: Optional[str] = None) -> str:
        return self._config.account(name).region or self._config.stack.region

    def get(self, name: Optional[str] = None) -> aws.Provider:
        name = name or self._config.stack.account
        if name not in self._providers:
            account = self._config.account(name)
            stack = self._config.stack
            assume_roles = None
            if account.role is not None:
                assume_roles = [
                    aws.ProviderAssumeRoleArgs(
                        role_arn=f"arn:{stack.partition}:iam::{account.id}:role/{account.role}",
                        session_name=f"landfall-{self._config.name}",
                    )
                ]
            self._providers[name] = aws.Provider(
                f"aws-{name}",
                region=account.region or stack.region,
                allowed_account_ids=[account.id],
                assume_roles=assume_roles,
                default_tags=aws.ProviderDefaultTagsArgs(tags=standard_tags(self._config)),
            )
        return self._providers[name]

    def opts(self, name: Optional[str] = None, **kwargs) -> pulumi.ResourceOptions:
        """Options for a component that lives in one account: its children inherit the provider."""
        return pulumi.ResourceOptions(providers={"aws": self.get(name)}, **kwargs)
