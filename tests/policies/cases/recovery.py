"""Recovery rules: backup coverage of production tables, vault keys and locks, the organization's backup policy."""

from __future__ import annotations

import json

from landfall.plan.recovery import BackupRule, backup_policy_document

from .records import NONPROD, PROD, Case, StackCase, rec

TABLE = "aws:dynamodb/table:Table"
SELECTION = "aws:backup/selection:Selection"
VAULT = "aws:backup/vault:Vault"
LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration"
ORG_POLICY = "aws:organizations/policy:Policy"
TAG = "landfall:backup-plan"

FLOOR = json.dumps(backup_policy_document(BackupRule("cron(0 5 * * ? *)", 35), regions=["eu-west-1"]))


def table(name: str, plan: str | None) -> dict:
    return rec(TABLE, name, {"name": name, "tags": {TAG: plan} if plan else {"owner": "team"}})


def selection(plan: str, type_: str = "STRINGEQUALS") -> dict:
    return rec(SELECTION, f"backup-{plan}", {"selectionTags": [{"type": type_, "key": TAG, "value": plan}]})


RESOURCE_CASES = [
    Case("backup-vault-customer-key",
         passes=[rec(VAULT, "vault", {"name": "landfall-prod", "kmsKeyArn": "arn:aws:kms:eu-west-1:1:key/k"}),
                 rec(VAULT, "floor", {"name": "landfall-org"})],
         fails=[(rec(VAULT, "vault", {"name": "landfall-prod"}),
                 ["LF.REC.3: vault landfall-prod is encrypted with the AWS managed key; give kmsKeyArn (the stack's data key)"])],
         not_applicable=[rec(LOCK, "lock", {"backupVaultName": "landfall-prod"})]),
    Case("organization-backup-policy-valid",
         passes=[rec(ORG_POLICY, "floor", {"type": "BACKUP_POLICY", "content": FLOOR})],
         fails=[(rec(ORG_POLICY, "empty", {"type": "BACKUP_POLICY", "content": json.dumps({"plans": {}})}),
                 ["LF.ORG.5: the backup policy has no plans"]),
                (rec(ORG_POLICY, "holes", {"type": "BACKUP_POLICY", "content": json.dumps({"plans": {"p": {
                    "regions": {"@@assign": []}, "rules": {"daily": {"schedule_expression": {"@@assign": "cron(0 5 * * ? *)"}}},
                    "selections": {"tags": {"t": {"tag_key": {"@@assign": TAG}}}}}}})}),
                 ["LF.ORG.5: backup policy plan p names no regions",
                  "LF.ORG.5: backup policy rule p.daily names no target vault",
                  "LF.ORG.5: backup policy selection p.t names no IAM role"]),
                (rec(ORG_POLICY, "big", {"type": "BACKUP_POLICY", "content": json.dumps({"plans": {}, "x": "y" * 10_000})}),
                 ["LF.ORG.5: the backup policy is 10,022 characters, over the 10,000 Organizations allows",
                  "LF.ORG.5: the backup policy has no plans"])],
         not_applicable=[rec(ORG_POLICY, "scp", {"type": "SERVICE_CONTROL_POLICY", "content": "{}"})]),
]

STACK_CASES = [
    StackCase("production-stateful-backed-up",
              passes=[([table("orders", "daily"), selection("daily")], PROD)],
              fails=[([table("orders", None), table("carts", "hourly"), selection("daily")], PROD,
                      [(table("orders", None)["urn"], "DynamoDB.4: orders is in no backup plan (no landfall:backup-plan "
                                                      "tag); leave landfall:recovery enabled, or tag it with a plan"),
                       (table("carts", "hourly")["urn"], "DynamoDB.4: carts names backup plan 'hourly', but no backup "
                                                         "selection of the stack picks landfall:backup-plan=hourly")]),
                     ([table("orders", "daily"), selection("daily", type_="STRINGLIKE")], PROD,
                      [(table("orders", "daily")["urn"], "DynamoDB.4: orders names backup plan 'daily', but no backup "
                                                         "selection of the stack picks landfall:backup-plan=daily")])],
              not_applicable=[([table("orders", None)], NONPROD)]),
    StackCase("production-vault-locked",
              passes=[([rec(VAULT, "v", {"name": "landfall-prod"}), rec(LOCK, "l", {"backupVaultName": "landfall-prod"}),
                        rec(VAULT, "floor", {"name": "landfall-org"})], PROD)],
              fails=[([rec(VAULT, "v", {"name": "landfall-prod"})], PROD,
                      [(rec(VAULT, "v")["urn"], "LF.REC.2: production vault landfall-prod has no vault lock; recovery "
                                                "points can be deleted early by anyone with backup:DeleteRecoveryPoint")])],
              not_applicable=[([rec(VAULT, "v", {"name": "landfall-dev"})], NONPROD)]),
]
