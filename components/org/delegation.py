"""Delegated administration of the organization's security services.

Services with their own "enable organization admin account" API (GuardDuty, Security Hub, Macie,
Inspector, Detective) are delegated through it: that call registers the delegated administrator itself,
and registering it a second time through Organizations would fail. The rest go through
`organizations.DelegatedAdministrator`. All of these are management-account calls.

In the administrator (audit) account, through its provider: GuardDuty and Security Hub are turned on for
the whole organization, so every member account, including ones created later, is enrolled automatically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.organization import DELEGATED_ADMIN_SERVICES

# Service -> its own admin-account resource, (logical name, admin account id, options) -> resource.
SERVICE_ADMIN_APIS: dict[str, Callable[[str, pulumi.Input[str], pulumi.ResourceOptions], pulumi.CustomResource]] = {
    "guardduty": lambda n, a, o: aws.guardduty.OrganizationAdminAccount(n, admin_account_id=a, opts=o),
    "securityhub": lambda n, a, o: aws.securityhub.OrganizationAdminAccount(n, admin_account_id=a, opts=o),
    "macie": lambda n, a, o: aws.macie2.OrganizationAdminAccount(n, admin_account_id=a, opts=o),
    "inspector2": lambda n, a, o: aws.inspector2.DelegatedAdminAccount(n, account_id=a, opts=o),
    "detective": lambda n, a, o: aws.detective.OrganizationAdminAccount(n, account_id=a, opts=o),
}


@dataclass(frozen=True)
class AdministratorAccount:
    """The delegated administrator of some services, and how to reach it."""

    key: str
    account_id: pulumi.Input[str]
    opts: pulumi.ResourceOptions  # the account's provider
    guardduty_detector_id: Optional[pulumi.Input[str]] = None  # its own detector, if the baseline made one


@dataclass(frozen=True)
class SecurityDelegationArgs:
    services: dict[str, str]  # service -> administrator account key
    administrators: dict[str, AdministratorAccount]  # account key -> how to reach it
    depends_on: list[pulumi.Resource]  # the organization (trusted access must be on first)
    environment: str = "management"
    protect: bool = True
    partition: str = "aws"


class SecurityDelegation(pulumi.ComponentResource):
    """`landfall:organization:SecurityDelegation`: children named `delegate-<service>` and `<service>-org-<account>`."""

    def __init__(self, name: str, args: SecurityDelegationArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:organization:SecurityDelegation", name, None, opts)
        management = pulumi.ResourceOptions(parent=self, depends_on=args.depends_on)
        self.delegations: dict[str, pulumi.CustomResource] = {}
        for service, account_key in args.services.items():
            admin = args.administrators[account_key]
            logical = f"delegate-{service}"
            make = SERVICE_ADMIN_APIS.get(service)
            self.delegations[service] = (
                make(logical, admin.account_id, management) if make is not None
                else aws.organizations.DelegatedAdministrator(
                    logical, account_id=admin.account_id, service_principal=DELEGATED_ADMIN_SERVICES[service],
                    opts=management,
                )
            )

        outputs: dict[str, pulumi.Input] = {"delegated": {s: a for s, a in args.services.items()}}
        guardduty_admin = args.services.get("guardduty")
        if guardduty_admin is not None:
            admin = args.administrators[guardduty_admin]
            in_admin = pulumi.ResourceOptions.merge(admin.opts, pulumi.ResourceOptions(
                parent=self, depends_on=[self.delegations["guardduty"]]))
            detector_id = admin.guardduty_detector_id
            if detector_id is None:
                detector_id = aws.guardduty.Detector(
                    f"guardduty-{guardduty_admin}", enable=True, finding_publishing_frequency="FIFTEEN_MINUTES",
                    opts=pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(protect=args.protect)),
                ).id
            # ALL: existing members too, not only accounts that join later.
            aws.guardduty.OrganizationConfiguration(
                f"guardduty-org-{guardduty_admin}", auto_enable_organization_members="ALL", detector_id=detector_id,
                opts=in_admin,
            )
            outputs["guardduty_detector_id"] = detector_id
        securityhub_admin = args.services.get("securityhub")
        if securityhub_admin is not None:
            admin = args.administrators[securityhub_admin]
            in_admin = pulumi.ResourceOptions.merge(admin.opts, pulumi.ResourceOptions(
                parent=self, depends_on=[self.delegations["securityhub"]]))
            hub = aws.securityhub.Account(
                f"securityhub-{securityhub_admin}", enable_default_standards=True, auto_enable_controls=True,
                control_finding_generator="SECURITY_CONTROL", opts=in_admin,
            )
            aws.securityhub.OrganizationConfiguration(
                f"securityhub-org-{securityhub_admin}", auto_enable=True, auto_enable_standards="DEFAULT",
                opts=pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(depends_on=[hub])),
            )
        analyzer_admin = args.services.get("access-analyzer")
        if analyzer_admin is not None:
            admin = args.administrators[analyzer_admin]
            # CIS 1.20: one analyzer with the organization as its zone of trust, in the administrator.
            analyzer = aws.accessanalyzer.Analyzer(
                f"access-analyzer-org-{analyzer_admin}", analyzer_name=f"landfall-{args.environment}-organization",
                type="ORGANIZATION",
                opts=pulumi.ResourceOptions.merge(admin.opts, pulumi.ResourceOptions(
                    parent=self, depends_on=[self.delegations["access-analyzer"]])),
            )
            outputs["organization_analyzer_arn"] = analyzer.arn
        config_admin = args.services.get("config")
        if config_admin is not None:
            outputs["config_aggregator_arn"] = self._config_aggregator(config_admin, args)
        self.register_outputs(outputs)

    def _config_aggregator(self, admin_key: str, args: SecurityDelegationArgs) -> pulumi.Output[str]:
        """One view of every account's AWS Config data, in the Config administrator (CIS 3.3's evidence)."""
        admin = args.administrators[admin_key]
        in_admin = pulumi.ResourceOptions.merge(admin.opts, pulumi.ResourceOptions(parent=self))
        role = aws.iam.Role(
            f"config-aggregator-{admin_key}",
            name=f"landfall-{args.environment}-config-aggregator",
            assume_role_policy=json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"}, "Action": "sts:AssumeRole",
            }]}),
            opts=in_admin,
        )
        attachment = aws.iam.RolePolicyAttachment(
            f"config-aggregator-{admin_key}", role=role.name,
            policy_arn=f"arn:{args.partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations",
            opts=in_admin,
        )
        aggregator = aws.cfg.ConfigurationAggregator(
            f"config-aggregator-{admin_key}",
            name=f"landfall-{args.environment}-organization",
            organization_aggregation_source=aws.cfg.ConfigurationAggregatorOrganizationAggregationSourceArgs(
                all_regions=True, role_arn=role.arn,
            ),
            opts=pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(
                depends_on=[attachment, self.delegations["config"]])),
        )
        return aggregator.arn
