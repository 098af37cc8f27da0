"""`python -m landfall <command>`: the offline tools.

    preview <stack> [--json]   synthesize a stack under the recording engine and show what it creates
    diff <stack> --base REF    what deploying the working tree would change against a git revision;
                               exits 1 when a stateful or connectivity resource would be deleted or
                               replaced (--allow NAME accepts a named one)
    diagram [--write]          Mermaid picture of accounts, OUs, VPCs, TGW segments and peering;
                               --write updates the copy in README.md
    schema [--out PATH]        write the JSON Schema of the stack files (for editor completion)
    accounts [--json]          every account of the organization, the stack owning its baseline, its regions
    stacks [--base REF]        every stack (or, with --base, those a change can affect) and the GitHub
                               Actions matrices the workflows fan them out with
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from landfall.config.errors import ConfigError


def _preview(args: argparse.Namespace) -> int:
    from landfall.cost.estimate import TOP_LINES
    from landfall.offline.report import build_report

    report = build_report(args.stack, cost_lines=None if args.cost == "all" else TOP_LINES)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, sort_keys=False))
    else:
        print(report.render())
    return report.exit_code


def _diff(args: argparse.Namespace) -> int:
    from landfall.offline.diff import DiffError, diff, render

    try:
        changes = diff(args.stack, args.base, allow=args.allow)
    except DiffError as err:
        print(str(err), file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(changes.to_json(), indent=2))
    else:
        print(render(args.stack, args.base, changes))
    return 1 if changes.errors else 0


def _diagram(args: argparse.Namespace) -> int:
    from landfall.offline.synth import ROOT, stack_names
    from landfall.plan.diagram import embed, render, stack_configs

    mermaid = render(stack_configs(stack_names(ROOT), ROOT))
    if args.write:
        readme = ROOT / "README.md"
        readme.write_text(embed(readme.read_text(), mermaid))
        print(f"updated {readme}")
    else:
        print(mermaid, end="")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from landfall.config.schema import SCHEMA_PATH, stack_file_schema

    out = Path(args.out) if args.out else SCHEMA_PATH
    out.write_text(json.dumps(stack_file_schema(), indent=2) + "\n")
    print(f"wrote {out}")
    return 0


def _accounts(args: argparse.Namespace) -> int:
    from landfall.offline.accounts import account_rows, render
    from landfall.offline.synth import ROOT

    rows = account_rows(args.project_dir or ROOT)
    print(json.dumps(rows, indent=2) if args.json else render(rows))
    return 0 if all(r["baseline_stack"] for r in rows) else 1


def _stacks(args: argparse.Namespace) -> int:
    from landfall.offline import affected as af
    from landfall.offline.synth import ROOT

    project = Path(args.project_dir or ROOT)
    head = af.stack_set(project)
    if args.base:
        try:
            changed = af.changed_files(args.base, project)
            base = af.stack_set_at(args.base, project)
        except subprocess.CalledProcessError as err:
            print(f"cannot compare with {args.base!r}: {(err.stderr or '').strip()}", file=sys.stderr)
            return 2
        result = af.affected(changed, head, base)
    else:
        result = af.Affected({s: ["every stack"] for s in head.names}, [], {})
    chosen = [s for s in result.stacks if not args.only or head.kinds[s] == "baseline"]
    previewed = [s for s in result.previewed if s in chosen]
    outputs = {
        "stacks": chosen,
        "checks": af.matrix(af.shards(chosen, head.kinds, args.shards)),
        "preview": af.matrix(af.shards(previewed, head.kinds, args.shards)),
    }
    if args.github_output:
        with open(args.github_output, "a") as out:
            for key, value in outputs.items():
                out.write(f"{key}={json.dumps(value, separators=(',', ':'))}\n")
            out.write(f"count={len(outputs['checks']['include'])}\npreview_count={len(outputs['preview']['include'])}\n")
    if args.json:
        print(json.dumps({**outputs, "reasons": {s: result.stacks[s] for s in chosen}, "removed": result.removed,
                          "offline_only": result.offline_only}, indent=2))
    else:
        print(af.render(result, args.base) if args.base else "\n".join(chosen))
    return 0


def main(argv: list[str] | None = None) -> int:
    from landfall.offline.gc_tuning import tune_gc

    tune_gc()
    parser = argparse.ArgumentParser(prog="landfall", description="landfall offline tools", epilog=_stacks_epilog(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("preview", help="offline preview of a stack")
    p.add_argument("stack")
    p.add_argument("--json", action="store_true", help="print the inventory as JSON")
    p.add_argument("--cost", choices=["top", "all"], default="top",
                   help="cost lines in the text: the dearest 10 (default) or every resource (the JSON always has all)")
    p.set_defaults(run=_preview)
    d = sub.add_parser("diff", help="offline change-safety diff against a git revision")
    d.add_argument("stack")
    d.add_argument("--base", required=True, help="git revision to compare with, e.g. origin/main")
    d.add_argument("--json", action="store_true")
    d.add_argument("--allow", action="append", default=[], metavar="NAME",
                   help="logical name (or URN) of a route, association, attachment or stateful resource whose "
                   "deletion or replacement is intended; repeatable")
    d.set_defaults(run=_diff)
    g = sub.add_parser("diagram", help="Mermaid diagram of the landing zone from the stack files")
    g.add_argument("--write", action="store_true", help="update the diagram in README.md")
    g.set_defaults(run=_diagram)
    s = sub.add_parser("schema", help="write the stack-file JSON Schema")
    s.add_argument("--out")
    s.set_defaults(run=_schema)
    a = sub.add_parser("accounts", help="organization accounts and the stacks owning their baselines")
    a.add_argument("--json", action="store_true", help="print the rows as JSON (the deploy workflow's matrix)")
    a.add_argument("--project-dir", help=argparse.SUPPRESS)
    a.set_defaults(run=_accounts)
    c = sub.add_parser("policy-config", help="the stack's CrossGuard policy-pack config (waivers, production, quotas)")
    c.add_argument("stack")
    c.add_argument("--out", help="write it to this file (default: print it)")
    c.set_defaults(run=_policy_config)
    t = sub.add_parser("stacks", help="every stack, or those a change can affect, as GitHub Actions matrices")
    t.add_argument("--base", help="git revision to compare with (the pull-request workflow passes origin/main)")
    t.add_argument("--only", choices=["baselines"], help="only the account baseline stacks")
    t.add_argument("--shards", type=int, default=20, help="most jobs per matrix (default 20, at most 256)")
    t.add_argument("--json", action="store_true")
    t.add_argument("--github-output", help="append the matrices as step outputs to this file ($GITHUB_OUTPUT)")
    t.add_argument("--project-dir", help=argparse.SUPPRESS)
    t.set_defaults(run=_stacks)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as err:
        print(err.render(), file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`landfall diff dev --base main --json | head`): stop quietly. Point stdout at
        # /dev/null so the interpreter's final flush does not raise again (the Python docs' SIGPIPE recipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _policy_config(args: argparse.Namespace) -> int:
    from landfall.config.loader import load_stack_file
    from landfall.offline.policy_config import policy_pack_config
    from landfall.offline.synth import ROOT

    text = json.dumps(policy_pack_config(load_stack_file(args.stack, ROOT)), indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


def _stacks_epilog() -> str:
    """The stacks of this project, for --help: the stack files and one baseline-<key> per account they leave."""
    from landfall.offline.synth import ROOT, stack_names

    files = stack_names(ROOT)
    try:
        from landfall.offline.affected import stack_set

        generated = [s for s in stack_set(ROOT).names if s not in files]
    except Exception:  # a broken management file: its own command reports why
        generated = []
    lines = ["stacks:", "  " + " ".join(files)]
    if generated:
        lines.append("  " + " ".join(generated) + "  (account baselines, no stack file needed)")
    return "\n".join(lines)


def cli() -> None:
    """The `landfall` console script (pyproject.toml)."""
    sys.exit(main())


if __name__ == "__main__":
    cli()
