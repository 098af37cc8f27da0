"""Sign-in for a workload: a Cognito user pool (Cognito.1/3/5/6), a public PKCE app client, a hosted domain,
a resource server with the API's scopes, and optionally an identity pool whose authenticated role reaches
only the DynamoDB items keyed by the caller's user pool `sub` (dynamodb:LeadingKeys on the principal tag
the identity pool maps from that claim; landfall/plan/identity.py says why)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Mapping, Optional

import pulumi
import pulumi_aws as aws

from landfall.config.identity import IdentityConfig, MfaMode, RecoveryMechanism, table_access_map
from landfall.plan.identity import PRINCIPAL_TAGS, authenticated_trust_policy, row_level_policy

RECOVERY = {RecoveryMechanism.VERIFIED_EMAIL: "verified_email", RecoveryMechanism.ADMIN_ONLY: "admin_only"}


@dataclass(frozen=True)
class IdentityArgs:
    config: IdentityConfig
    environment: str
    production: bool
    table_arns: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)  # "service.table" -> ARN
    protect: bool = False


class Identity(pulumi.ComponentResource):
    """`landfall:identity:Identity`."""

    user_pool: aws.cognito.UserPool
    client: aws.cognito.UserPoolClient
    identity_pool: Optional[aws.cognito.IdentityPool]
    authenticated_role: Optional[aws.iam.Role]

    def __init__(self, name: str, args: IdentityArgs, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__("landfall:identity:Identity", name, None, opts)
        cfg, pool = args.config, args.config.user_pool
        child = pulumi.ResourceOptions(parent=self)
        label = f"{args.environment}-{name}"
        self.user_pool = aws.cognito.UserPool(
            name,
            name=label,
            user_pool_tier=pool.feature_plan.value,
            user_pool_add_ons=aws.cognito.UserPoolUserPoolAddOnsArgs(advanced_security_mode=pool.threat_protection.value),
            password_policy=aws.cognito.UserPoolPasswordPolicyArgs(
                minimum_length=pool.password_policy.minimum_length,
                require_lowercase=pool.password_policy.require_lowercase,
                require_uppercase=pool.password_policy.require_uppercase,
                require_numbers=pool.password_policy.require_numbers,
                require_symbols=pool.password_policy.require_symbols,
                temporary_password_validity_days=pool.password_policy.temporary_password_validity_days,
            ),
            mfa_configuration=pool.mfa.value,
            software_token_mfa_configuration=aws.cognito.UserPoolSoftwareTokenMfaConfigurationArgs(enabled=True)
            if pool.mfa != MfaMode.OFF else None,
            deletion_protection="ACTIVE" if pool.deletion_protection_enabled(args.production) else "INACTIVE",
            username_attributes=list(pool.username_attributes),
            auto_verified_attributes=["email"] if pool.auto_verify_email else None,
            account_recovery_setting=aws.cognito.UserPoolAccountRecoverySettingArgs(
                recovery_mechanisms=[aws.cognito.UserPoolAccountRecoverySettingRecoveryMechanismArgs(name=RECOVERY[pool.account_recovery], priority=1)]
            ),
            admin_create_user_config=aws.cognito.UserPoolAdminCreateUserConfigArgs(allow_admin_create_user_only=not pool.self_sign_up),
            verification_message_template=aws.cognito.UserPoolVerificationMessageTemplateArgs(default_email_option="CONFIRM_WITH_CODE"),
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        aws.cognito.UserPoolDomain(name, domain=cfg.domain_prefix, user_pool_id=self.user_pool.id, opts=child)
        depends = []
        if cfg.resource_server is not None:
            rs = cfg.resource_server
            depends.append(aws.cognito.ResourceServer(
                name,
                identifier=rs.identifier,
                name=rs.name,
                user_pool_id=self.user_pool.id,
                scopes=[aws.cognito.ResourceServerScopeArgs(scope_name=s, scope_description=d) for s, d in rs.scopes.items()],
                opts=child,
            ))
        client = cfg.app_client
        self.client = aws.cognito.UserPoolClient(
            name,
            name=f"{label}-{client.name}",
            user_pool_id=self.user_pool.id,
            generate_secret=client.generate_secret,
            allowed_oauth_flows=list(client.oauth_flows),
            allowed_oauth_flows_user_pool_client=True,
            allowed_oauth_scopes=list(client.scopes),
            callback_urls=list(client.callback_urls),
            logout_urls=list(client.logout_urls) or None,
            supported_identity_providers=["COGNITO"],
            explicit_auth_flows=list(client.explicit_auth_flows),
            prevent_user_existence_errors="ENABLED",
            enable_token_revocation=True,
            access_token_validity=client.access_token_validity_minutes,
            id_token_validity=client.id_token_validity_minutes,
            refresh_token_validity=client.refresh_token_validity_hours,
            token_validity_units=aws.cognito.UserPoolClientTokenValidityUnitsArgs(access_token="minutes", id_token="minutes", refresh_token="hours"),
            opts=pulumi.ResourceOptions(parent=self, depends_on=depends),  # custom scopes must exist first
        )
        self.identity_pool = None
        self.authenticated_role = None
        if cfg.identity_pool is not None:
            self._identity_pool(name, label, args)
        self.register_outputs({
            "user_pool_id": self.user_pool.id,
            "user_pool_arn": self.user_pool.arn,
            "client_id": self.client.id,
            "identity_pool_id": self.identity_pool.id if self.identity_pool else None,
        })

    def _identity_pool(self, name: str, label: str, args: IdentityArgs) -> None:
        child = pulumi.ResourceOptions(parent=self)
        ipool = args.config.identity_pool
        self.identity_pool = aws.cognito.IdentityPool(
            name,
            identity_pool_name=label.replace("-", "_"),  # identity pool names allow no hyphens
            allow_unauthenticated_identities=ipool.allow_unauthenticated,
            allow_classic_flow=ipool.allow_classic_flow,
            cognito_identity_providers=[aws.cognito.IdentityPoolCognitoIdentityProviderArgs(
                client_id=self.client.id, provider_name=self.user_pool.endpoint, server_side_token_check=True,
            )],
            # Protected in production: a new pool issues new identity ids, orphaning every row keyed by one.
            opts=pulumi.ResourceOptions(parent=self, protect=args.protect),
        )
        self.authenticated_role = aws.iam.Role(
            f"{name}-authenticated",
            name=f"{label}-authenticated",
            assume_role_policy=self.identity_pool.id.apply(lambda pid: json.dumps(authenticated_trust_policy(pid))),
            opts=child,
        )
        access = {ref: a.value for ref, a in table_access_map(args.config).items()}
        refs = sorted(access)
        aws.iam.RolePolicy(
            f"{name}-authenticated",
            role=self.authenticated_role.id,
            policy=pulumi.Output.all(*[args.table_arns[r] for r in refs]).apply(
                lambda arns: json.dumps(row_level_policy(dict(zip(refs, arns, strict=True)), access))
            ),
            opts=child,
        )
        aws.cognito.IdentityPoolRoleAttachment(
            name, identity_pool_id=self.identity_pool.id, roles={"authenticated": self.authenticated_role.arn}, opts=child,
        )
        # The user pool's `sub` claim becomes the session tag the row-level condition compares with.
        aws.cognito.IdentityPoolProviderPrincipalTag(
            f"{name}-principal-tags",
            identity_pool_id=self.identity_pool.id,
            identity_provider_name=self.user_pool.endpoint,
            principal_tags=PRINCIPAL_TAGS,
            use_defaults=False,
            opts=child,
        )

    @property
    def user_pool_arn(self) -> pulumi.Output[str]:
        return self.user_pool.arn

    @property
    def user_pool_id(self) -> pulumi.Output[str]:
        return self.user_pool.id

    @property
    def client_id(self) -> pulumi.Output[str]:
        return self.client.id

    @property
    def identity_pool_id(self) -> Optional[pulumi.Output[str]]:
        return self.identity_pool.id if self.identity_pool else None
