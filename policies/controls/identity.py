"""Cognito controls: user-pool password policy, threat protection, MFA, deletion protection; identity pools."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .core import Rule, StackRule, as_list, by_type, get, inputs, is_map, is_production, statements
from .iam import ROLE, ROLE_POLICY, actions
from .kms import statement_label

USER_POOL = "aws:cognito/userPool:UserPool"
IDENTITY_POOL = "aws:cognito/identityPool:IdentityPool"
COGNITO_IDENTITY = "cognito-identity.amazonaws.com"
SUB_VARIABLE = "${cognito-identity.amazonaws.com:sub}"  # the caller's identity id
PRINCIPAL_TAG_VARIABLE = "${aws:PrincipalTag/"  # a claim the identity pool maps to a session tag (landfall: sub)

# Cognito.3 default parameters on the Security Hub cognito-controls page.
MIN_LENGTH = 8
MAX_TEMPORARY_DAYS = 7
REQUIRED_FLAGS = ("requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols")
# lambdaConfig triggers that make up a custom authentication flow (Cognito.4 applies only then).
CUSTOM_AUTH_TRIGGERS = ("defineAuthChallenge", "createAuthChallenge", "verifyAuthChallengeResponse")


def check_password_policy(record: Mapping) -> list[str]:
    policy = get(inputs(record), "passwordPolicy")
    if not is_map(policy):
        return ["Cognito.3: the user pool sets no passwordPolicy; set minimumLength of at least 8, "
                "the four require flags and temporaryPasswordValidityDays of at most 7"]
    messages = []
    length = get(policy, "minimumLength")
    if length is None or int(length) < MIN_LENGTH:
        messages.append(f"Cognito.3: passwordPolicy.minimumLength is {length if length is not None else 'not set'}; "
                        f"it must be at least {MIN_LENGTH}")
    for flag in REQUIRED_FLAGS:
        if get(policy, flag) is not True:
            messages.append(f"Cognito.3: passwordPolicy.{flag} is not true; it must be true")
    days = get(policy, "temporaryPasswordValidityDays")
    if days is None or int(days) > MAX_TEMPORARY_DAYS:
        messages.append(f"Cognito.3: passwordPolicy.temporaryPasswordValidityDays is "
                        f"{days if days is not None else 'not set'}; it must be at most {MAX_TEMPORARY_DAYS}")
    return messages


def check_threat_protection(record: Mapping) -> list[str]:
    mode = get(inputs(record), "userPoolAddOns", "advancedSecurityMode")
    if mode == "ENFORCED":
        return []
    return [f"Cognito.1: userPoolAddOns.advancedSecurityMode is {mode or 'not set'}; it must be ENFORCED"]


def check_custom_auth_threat_protection(record: Mapping) -> list[str]:
    props = inputs(record)
    if not any(get(props, "lambdaConfig", trigger) for trigger in CUSTOM_AUTH_TRIGGERS):
        return []
    mode = get(props, "userPoolAddOns", "advancedSecurityAdditionalFlows", "customAuthMode")
    if mode == "ENFORCED":
        return []
    return [f"Cognito.4: the user pool uses custom authentication but "
            f"userPoolAddOns.advancedSecurityAdditionalFlows.customAuthMode is {mode or 'not set'}; "
            "it must be ENFORCED"]


def check_mfa(record: Mapping) -> list[str]:
    mfa = get(inputs(record), "mfaConfiguration", default="OFF")
    if mfa == "OFF":
        return ["Cognito.5: mfaConfiguration is OFF; it must be ON or OPTIONAL"]
    return []


def check_deletion_protection(records: list, context: dict) -> list[tuple[str, str]]:
    found = []
    for pool in by_type(records, USER_POOL):
        value = get(inputs(pool), "deletionProtection")
        if value != "ACTIVE":
            found.append((pool["urn"], f"Cognito.6: the production user pool {pool.get('name')} sets deletionProtection "
                                       f"to {value or 'nothing'}; it must be ACTIVE"))
    return found


def check_no_unauthenticated(record: Mapping) -> list[str]:
    if get(inputs(record), "allowUnauthenticatedIdentities") is True:
        return ["Cognito.2: the identity pool allows unauthenticated identities; "
                "set allowUnauthenticatedIdentities to false"]
    return []


def trusts_cognito_identity(role: Mapping) -> bool:
    for statement in statements(get(inputs(role), "assumeRolePolicy")):
        principal = statement.get("Principal")
        if statement.get("Effect") == "Allow" and is_map(principal) and \
                COGNITO_IDENTITY in [str(p) for p in as_list(principal.get("Federated"))]:
            return True
    return False


def _leading_keys_on_sub(condition: Any) -> bool:
    if not is_map(condition):
        return False
    for operator in condition.values():
        if is_map(operator):
            for key, values in operator.items():
                keys = [str(v) for v in as_list(values)]
                if str(key).lower() == "dynamodb:leadingkeys" and keys and all(
                        v == SUB_VARIABLE or (v.startswith(PRINCIPAL_TAG_VARIABLE) and v.endswith("}")) for v in keys):
                    return True
    return False


def _grants_dynamodb(statement: Mapping) -> bool:
    return any(a == "*" or a.lower().startswith("dynamodb:") for a in actions(statement))


def check_identity_pool_leading_keys(records: list, context: dict) -> list[tuple[str, str]]:
    roles = [r for r in by_type(records, ROLE) if trusts_cognito_identity(r)]
    found = []
    for role in roles:
        keys = {k for k in (role.get("id"), get(inputs(role), "name")) if k}
        documents = [(p["urn"], get(inputs(p), "policy")) for p in by_type(records, ROLE_POLICY)
                     if get(inputs(p), "role") in keys]
        documents += [(role["urn"], get(p, "policy")) for p in as_list(get(inputs(role), "inlinePolicies"))]
        for urn, document in documents:
            for index, statement in enumerate(statements(document)):
                if statement.get("Effect") == "Allow" and _grants_dynamodb(statement) and \
                        not _leading_keys_on_sub(statement.get("Condition")):
                    found.append((urn, f"LF.COG.1: {statement_label(index, statement)} grants DynamoDB actions to the "
                                       f"identity-pool role {role.get('name')} without a dynamodb:LeadingKeys "
                                       f"condition on the caller ({SUB_VARIABLE} or a ${{aws:PrincipalTag/...}} claim)"))
    return found


RULES = (
    Rule("cognito-password-policy", ("Cognito.3",),
         "User pools require 8+ character passwords with all four character classes and 7-day temporary passwords.",
         (USER_POOL,), check_password_policy),
    Rule("cognito-threat-protection", ("Cognito.1",), "User pools enforce threat protection (advanced security).",
         (USER_POOL,), check_threat_protection),
    Rule("cognito-custom-auth-threat-protection", ("Cognito.4",),
         "User pools with custom authentication enforce threat protection for it too.", (USER_POOL,),
         check_custom_auth_threat_protection),
    Rule("cognito-mfa", ("Cognito.5",), "User pools enable MFA (ON or OPTIONAL).", (USER_POOL,), check_mfa),
    Rule("cognito-identity-pool-authenticated-only", ("Cognito.2",),
         "Identity pools do not allow unauthenticated identities.", (IDENTITY_POOL,), check_no_unauthenticated),
)

STACK_RULES = (
    StackRule("cognito-deletion-protection", ("Cognito.6",), "Production user pools have deletion protection.",
              check_deletion_protection, applies=is_production, context_keys=("production",)),
    StackRule("cognito-identity-role-leading-keys", ("LF.COG.1",),
              "Identity-pool roles scope DynamoDB access to the caller's own partition (dynamodb:LeadingKeys).",
              check_identity_pool_leading_keys),
)
