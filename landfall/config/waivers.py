"""`landfall:stack.policy_waivers`: a stack may waive a named advisory policy rule, with a reason.

The preview prints a waived rule's findings as waived (with the reason) instead of as findings, so a stack
that lacks interface endpoints on purpose is not drowned in the same advice. Mandatory rules cannot be
waived this way: they block `pulumi up`, and only a change to the rule (or the resource) may lift that.
"""

from __future__ import annotations

from .errors import Problem

SECTION = "landfall:stack.policy_waivers"
MIN_REASON = 10  # a reason says why, not "n/a"


def waiver_problems(waivers: dict[str, str]) -> list[Problem]:
    if not waivers:
        return []
    from policies.controls import RULES, STACK_RULES  # pure: no pulumi, no pulumi_policy

    rules = {r.name: r for r in (*RULES, *STACK_RULES)}
    found = []
    for name, reason in waivers.items():
        path = f"{SECTION}.{name}"
        rule = rules.get(name)
        if rule is None:
            found.append(Problem(path, "is not a rule of the policy pack", "use a rule name from policies/README.md", name))
        elif rule.enforcement == "mandatory":
            found.append(Problem(path, "is a mandatory rule; mandatory rules cannot be waived in a stack file",
                                 "fix the resource, or change the rule's enforcement in policies/ with review", name))
        if len(reason.strip()) < MIN_REASON:
            found.append(Problem(path, f"needs a reason of at least {MIN_REASON} characters", "say why the advice does not apply to this stack", reason))
    return found
