"""`landfall:identity`: the Cognito user pool, its app client, domain and resource server, and an
optional identity pool whose authenticated role reads and writes only the caller's own rows.

Defaults pass the Security Hub Cognito controls: a strong password policy (Cognito.3), threat
protection ENFORCED (Cognito.1), no unauthenticated identities (Cognito.2), and in production MFA
required (Cognito.5) and deletion protection on (Cognito.6). Departing from Cognito.1, .2, .5 or .6
takes a written reason under ``exemptions``, keyed by control id, so the reason sits in the stack
file where a reviewer sees it. Cognito.3 has no exemption: it is a password policy, not a trade-off.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Collection, Mapping, Optional
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from . import limits as L
from .base import StrictModel
from .context import Context
from .errors import Problem, format_path
from .serverless import TableAccess  # one meaning of read / read_write for functions and identities

SECTION = "landfall:identity"

DEFAULT_MIN_PASSWORD_LENGTH = 12  # NIST 800-63B favours length; Cognito.3 needs only 8
DEFAULT_TEMPORARY_PASSWORD_DAYS = 7  # Cognito's default and Cognito.3's maximum
DEFAULT_ACCESS_TOKEN_MINUTES = 60  # short-lived bearer tokens; the refresh token renews them silently
DEFAULT_ID_TOKEN_MINUTES = 60
DEFAULT_REFRESH_TOKEN_HOURS = 720  # 30 days: sign in again monthly
USERNAME_ATTRIBUTES = ("email",)  # users sign in with their email address
# Fixed app client behaviour: a public client (browser or mobile) cannot keep a secret, so it uses the
# authorization-code grant with PKCE and SRP for direct sign-in; never the implicit grant.
OAUTH_FLOWS = ("code",)
EXPLICIT_AUTH_FLOWS = ("ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")

EXEMPTIBLE_CONTROLS = {
    "Cognito.1": "threat protection not ENFORCED",
    "Cognito.2": "identity pool allows unauthenticated identities",
    "Cognito.5": "MFA not required",
    "Cognito.6": "deletion protection off",
}
_SCOPE_NAME = re.compile(r"^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$")  # Cognito's pattern: no space, ", / or \
_RESOURCE_SERVER_ID = re.compile(r"^[\x21-\x7E]{1,256}\Z")
# Cognito's pattern for user pool client and resource server names, [\w\s+=,.@-]+ (ASCII, as in Java).
_COGNITO_NAME = re.compile(r"^[\w\s+=,.@-]+\Z", re.ASCII)
CLIENT_NAME_MAX = 128  # CreateUserPoolClient ClientName
RESOURCE_SERVER_NAME_MAX = 256  # CreateResourceServer Name
REDIRECT_URL_MAX = 1024  # CallbackURLs / LogoutURLs items
# The component names the client <environment>-identity-<app_client.name> (components/app/cognito.py).
CLIENT_NAME_PREFIX = "{environment}-identity-"


class FeaturePlan(str, Enum):
    """Cognito user pool feature plans (``user_pool_tier``)."""

    LITE = "LITE"
    ESSENTIALS = "ESSENTIALS"
    PLUS = "PLUS"  # the only plan with threat protection (Cognito.1)


class MfaMode(str, Enum):
    OFF = "OFF"
    OPTIONAL = "OPTIONAL"  # users may enrol a TOTP app
    ON = "ON"  # every user must (Cognito.5)


class ThreatProtection(str, Enum):
    """``user_pool_add_ons.advanced_security_mode``."""

    OFF = "OFF"
    AUDIT = "AUDIT"  # log risky sign-ins, take no action
    ENFORCED = "ENFORCED"  # block or challenge them (Cognito.1)


class RecoveryMechanism(str, Enum):
    VERIFIED_EMAIL = "verified_email"
    ADMIN_ONLY = "admin_only"  # no self-service reset; SMS recovery is not offered (no SNS sender here)


def _yaml_switch(value: Any) -> Any:
    # YAML 1.1 (PyYAML, the offline loader) reads unquoted ON/OFF as booleans.
    if value is True:
        return "ON"
    if value is False:
        return "OFF"
    return value


class PasswordPolicy(StrictModel):
    minimum_length: int = Field(default=DEFAULT_MIN_PASSWORD_LENGTH, description=f"Default: {DEFAULT_MIN_PASSWORD_LENGTH} (length beats complexity; Cognito.3 needs {L.FSBP_MIN_PASSWORD_LENGTH}).")
    require_lowercase: bool = Field(default=True, description="Default: true (Cognito.3).")
    require_uppercase: bool = Field(default=True, description="Default: true (Cognito.3).")
    require_numbers: bool = Field(default=True, description="Default: true (Cognito.3).")
    require_symbols: bool = Field(default=True, description="Default: true (Cognito.3).")
    temporary_password_validity_days: int = Field(default=DEFAULT_TEMPORARY_PASSWORD_DAYS, description=f"Default: {DEFAULT_TEMPORARY_PASSWORD_DAYS} (Cognito's default; Cognito.3 allows at most {L.FSBP_MAX_TEMPORARY_PASSWORD_DAYS}).")

    def problems(self, path: str) -> list[Problem]:
        found = []
        if not L.FSBP_MIN_PASSWORD_LENGTH <= self.minimum_length <= L.COGNITO_MAX_PASSWORD_LENGTH:
            found.append(Problem(f"{path}.minimum_length", f"must be {L.FSBP_MIN_PASSWORD_LENGTH}-{L.COGNITO_MAX_PASSWORD_LENGTH} (Cognito.3 needs at least {L.FSBP_MIN_PASSWORD_LENGTH}; Cognito allows at most {L.COGNITO_MAX_PASSWORD_LENGTH})", f"use {DEFAULT_MIN_PASSWORD_LENGTH}", self.minimum_length))
        for key in ("require_lowercase", "require_uppercase", "require_numbers", "require_symbols"):
            if not getattr(self, key):
                found.append(Problem(f"{path}.{key}", "Cognito.3 requires all four character classes", f"set {key}: true", False))
        if not L.COGNITO_MIN_TEMPORARY_PASSWORD_DAYS <= self.temporary_password_validity_days <= L.FSBP_MAX_TEMPORARY_PASSWORD_DAYS:
            found.append(Problem(f"{path}.temporary_password_validity_days", f"must be {L.COGNITO_MIN_TEMPORARY_PASSWORD_DAYS}-{L.FSBP_MAX_TEMPORARY_PASSWORD_DAYS} days (Cognito.3)", f"use {DEFAULT_TEMPORARY_PASSWORD_DAYS} or less", self.temporary_password_validity_days))
        return found


class UserPoolConfig(StrictModel):
    feature_plan: FeaturePlan = Field(default=FeaturePlan.PLUS, description="Default: PLUS (threat protection, Cognito.1, needs it).")
    password_policy: PasswordPolicy = Field(default_factory=PasswordPolicy, description="Default: 12 characters, all four character classes, 7-day temporary passwords (Cognito.3).")
    mfa: MfaMode = Field(default=MfaMode.OPTIONAL, description="TOTP MFA. Default: OPTIONAL; production needs ON (Cognito.5) or an exemption. Quote it in YAML: mfa: \"ON\".")
    threat_protection: ThreatProtection = Field(default=ThreatProtection.ENFORCED, description="Default: ENFORCED (Cognito.1). Needs feature_plan PLUS.")
    deletion_protection: Optional[bool] = Field(default=None, description="Cognito.6. Default: on in production (a deleted pool takes every user with it), off elsewhere.")
    self_sign_up: bool = Field(default=False, description="Let users create their own accounts. Default: false (admins invite); customer-facing apps turn it on.")
    auto_verify_email: bool = Field(default=True, description="Send a code to verify the email address. Default: true (needed for email recovery).")
    account_recovery: RecoveryMechanism = Field(default=RecoveryMechanism.VERIFIED_EMAIL, description="Default: verified_email.")

    @field_validator("mfa", "threat_protection", mode="before")
    @classmethod
    def _unquoted_switch(cls, value: Any) -> Any:
        return _yaml_switch(value)

    @property
    def username_attributes(self) -> tuple[str, ...]:
        return USERNAME_ATTRIBUTES

    def deletion_protection_enabled(self, production: bool) -> bool:
        return self.deletion_protection if self.deletion_protection is not None else production


class AppClientConfig(StrictModel):
    name: str = Field(default="web", description="App client name. Default: web (the browser app).")
    callback_urls: list[str] = Field(description="Where Cognito may redirect after sign-in: https, or http://localhost outside production.")
    logout_urls: list[str] = Field(default_factory=list, description="Where Cognito may redirect after sign-out. Default: none (the app signs out locally).")
    scopes: list[str] = Field(default_factory=lambda: ["openid", "email"], description="OAuth scopes the client may request: standard ones or <resource server>/<scope>. Default: openid, email (who the user is, nothing more).")
    access_token_validity_minutes: int = Field(default=DEFAULT_ACCESS_TOKEN_MINUTES, description="Default: 60. 5-1,440 (1 day).")
    id_token_validity_minutes: int = Field(default=DEFAULT_ID_TOKEN_MINUTES, description="Default: 60. 5-1,440 (1 day).")
    refresh_token_validity_hours: int = Field(default=DEFAULT_REFRESH_TOKEN_HOURS, description="Default: 720 (30 days). 1-87,600 (10 years).")

    @property
    def generate_secret(self) -> bool:
        return False  # a public client cannot keep one; PKCE protects the code exchange instead

    @property
    def oauth_flows(self) -> tuple[str, ...]:
        return OAUTH_FLOWS

    @property
    def explicit_auth_flows(self) -> tuple[str, ...]:
        return EXPLICIT_AUTH_FLOWS


class ResourceServerConfig(StrictModel):
    identifier: str = Field(description="Prefix of the custom scopes, e.g. orders (scopes become orders/read).")
    name: str = Field(description="Display name, e.g. Orders API.")
    scopes: dict[str, str] = Field(default_factory=dict, description="Scope name -> description, e.g. read: Read your own orders.")


class RowLevelAccess(StrictModel):
    table: str = Field(description="A table as <service>.<table>, e.g. orders.orders. Its partition key must hold the caller's identity id.")
    access: TableAccess = Field(default=TableAccess.READ, description="read or read_write. Default: read (least privilege; clients usually write through the API).")


class IdentityPoolConfig(StrictModel):
    allow_unauthenticated: bool = Field(default=False, description="Guest identities. Default: false (Cognito.2); true needs an exemption.")
    row_level_access: list[RowLevelAccess] = Field(default_factory=list, description="Tables the authenticated role may use, limited to items whose partition key is the caller's identity id (dynamodb:LeadingKeys).")

    @property
    def allow_classic_flow(self) -> bool:
        return False  # the enhanced flow scopes credentials down to the pool's roles


class IdentityConfig(StrictModel):
    user_pool: UserPoolConfig = Field(default_factory=UserPoolConfig, description="Default: every setting at its secure default.")
    app_client: AppClientConfig
    domain_prefix: str = Field(description="Hosted sign-in domain: <prefix>.auth.<region>.amazoncognito.com. Lowercase letters, digits, hyphens; unique per region.")
    resource_server: Optional[ResourceServerConfig] = Field(default=None, description="Custom scopes for the API. Default: none (only standard scopes; routes then check no scopes).")
    identity_pool: Optional[IdentityPoolConfig] = Field(default=None, description="Temporary AWS credentials for signed-in users. Default: none (the API's Cognito authorizer covers browsers).")
    exemptions: dict[str, str] = Field(default_factory=dict, description=f"Control id ({', '.join(EXEMPTIBLE_CONTROLS)}) -> the written reason this stack departs from it. Default: none (meet every control).")

    @property
    def custom_scopes(self) -> frozenset[str]:
        """Every ``<identifier>/<scope>`` the resource server defines (what API routes may require)."""
        if self.resource_server is None:
            return frozenset()
        return frozenset(f"{self.resource_server.identifier}/{s}" for s in self.resource_server.scopes)

    def departures(self, production: bool) -> set[str]:
        """Controls this config does not meet and that need an exemption."""
        pool = self.user_pool
        out = set()
        if production and pool.threat_protection != ThreatProtection.ENFORCED:
            out.add("Cognito.1")
        if self.identity_pool is not None and self.identity_pool.allow_unauthenticated:
            out.add("Cognito.2")
        if production and pool.mfa != MfaMode.ON:
            out.add("Cognito.5")
        if production and not pool.deletion_protection_enabled(production):
            out.add("Cognito.6")
        return out

    def problems(self, ctx: Context, *, tables: Optional[Collection[str]] = None) -> list[Problem]:
        """Every problem in the section. ``tables``: the ``service.table`` names landfall:services
        declares (ServicesConfig.table_refs()); None skips checking row_level_access against them."""
        found: list[Problem] = []
        pool = self.user_pool
        found += pool.password_policy.problems(f"{SECTION}.user_pool.password_policy")
        if pool.threat_protection != ThreatProtection.OFF and pool.feature_plan != FeaturePlan.PLUS:
            found.append(Problem(f"{SECTION}.user_pool.threat_protection", "threat protection needs the PLUS feature plan", "set feature_plan: PLUS, or threat_protection: OFF (outside production)", pool.threat_protection.value))
        if pool.account_recovery == RecoveryMechanism.VERIFIED_EMAIL and not pool.auto_verify_email:
            found.append(Problem(f"{SECTION}.user_pool.account_recovery", "recovery by verified email needs auto_verify_email: true", "set auto_verify_email: true, or account_recovery: admin_only", pool.account_recovery.value))
        found += _domain_prefix_problems(self.domain_prefix)
        found += self._client_problems(ctx)
        found += self._resource_server_problems()
        found += self._identity_pool_problems(tables)
        found += self._exemption_problems(ctx)
        return found

    def _client_problems(self, ctx: Context) -> list[Problem]:
        client, path = self.app_client, f"{SECTION}.app_client"
        found: list[Problem] = []
        for key, low, high, unit in (
            ("access_token_validity_minutes", L.COGNITO_MIN_TOKEN_MINUTES, L.COGNITO_MAX_TOKEN_MINUTES, "minutes (5 minutes to 1 day)"),
            ("id_token_validity_minutes", L.COGNITO_MIN_TOKEN_MINUTES, L.COGNITO_MAX_TOKEN_MINUTES, "minutes (5 minutes to 1 day)"),
            ("refresh_token_validity_hours", L.COGNITO_MIN_REFRESH_TOKEN_HOURS, L.COGNITO_MAX_REFRESH_TOKEN_HOURS, "hours (60 minutes to 10 years)"),
        ):
            value = getattr(client, key)
            if not low <= value <= high:
                found.append(Problem(f"{path}.{key}", f"must be {low}-{high:,} {unit}", "use a value in that range", value))
        full_name = CLIENT_NAME_PREFIX.format(environment=ctx.settings.environment) + client.name
        if not _COGNITO_NAME.match(client.name):
            found.append(Problem(f"{path}.name", "Cognito client names are letters, digits, spaces and + = , . @ _ - only",
                                 "use a name such as web or mobile-app", client.name))
        elif len(full_name) > CLIENT_NAME_MAX:
            found.append(Problem(f"{path}.name", f"makes the client name {full_name[:30]}... {len(full_name)} characters; "
                                 f"Cognito allows {CLIENT_NAME_MAX}", "shorten the name", client.name))
        if not client.callback_urls:
            found.append(Problem(f"{path}.callback_urls", "the authorization-code flow needs at least one callback URL", "add your app's sign-in redirect, e.g. https://app.example.com/callback", []))
        for key in ("callback_urls", "logout_urls"):
            urls = getattr(client, key)
            if len(urls) > L.COGNITO_MAX_CALLBACK_URLS:
                found.append(Problem(f"{path}.{key}", f"Cognito allows at most {L.COGNITO_MAX_CALLBACK_URLS}", "remove some", len(urls)))
            for i, url in enumerate(urls):
                reason = _redirect_url_problem(url, ctx.production)
                if reason is None and len(url) > REDIRECT_URL_MAX:
                    reason = f"is {len(url)} characters; Cognito allows {REDIRECT_URL_MAX} per URL"
                if reason:
                    found.append(Problem(format_path([path, key, i]), reason, "use https://<your app>/<path>; http://localhost only outside production", url))
        custom = self.custom_scopes
        for i, scope in enumerate(client.scopes):
            if scope not in L.COGNITO_STANDARD_SCOPES and scope not in custom:
                known = ", ".join([*L.COGNITO_STANDARD_SCOPES, *sorted(custom)])
                found.append(Problem(format_path([path, "scopes", i]), "is neither a standard scope nor one the resource server defines", f"use one of {known}", scope))
        if {"email", "phone", "profile"} & set(client.scopes) and "openid" not in client.scopes:
            found.append(Problem(f"{path}.scopes", "email, phone and profile are only granted together with openid", "add openid", client.scopes))
        return found

    def _resource_server_problems(self) -> list[Problem]:
        server, path = self.resource_server, f"{SECTION}.resource_server"
        if server is None:
            return []
        found = []
        if not (1 <= len(server.name) <= RESOURCE_SERVER_NAME_MAX and _COGNITO_NAME.match(server.name)):
            found.append(Problem(f"{path}.name", f"resource server names are 1-{RESOURCE_SERVER_NAME_MAX} letters, digits, "
                                 "spaces and + = , . @ _ -", "e.g. Orders API", server.name))
        if not _RESOURCE_SERVER_ID.match(server.identifier):
            found.append(Problem(f"{path}.identifier", "must be 1-256 printable characters without spaces", "e.g. orders or https://api.example.com", server.identifier))
        if not server.scopes:
            found.append(Problem(f"{path}.scopes", "a resource server without scopes grants nothing", "add scopes, e.g. read: Read own orders", {}))
        for name, description in server.scopes.items():
            if not _SCOPE_NAME.match(name):
                found.append(Problem(f"{path}.scopes.{name}", "scope names are 1-256 characters without spaces, quotes, / or \\", "e.g. read", name))
            if not 1 <= len(description) <= 256:
                found.append(Problem(f"{path}.scopes.{name}", "needs a description of 1-256 characters", "describe what the scope allows", description))
        return found

    def _identity_pool_problems(self, tables: Optional[Collection[str]]) -> list[Problem]:
        if self.identity_pool is None:
            return []
        found = []
        seen: set[str] = set()
        for i, grant in enumerate(self.identity_pool.row_level_access):
            where = format_path([f"{SECTION}.identity_pool", "row_level_access", i, "table"])
            if grant.table in seen:
                found.append(Problem(where, "is listed twice", "list each table once with the widest access it needs", grant.table))
            seen.add(grant.table)
            if tables is not None and grant.table not in tables:
                known = ", ".join(sorted(tables)) or "none declared"
                found.append(Problem(where, "names no table of landfall:services (written <service>.<table>)", f"use one of {known}", grant.table))
        return found

    def _exemption_problems(self, ctx: Context) -> list[Problem]:
        departures = self.departures(ctx.production)
        found = []
        for control in sorted(departures - set(self.exemptions)):
            found.append(Problem(*_departure(control)))
        for control, reason in self.exemptions.items():
            where = f"{SECTION}.exemptions.{control}"
            if control not in EXEMPTIBLE_CONTROLS:
                found.append(Problem(where, "is not a control this section can be exempted from", f"use one of {', '.join(EXEMPTIBLE_CONTROLS)}", control))
            elif control not in departures:
                found.append(Problem(where, f"exempts a control this stack meets ({EXEMPTIBLE_CONTROLS[control]} does not apply)", "remove the exemption", reason))
            elif len(reason.strip()) < L.MIN_EXEMPTION_REASON_CHARS:
                found.append(Problem(where, f"needs a written reason of at least {L.MIN_EXEMPTION_REASON_CHARS} characters", "say why the control does not fit and what compensates", reason))
        return found


def _departure(control: str) -> tuple[str, str, str, Any]:
    """(path, message, fix, value) of the problem for a departure that has no exemption."""
    exempt = f"or add exemptions: {{{control}: <why>}}"
    if control == "Cognito.1":
        return (f"{SECTION}.user_pool.threat_protection", "production user pools need threat protection ENFORCED (Cognito.1)", f"set threat_protection: ENFORCED, {exempt}", "not ENFORCED")
    if control == "Cognito.2":
        return (f"{SECTION}.identity_pool.allow_unauthenticated", "unauthenticated identities get AWS credentials without signing in (Cognito.2)", f"set allow_unauthenticated: false, {exempt}", True)
    if control == "Cognito.5":
        return (f"{SECTION}.user_pool.mfa", "production user pools must require MFA (Cognito.5)", f"set mfa: \"ON\", {exempt}", "not ON")
    return (f"{SECTION}.user_pool.deletion_protection", "production user pools keep deletion protection on (Cognito.6)", f"remove deletion_protection: false, {exempt}", False)


def _domain_prefix_problems(prefix: str) -> list[Problem]:
    path = f"{SECTION}.domain_prefix"
    found = []
    if not L.COGNITO_DOMAIN_PREFIX_PATTERN.match(prefix):
        found.append(Problem(path, "must be 1-63 lowercase letters, digits or hyphens, not starting or ending with a hyphen", "e.g. acme-orders-dev", prefix))
    reserved = [w for w in L.COGNITO_RESERVED_DOMAIN_WORDS if w in prefix.lower()]
    if reserved:
        found.append(Problem(path, f"contains {', '.join(repr(w) for w in reserved)}, which Cognito does not allow in a domain prefix", "drop the word, e.g. acme-orders-dev", prefix))
    return found


def _redirect_url_problem(url: str, production: bool) -> Optional[str]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a URL"
    if not parts.scheme or not parts.netloc:
        return "must be an absolute URL"
    if parts.fragment:
        return "must not contain a fragment (#)"
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if parts.scheme == "http" and not local:
        return "must use https (http is only allowed for localhost)"
    if local and production:
        return "points at localhost; production clients must not redirect to a developer machine"
    return None


def table_access_map(config: IdentityConfig) -> Mapping[str, TableAccess]:
    """``service.table`` -> access for the identity pool's authenticated role (empty without a pool)."""
    if config.identity_pool is None:
        return {}
    return {g.table: g.access for g in config.identity_pool.row_level_access}
