"""landfall policy-as-code.

- `policies.controls`: pure rules over inventory records (`RULES`, `STACK_RULES`), plus the CrossGuard adapters
  (`policies.controls.pack.build_policies`).
- `policies.runner.run_policies`: runs every rule over an offline inventory, no engine needed.
- `policies/__main__.py` + `PulumiPolicy.yaml`: the CrossGuard pack (`pulumi preview --policy-pack policies`).
- `policies/scp/*.json`: service control policy documents.
"""
