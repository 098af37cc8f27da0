"""The README's rule table, generated from the rules (test_pack asserts policies/README.md holds it verbatim).

Regenerate after changing a rule: `.venv/bin/python -m tests.policies.readme_table` and paste the output between the
`rules:start` / `rules:end` markers.
"""

from __future__ import annotations

from policies.controls import MODULES


def _short(token: str) -> str:
    """aws:ec2/subnet:Subnet -> ec2/subnet"""
    return token.split(":", 1)[1].rsplit(":", 1)[0]


def rule_table() -> str:
    lines = ["| rule | controls | checks | enforcement | what passes |", "| --- | --- | --- | --- | --- |"]
    for module in MODULES:
        for rule in getattr(module, "RULES", ()):
            types = ", ".join(f"`{_short(t)}`" for t in rule.resource_types)
            lines.append(f"| `{rule.name}` | {', '.join(rule.controls)} | {types} | {rule.enforcement} | "
                         f"{rule.description} |")
        for rule in getattr(module, "STACK_RULES", ()):
            scope = "stack, production only" if "production" in rule.context_keys else "stack"
            lines.append(f"| `{rule.name}` | {', '.join(rule.controls)} | {scope} | {rule.enforcement} | "
                         f"{rule.description} |")
    return "\n".join(lines)


def advisory_list() -> str:
    return "\n".join(f"- `{rule.name}`: {rule.reason}" for module in MODULES
                     for rule in getattr(module, "RULES", ()) + getattr(module, "STACK_RULES", ())
                     if rule.enforcement == "advisory")


if __name__ == "__main__":
    print(rule_table())
    print()
    print(advisory_list())
