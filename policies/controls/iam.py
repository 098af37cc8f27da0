"""IAM controls: no admin or service-wide wildcards, no KMS decrypt on all keys, account password policy."""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping

from .core import Rule, as_list, get, inputs, parse_json, statements
from .kms import statement_label

POLICY = "aws:iam/policy:Policy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
USER_POLICY = "aws:iam/userPolicy:UserPolicy"
GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
ROLE = "aws:iam/role:Role"
PASSWORD_POLICY = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy"
IAM_POLICY_TYPES = (POLICY, ROLE_POLICY, USER_POLICY, GROUP_POLICY, ROLE)

# CIS v3.0.0 1.8 and 1.9.
MIN_PASSWORD_LENGTH = 14
PASSWORD_REUSE_PREVENTION = 24
DECRYPT_ACTIONS = ("kms:Decrypt", "kms:ReEncryptFrom")


def policy_documents(record: Mapping) -> list[tuple[str, object]]:
    """(where, document) for every identity policy a record carries: `policy`, or a role's inline policies."""
    props = inputs(record)
    if record.get("type") == ROLE:
        return [(f'inline policy "{get(p, "name")}" ', get(p, "policy")) for p in as_list(get(props, "inlinePolicies"))
                if get(p, "policy")]
    document = get(props, "policy")
    return [("", document)] if document is not None else []


def allow_statements(record: Mapping) -> list[tuple[str, Mapping]]:
    found = []
    for where, document in policy_documents(record):
        for index, statement in enumerate(statements(document)):
            if statement.get("Effect") == "Allow":
                found.append((f"{where}{statement_label(index, statement)}", statement))
    return found


def actions(statement: Mapping) -> list[str]:
    return [str(a) for a in as_list(statement.get("Action"))]


def resources(statement: Mapping) -> list[str]:
    return [str(r) for r in as_list(statement.get("Resource"))]


def check_policy_json(record: Mapping) -> list[str]:
    return [f"IAM.1: the {where.strip() or 'policy'} is not valid JSON"
            for where, document in policy_documents(record) if parse_json(document) is None]


def check_no_admin(record: Mapping) -> list[str]:
    messages = check_policy_json(record)
    for where, statement in allow_statements(record):
        if "*" in actions(statement) and "*" in resources(statement):
            messages.append(f'IAM.1: {where} allows action "*" on resource "*"; grant named actions on named resources')
    return messages


def check_no_service_wildcard(record: Mapping) -> list[str]:
    messages = []
    for where, statement in allow_statements(record):
        wild = [a for a in actions(statement) if a.endswith(":*")]
        if wild:
            shown = ", ".join(f'"{a}"' for a in wild)
            messages.append(f"IAM.21: {where} allows the service-wide wildcard {shown}; name the actions")
    return messages


def check_no_decrypt_all_keys(record: Mapping) -> list[str]:
    control = "KMS.1" if record.get("type") == POLICY else "KMS.2"
    messages = []
    for where, statement in allow_statements(record):
        if "*" not in resources(statement):
            continue
        granted = [d for d in DECRYPT_ACTIONS
                   if any(fnmatch.fnmatchcase(d.lower(), a.lower()) for a in actions(statement))]
        if granted:
            messages.append(f'{control}: {where} allows {" and ".join(granted)} on resource "*"; '
                            "scope decryption to named key ARNs")
    return messages


def check_password_policy(record: Mapping) -> list[str]:
    props = inputs(record)
    messages = []
    length = get(props, "minimumPasswordLength")
    if length is None or int(length) < MIN_PASSWORD_LENGTH:
        shown = length if length is not None else "not set"
        messages.append(f"CIS 1.8: minimumPasswordLength is {shown}; it must be at least {MIN_PASSWORD_LENGTH}")
    reuse = get(props, "passwordReusePrevention")
    if reuse is None or int(reuse) < PASSWORD_REUSE_PREVENTION:
        shown = reuse if reuse is not None else "not set"
        messages.append(f"CIS 1.9: passwordReusePrevention is {shown}; it must be at least {PASSWORD_REUSE_PREVENTION}")
    return messages


RULES = (
    Rule("iam-no-admin-policy", ("IAM.1",), 'Identity policies never allow action "*" on resource "*".',
         IAM_POLICY_TYPES, check_no_admin),
    Rule("iam-no-service-wildcard", ("IAM.21",), 'Identity policies never allow a "service:*" action.',
         IAM_POLICY_TYPES, check_no_service_wildcard),
    Rule("iam-no-kms-decrypt-on-all-keys", ("KMS.1", "KMS.2"),
         'Identity policies do not allow kms:Decrypt or kms:ReEncryptFrom on resource "*".', IAM_POLICY_TYPES,
         check_no_decrypt_all_keys),
    Rule("iam-account-password-policy", ("CIS 1.8", "CIS 1.9"),
         "The account password policy requires 14 characters and prevents reuse of the last 24 passwords.",
         (PASSWORD_POLICY,), check_password_policy),
)
