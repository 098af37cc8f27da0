"""Delegated administration of the organization's security services.

Services with their own "enable organization admin account" API (GuardDuty, Security Hub, Macie,
Inspector, Detective) are delegated through it: that call registers the delegated administrator itself,
and registering it a second time through Organizations would fail. The rest go through
`organizations.DelegatedAdministrator`. All of these are management-account calls.

In the administrator (audit) account, through its provider: GuardDuty and Security Hub are turned on for
the whole organization, so every member account, including ones created later, is enrolled automatically.

Regions: GuardDuty (like Macie, Inspector and Detective) designates its administrator "in the current
Region", so the designation, the administrator's detector and the organization configuration are declared
in every governed region. Security Hub uses central configuration instead: findings of the other governed
regions are aggregated into the home region, and one configuration policy associated with the root enables
Security Hub and its standards in every account (existing ones too, which auto-enable would miss) and every
linked region. IAM Access Analyzer analyzers are regional: one organization analyzer per region.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.organization import DELEGATED_ADMIN_SERVICES
from landfall.plan.regions import GovernedRegions

# Service -> its own admin-account resource, (logical name, admin account id, options) -> resource.
SERVICE_ADMIN_APIS: dict[str, Callable[[str, str, pulumi.Input[str], pulumi.ResourceOptions], pulumi.CustomResource]] = {
    "guardduty": lambda n, r, a, o: aws.guardduty.OrganizationAdminAccount(n, region=r, admin_account_id=a, opts=o),
    "securityhub": lambda n, r, a, o: aws.securityhub.OrganizationAdminAccount(n, region=r, admin_account_id=a, opts=o),
    "macie": lambda n, r, a, o: aws.macie2.OrganizationAdminAccount(n, region=r, admin_account_id=a, opts=o),
    "inspector2": lambda n, r, a, o: aws.inspector2.DelegatedAdminAccount(n, region=r, account_id=a, opts=o),
    "detective": lambda n, r, a, o: aws.detective.OrganizationAdminAccount(n, region=r, account_id=a, opts=o),
}
# Designated once, in the home region: Security Hub's central configuration carries it to the linked regions.
HOME_REGION_ONLY = frozenset({"securityhub"})
SECURITY_HUB_STANDARDS = (  # enabled in every account and linked region by the configuration policy
    "standards/aws-foundational-security-best-practices/v/1.0.0",
    "standards/cis-aws-foundations-benchmark/v/3.0.0",
)


@dataclass(frozen=True)
class AdministratorAccount:
    """The delegated administrator of some services, and how to reach it."""

    key: str
    account_id: pulumi.Input[str]
    opts: pulumi.ResourceOptions  # the account's provider
    # region -> its own detector, where its baseline declares one
    guardduty_detector_ids: dict[str, pulumi.Input[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SecurityDelegationArgs:
    services: dict[str, str]  # service -> administrator account key
    administrators: dict[str, AdministratorAccount]  # account key -> how to reach it
    depends_on: list[pulumi.Resource]  # the organization (trusted access must be on first)
    regions: GovernedRegions
    root_id: pulumi.Input[str]  # Security Hub's configuration policy is associated with the root
    environment: str = "management"
    protect: bool = True
    partition: str = "aws"


class SecurityDelegation(pulumi.ComponentResource):
    """`landfall:organization:SecurityDelegation`: children named `delegate-<service>` and `<service>-org-<account>`."""

    def __init__(self, name: str, args: SecurityDelegationArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:organization:SecurityDelegation", name, None, opts)
        management = pulumi.ResourceOptions(parent=self, depends_on=args.depends_on)
        self.delegations: dict[tuple[str, str], pulumi.CustomResource] = {}  # (service, region) -> designation
        home = args.regions.home
        for service, account_key in args.services.items():
            admin = args.administrators[account_key]
            make = SERVICE_ADMIN_APIS.get(service)
            if make is None:  # Organizations' own delegation: global
                self.delegations[(service, home)] = aws.organizations.DelegatedAdministrator(
                    f"delegate-{service}", account_id=admin.account_id, service_principal=DELEGATED_ADMIN_SERVICES[service],
                    opts=management,
                )
                continue
            for region in ((home,) if service in HOME_REGION_ONLY else args.regions):
                self.delegations[(service, region)] = make(
                    f"delegate-{service}{args.regions.suffix(region)}", region, admin.account_id, management)

        outputs: dict[str, pulumi.Input] = {"delegated": {s: a for s, a in args.services.items()},
                                            "regions": list(args.regions.regions)}
        guardduty_admin = args.services.get("guardduty")
        if guardduty_admin is not None:
            outputs["guardduty_detector_ids"] = self._guardduty(guardduty_admin, args)
        securityhub_admin = args.services.get("securityhub")
        if securityhub_admin is not None:
            outputs["securityhub_configuration_policy_id"] = self._security_hub(securityhub_admin, args)
        analyzer_admin = args.services.get("access-analyzer")
        if analyzer_admin is not None:
            admin = args.administrators[analyzer_admin]
            # CIS 1.20: an analyzer with the organization as its zone of trust, in the administrator, per region.
            analyzers = {}
            for region in args.regions:
                analyzers[region] = aws.accessanalyzer.Analyzer(
                    f"access-analyzer-org-{analyzer_admin}{args.regions.suffix(region)}", region=region,
                    analyzer_name=f"landfall-{args.environment}-organization", type="ORGANIZATION",
                    opts=pulumi.ResourceOptions.merge(admin.opts, pulumi.ResourceOptions(
                        parent=self, depends_on=[self.delegations[("access-analyzer", home)]])),
                ).arn
            outputs["organization_analyzer_arns"] = analyzers
        config_admin = args.services.get("config")
        if config_admin is not None:
            outputs["config_aggregator_arn"] = self._config_aggregator(config_admin, args)
        self.register_outputs(outputs)

    def _guardduty(self, admin_key: str, args: SecurityDelegationArgs) -> dict[str, pulumi.Input[str]]:
        """In every governed region: the administrator's detector and auto-enable ALL (existing members too)."""
        admin = args.administrators[admin_key]
        detector_ids: dict[str, pulumi.Input[str]] = {}
        for region in args.regions:
            suffix = args.regions.suffix(region)
            in_admin = pulumi.ResourceOptions.merge(admin.opts, pulumi.ResourceOptions(
                parent=self, depends_on=[self.delegations[("guardduty", region)]]))
            detector_id = admin.guardduty_detector_ids.get(region)
            if detector_id is None:
                detector_id = aws.guardduty.Detector(
                    f"guardduty-{admin_key}{suffix}", region=region, enable=True,
                    finding_publishing_frequency="FIFTEEN_MINUTES",
                    opts=pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(protect=args.protect)),
                ).id
            aws.guardduty.OrganizationConfiguration(
                f"guardduty-org-{admin_key}{suffix}", region=region, auto_enable_organization_members="ALL",
                detector_id=detector_id, opts=in_admin,
            )
            detector_ids[region] = detector_id
        return detector_ids

    def _security_hub(self, admin_key: str, args: SecurityDelegationArgs) -> pulumi.Output[str]:
        """Central configuration from the home region: aggregation of the other governed regions, then one
        policy for the whole organization (root), which enables Security Hub where it is not yet on."""
        admin, home, partition = args.administrators[admin_key], args.regions.home, args.partition
        in_admin = pulumi.ResourceOptions.merge(admin.opts, pulumi.ResourceOptions(
            parent=self, depends_on=[self.delegations[("securityhub", home)]]))
        hub = aws.securityhub.Account(
            f"securityhub-{admin_key}", region=home, enable_default_standards=True, auto_enable_controls=True,
            control_finding_generator="SECURITY_CONTROL", opts=in_admin,
        )
        after_hub = pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(depends_on=[hub]))
        aggregator = aws.securityhub.FindingAggregator(
            f"securityhub-aggregator-{admin_key}", region=home,
            linking_mode="SPECIFIED_REGIONS" if args.regions.others else "NO_REGIONS",
            specified_regions=list(args.regions.others) or None,
            opts=after_hub,
        )
        org_config = aws.securityhub.OrganizationConfiguration(
            f"securityhub-org-{admin_key}", region=home, auto_enable=False, auto_enable_standards="NONE",
            organization_configuration=aws.securityhub.OrganizationConfigurationOrganizationConfigurationArgs(
                configuration_type="CENTRAL"),
            opts=pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(depends_on=[hub, aggregator])),
        )
        after_org = pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(depends_on=[org_config]))
        policy = aws.securityhub.ConfigurationPolicy(
            f"securityhub-policy-{admin_key}", region=home, name=f"landfall-{args.environment}-baseline",
            description="landfall: Security Hub with FSBP and CIS in every account and governed region",
            configuration_policy=aws.securityhub.ConfigurationPolicyConfigurationPolicyArgs(
                service_enabled=True,
                enabled_standard_arns=[f"arn:{partition}:securityhub:{home}::{s}" for s in SECURITY_HUB_STANDARDS],
                security_controls_configuration=aws.securityhub.ConfigurationPolicyConfigurationPolicySecurityControlsConfigurationArgs(
                    disabled_control_identifiers=[]),
            ),
            opts=after_org,
        )
        aws.securityhub.ConfigurationPolicyAssociation(
            f"securityhub-policy-root-{admin_key}", region=home, policy_id=policy.id, target_id=args.root_id,
            opts=after_org,
        )
        return policy.id

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
            f"config-aggregator-{admin_key}", region=args.regions.home,
            name=f"landfall-{args.environment}-organization",
            organization_aggregation_source=aws.cfg.ConfigurationAggregatorOrganizationAggregationSourceArgs(
                all_regions=True, role_arn=role.arn,  # every region an account may record in, governed or not
            ),
            opts=pulumi.ResourceOptions.merge(in_admin, pulumi.ResourceOptions(
                depends_on=[attachment, self.delegations[("config", args.regions.home)]])),
        )
        return aggregator.arn
