"""The whole stack config: one typed, immutable model used by __main__.py and the offline tools."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from pydantic import Field, PrivateAttr

from landfall.plan.regions import GovernedRegions

from .accounts import AccountConfig
from .base import StrictModel
from .baseline import BaselineConfig
from .context import Context
from .errors import Problem
from .identity import IdentityConfig
from .network import NetworkConfig
from .organization import OrganizationConfig
from .peering import PeeringConfig
from .recovery import RecoveryConfig
from .serverless import ServicesConfig, authorizer_problems
from .service_limits import service_limit_problems
from .stack import StackKind, StackSettings
from .transit import TransitConfig

NAMESPACE = "landfall"


class StackConfig(StrictModel):
    """Every `landfall:<section>` key of a stack file. Field aliases are the keys as written in YAML."""

    stack: StackSettings = Field(alias="landfall:stack")
    accounts: dict[str, AccountConfig] = Field(alias="landfall:accounts")
    network: NetworkConfig = Field(default_factory=NetworkConfig, alias="landfall:network")
    organization: Optional[OrganizationConfig] = Field(default=None, alias="landfall:organization")
    identity: Optional[IdentityConfig] = Field(default=None, alias="landfall:identity")
    services: ServicesConfig = Field(default_factory=ServicesConfig, alias="landfall:services")
    transit: TransitConfig = Field(default_factory=TransitConfig, alias="landfall:transit")
    peering: PeeringConfig = Field(default_factory=PeeringConfig, alias="landfall:peering")
    baseline: BaselineConfig = Field(default_factory=BaselineConfig, alias="landfall:baseline")
    recovery: RecoveryConfig = Field(default_factory=RecoveryConfig, alias="landfall:recovery")

    name: str = Field(default="", exclude=True, description="The stack name (from the file name or the engine).")
    # Where the stack files are: a spoke reads its hub's stack file from here. Set by the loader.
    _project_dir: Path = PrivateAttr(default_factory=lambda: Path(__file__).resolve().parents[2])

    @property
    def context(self) -> Context:
        return Context(self.name, self.stack, dict(self.accounts))

    @property
    def kind(self) -> StackKind:
        return self.stack.kind

    def account(self, name: Optional[str] = None):
        return self.accounts[name or self.stack.account]

    @property
    def project_dir(self) -> Path:
        return self._project_dir

    def hub(self):
        """The transit hub this stack attaches to (a HubView), or None; only call on a validated config."""
        from .transit import HubView

        hub = self.transit.resolve(self.context, self.project_dir)
        return hub if isinstance(hub, HubView) else None

    def governed_regions(self) -> GovernedRegions:
        """The organization's governed regions (from the management stack's file), or the stack's region alone."""
        if self.organization is not None:
            return self.organization.governed(self.context)
        from .org_view import organization_view

        view = organization_view(self.project_dir)
        return view.governed if view is not None else GovernedRegions(self.stack.region)

    def ci_role_arn(self) -> Optional[str]:
        """The CI role every account's landfall-deploy role trusts (landfall:organization.ci), or None."""
        if self.organization is not None:
            return self.organization.ci_role_arn(self.context)
        from .org_view import organization_view

        view = organization_view(self.project_dir)
        return view.ci_role_arn() if view is not None else None

    def management_account_id(self) -> Optional[str]:
        """The organization's management account id (from this file, or the management stack's file)."""
        if self.organization is not None:
            return self.account(self.stack.account).id
        from .org_view import organization_view

        view = organization_view(self.project_dir)
        return view.management_account.id if view is not None else None

    def central_backup_vault(self) -> Optional[tuple[str, str]]:
        """(account id, region) of the organization's central copy vault (landfall:organization.backup), or None."""
        from .org_view import organization_view

        org = self.organization
        if org is not None:
            accounts = {k: a.id for k, a in org.accounts.items()}
            region = self.stack.region
        else:
            view = organization_view(self.project_dir)
            if view is None:
                return None
            org, region = view.organization, view.settings.region
            accounts = {k: a.id for k, a in view.accounts.items()}
        key = org.backup.central_account if org.backup is not None else None
        account_id = accounts.get(key) if key else None
        return (account_id, region) if account_id else None

    def table_backup_plans(self) -> dict[str, Optional[str]]:
        """Key path of each table's backup_plan -> the plan it names (None: the recovery default)."""
        return {f"landfall:services.{s}.tables.{t}.backup_plan": table.backup_plan
                for s, svc in self.services.services.items() for t, table in svc.tables.items()}

    def stack_references(self, organization: Optional[str] = None) -> list[str]:
        """Full names of the stacks this stack reads outputs from (pulumi.StackReference), in `organization`
        (pulumi.get_organization(); the offline engine's `organization` when None)."""
        refs = [self.hub_reference(organization)] if self.transit.hub_stack and self.transit.attachments else []
        if self.pending_account() is not None:
            refs.append(self.management_reference(organization))
        return refs

    def hub_reference(self, organization: Optional[str] = None) -> str:
        """The full name of landfall:transit.hub_stack (only call when it is set)."""
        from .references import full_reference

        return full_reference(self.transit.hub_stack, organization)

    def reference_problems(self, organization: Optional[str]) -> list[Problem]:
        """Full references into another organization than the one the program runs in."""
        from .references import organization_problem

        problem = organization_problem("landfall:transit.hub_stack", self.transit.hub_stack, organization) if self.transit.hub_stack else None
        return [problem] if problem is not None else []

    def pending_account(self) -> Optional[str]:
        """A baseline stack's account while the management stack is still creating it (no id yet), or None."""
        own = self.accounts.get(self.stack.account)
        return self.stack.account if self.kind == StackKind.BASELINE and own is not None and own.id is None else None

    def management_reference(self, organization: Optional[str] = None) -> str:
        """The full name a member stack reads the management stack's outputs by."""
        from .org_view import organization_view
        from .references import full_reference

        view = organization_view(self.project_dir)
        return full_reference(view.stack if view is not None else "management", organization)

    def assuming(self, role: str) -> "StackConfig":
        """A copy whose providers assume `role` in every account (read-only previews: landfall-preview)."""
        accounts = {key: account.model_copy(update={"role": role}) for key, account in self.accounts.items()}
        copy = self.model_copy(update={"accounts": accounts})
        copy._project_dir = self._project_dir
        return copy

    def with_account_id(self, name: str, account_id: str) -> "StackConfig":
        """A copy in which account `name` has `account_id` (a pending account, once the id is known)."""
        accounts = {**self.accounts, name: self.accounts[name].model_copy(update={"id": account_id})}
        copy = self.model_copy(update={"accounts": accounts})
        copy._project_dir = self._project_dir
        return copy


def section_problems(config: StackConfig) -> list[Problem]:
    """Semantic checks of every section (types already passed)."""
    ctx = config.context
    found: list[Problem] = list(config.stack.problems())
    from .accounts import check_account_ref

    found += check_account_ref(config.stack.account, "landfall:stack.account", config.accounts)
    for name, account in config.accounts.items():
        # Only a baseline stack's own account may be pending (created by the management stack, id not known yet).
        pending_allowed = config.kind == StackKind.BASELINE and name == config.stack.account
        found += account.problems(name, config.stack.partition, pending_allowed)
    # VPCs that send 0.0.0.0/0 to the transit gateway may leave their egress tiers without NAT.
    found += config.network.problems(ctx, egress_via_transit=config.transit.egress_vpcs())
    found += config.transit.problems(ctx, config.network, config.transit.resolve(ctx, config.project_dir))
    found += config.peering.problems(ctx, config.network)
    found += config.baseline.problems(ctx)
    if config.kind == StackKind.BASELINE:
        found += _baseline_stack_problems(config)
    if config.organization is not None:
        found += config.organization.problems(ctx)
    elif config.kind == StackKind.MANAGEMENT:
        found.append(Problem("landfall:organization", "a management stack builds the organization and needs this section",
                             "add landfall:organization with ous, accounts, scps and trail (see README)", None))
    from landfall.plan.addresses import TierType

    private = any(
        v.has_tier_type(TierType.PRIVATE_WITH_EGRESS) or v.has_tier_type(TierType.ISOLATED) for v in config.network.vpcs.values()
    )
    found += config.services.problems(ctx, has_private_subnets=private)
    found += service_limit_problems(config.services, ctx)
    if config.identity is not None:
        found += config.identity.problems(ctx, tables=config.services.table_refs())
    found += authorizer_problems(config.services, config.identity.custom_scopes if config.identity else None)
    governed = config.governed_regions()
    for service_name, service in config.services.services.items():
        for table_name, table in service.tables.items():
            found += table.replica_problems(f"landfall:services.{service_name}.tables.{table_name}", config.stack.region, governed.regions)
    found += _app_network_problems(config)
    tables = config.table_backup_plans()
    if tables and config.recovery.enabled:
        found += config.recovery.problems(ctx, governed, tables, config.central_backup_vault() is not None)
    elif "recovery" in config.model_fields_set and not tables and config.kind != StackKind.WORKLOAD:
        found.append(Problem("landfall:recovery", "backs up a workload stack's tables; this stack has none",
                             "remove the section", None))
    return found


def _app_network_problems(config: StackConfig) -> list[Problem]:
    """Databases need an isolated tier in two AZs or more, containers a private tier with egress, and their
    load balancers a public tier, in the stack account's first VPC (where the app tier is placed)."""
    from landfall.plan.addresses import TierType

    from .serverless.databases import database_placement_problems, eni_capacity_problem

    vpc = next((v for v in config.network.vpcs.values() if (v.account or config.stack.account) == config.stack.account), None)
    found: list[Problem] = []
    wanted = config.services.function_tier
    chosen = vpc.function_tier(wanted) if vpc is not None else None
    if wanted is not None and chosen is None:
        found.append(Problem("landfall:services.function_tier", "names no tier of the stack account's VPC",
                             f"use one of {', '.join(t.name for t in vpc.active_tiers) if vpc else 'its tiers (no VPC declared)'}", wanted))
    elif wanted is not None and chosen is not None and chosen.type == TierType.PUBLIC:
        found.append(Problem("landfall:services.function_tier", "is a public tier: functions get no public IP there and "
                             "reach nothing", "name a private_with_egress or isolated tier", wanted))
    for name, service in config.services.services.items():
        base = f"landfall:services.{name}"
        if vpc is None and (service.databases or service.containers):
            found.append(Problem(base, "has databases or containers, which live in a VPC, but landfall:network declares none in "
                                 "the stack's account", "add a VPC with isolated, private and public tiers", None))
            continue
        if vpc is None:
            continue
        tiers = {t.name: t.type for t in vpc.active_tiers}
        for key, db in service.databases.items():
            found += database_placement_problems(f"{base}.databases.{key}", tiers, len(vpc.az_ids), db.subnet_tier)
            first_isolated = vpc.first_tier(TierType.ISOLATED)
            if db.subnet_tier is not None and first_isolated is not None and db.subnet_tier != first_isolated.name:
                found.append(Problem(f"{base}.databases.{key}.subnet_tier", "landfall places databases in the VPC's first "
                                     "isolated tier", "leave subnet_tier out", db.subnet_tier))
        fn_tier = vpc.function_tier(config.services.function_tier)  # where components/app/compose places them
        users = [(k, fn) for k, fn in service.functions.items() if fn.vpc and fn.uses.databases]
        if fn_tier is not None and users:
            free = 2 ** (32 - fn_tier.prefix) - 5  # AWS keeps 5 addresses of every subnet
            for fn_key, fn in users:
                concurrency = fn.reserved_concurrency or config.services.account_concurrency_limit
                problem = eni_capacity_problem(f"{base}.functions.{fn_key}.reserved_concurrency", fn_tier.name, free,
                                               concurrency, security_group_combinations=len(users))
                if problem is not None:
                    found.append(problem)
        for key, container in service.containers.items():
            if TierType.PRIVATE_WITH_EGRESS not in tiers.values():
                found.append(Problem(f"{base}.containers.{key}", "tasks run in a private tier with egress (to pull images), "
                                     "which the VPC does not have", "add a private_with_egress tier", None))
            if container.load_balancer is not None and TierType.PUBLIC not in tiers.values():
                found.append(Problem(f"{base}.containers.{key}.load_balancer", "an internet-facing load balancer needs a "
                                     "public tier", "add a public tier, or remove load_balancer", None))
    return found


def _baseline_stack_problems(config: StackConfig) -> list[Problem]:
    """An account baseline stack holds its account's baseline and nothing else: one account, one provider."""
    found = []
    for alias, present in (("landfall:network", bool(config.network.vpcs)), ("landfall:services", config.services != ServicesConfig()),
                           ("landfall:transit", bool(config.transit.attachments)), ("landfall:peering", bool(config.peering.connections)),
                           ("landfall:identity", config.identity is not None)):
        if present:
            found.append(Problem(alias, "is not built by an account baseline stack, which holds one account's baseline only",
                                 "move it to a workload or network stack", None))
    others = sorted(set(config.accounts) - {config.stack.account})
    if others:
        found.append(Problem("landfall:accounts", f"lists {', '.join(others)} besides the stack's own account: a "
                             "baseline stack reaches exactly one account", "remove the other accounts", others))
    if config.baseline.accounts and config.baseline.accounts != [config.stack.account]:
        found.append(Problem("landfall:baseline.accounts", "must be the stack's own account (or left out)",
                             "remove landfall:baseline.accounts", config.baseline.accounts))
    return found
