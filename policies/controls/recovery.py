"""Recovery controls: every stateful resource of a production stack is in a backup plan (DynamoDB.4), the
plans' vaults are encrypted with a customer-managed key and locked in production, and the organization's
backup policy is well formed."""

from __future__ import annotations

from collections.abc import Mapping

from landfall.plan.recovery import BACKED_UP_TYPES, BACKUP_POLICY_MAX_CHARS, BACKUP_POLICY_TYPE, BACKUP_TAG, ORG_VAULT_NAME

from .core import Rule, StackRule, as_list, by_type, get, inputs, is_production, parse_json

SELECTION = "aws:backup/selection:Selection"
PLAN = "aws:backup/plan:Plan"
VAULT = "aws:backup/vault:Vault"
VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
ORG_POLICY = "aws:organizations/policy:Policy"


def _selected_plans(records: list) -> set[str]:
    """The landfall:backup-plan values some selection of the stack picks resources by."""
    selected = set()
    for selection in by_type(records, SELECTION):
        for tag in as_list(get(inputs(selection), "selectionTags")):
            if get(tag, "key") == BACKUP_TAG and str(get(tag, "type", default="")).upper() == "STRINGEQUALS":
                selected.add(str(get(tag, "value")))
    return selected


def check_backup_coverage(records: list, context: dict) -> list[tuple[str, str]]:
    selected = _selected_plans(records)
    found = []
    for record in by_type(records, *BACKED_UP_TYPES):
        plan = get(inputs(record), "tags", BACKUP_TAG)
        if plan is None:
            found.append((record["urn"], f"DynamoDB.4: {record.get('name')} is in no backup plan (no {BACKUP_TAG} tag); "
                                         "leave landfall:recovery enabled, or tag it with a plan"))
        elif str(plan) not in selected:
            found.append((record["urn"], f"DynamoDB.4: {record.get('name')} names backup plan {plan!r}, but no backup "
                                         f"selection of the stack picks {BACKUP_TAG}={plan}"))
    return found


def check_vault_lock(records: list, context: dict) -> list[tuple[str, str]]:
    locked = {str(get(inputs(lock), "backupVaultName")) for lock in by_type(records, VAULT_LOCK)}
    found = []
    for vault in by_type(records, VAULT):
        name = str(get(inputs(vault), "name", default=vault.get("name")))
        # Vaults a stack's own plans write to (the baseline's landfall-org vault serves the organization's policy).
        if name.startswith("landfall-") and name != ORG_VAULT_NAME and name not in locked:
            found.append((vault["urn"], f"LF.REC.2: production vault {name} has no vault lock; recovery points can be "
                                        "deleted early by anyone with backup:DeleteRecoveryPoint"))
    return found


def check_vault_key(record: Mapping) -> list[str]:
    if get(inputs(record), "kmsKeyArn"):
        return []
    name = get(inputs(record), "name")
    if name == ORG_VAULT_NAME:
        return []  # the floor vault takes AWS Backup's key where the baseline has no regional key
    return [f"LF.REC.3: vault {name} is encrypted with the AWS managed key; give kmsKeyArn (the stack's data key)"]


def _policy_content(record: Mapping):
    return parse_json(get(inputs(record), "content"))


def check_backup_policy(record: Mapping) -> list[str]:
    if get(inputs(record), "type") != BACKUP_POLICY_TYPE:
        return []
    content = get(inputs(record), "content")
    document = _policy_content(record)
    messages = []
    if isinstance(content, str) and len(content) > BACKUP_POLICY_MAX_CHARS:
        messages.append(f"LF.ORG.5: the backup policy is {len(content):,} characters, over the {BACKUP_POLICY_MAX_CHARS:,} "
                        "Organizations allows")
    plans = get(document, "plans")
    if not isinstance(plans, Mapping) or not plans:
        return messages + ["LF.ORG.5: the backup policy has no plans"]
    for name, plan in plans.items():
        if not as_list(get(plan, "regions", "@@assign")):
            messages.append(f"LF.ORG.5: backup policy plan {name} names no regions")
        rules = get(plan, "rules")
        if not isinstance(rules, Mapping) or not rules:
            messages.append(f"LF.ORG.5: backup policy plan {name} has no rules")
        else:
            for rule_name, rule in rules.items():
                if not get(rule, "target_backup_vault_name", "@@assign"):
                    messages.append(f"LF.ORG.5: backup policy rule {name}.{rule_name} names no target vault")
        selections = get(plan, "selections", "tags")
        if not isinstance(selections, Mapping) or not selections:
            messages.append(f"LF.ORG.5: backup policy plan {name} selects nothing")
        else:
            for selection_name, selection in selections.items():
                if not get(selection, "iam_role_arn", "@@assign"):
                    messages.append(f"LF.ORG.5: backup policy selection {name}.{selection_name} names no IAM role")
    return messages


RULES = (
    Rule("backup-vault-customer-key", ("LF.REC.3",), "Backup vaults of the stack's plans use a customer-managed key.",
         (VAULT,), check_vault_key),
    Rule("organization-backup-policy-valid", ("LF.ORG.5",),
         "Backup policies fit the quota and name regions, rules with a vault, and selections with a role.",
         (ORG_POLICY,), check_backup_policy),
)

STACK_RULES = (
    StackRule("production-stateful-backed-up", ("DynamoDB.4", "LF.REC.1"),
              "In production, every DynamoDB table (and Aurora cluster, EFS) is selected by a backup plan of the stack.",
              check_backup_coverage, applies=is_production, context_keys=("production",)),
    StackRule("production-vault-locked", ("LF.REC.2",), "In production, the vaults the stack's plans write to are locked.",
              check_vault_lock, enforcement="advisory",
              reason="compliance-mode locks are irreversible; a stack may choose governance or none consciously",
              applies=is_production, context_keys=("production",)),
)
