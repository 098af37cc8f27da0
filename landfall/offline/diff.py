"""`python -m landfall diff <stack> --base <git-ref>`: synthesize a stack at two revisions, offline, and
report what a deploy of the working tree would add, remove, change and replace.

The base revision is exported with `git archive` into a scratch directory and previewed there with this
venv's Python, so the base is judged by its own code and config.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path
from typing import Any, Iterable

from landfall.plan.changes import ChangeSet, classify

from .affected import stack_set
from .synth import ROOT, synthesize


class DiffError(Exception):
    pass


def inventory_at(ref: str, stack: str, repo: Path = ROOT) -> dict[str, Any]:
    """The preview JSON of `stack` at git revision `ref` (empty if the stack did not exist there)."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=repo, capture_output=True, check=True).stdout
    except subprocess.CalledProcessError as err:
        raise DiffError(f"cannot read revision {ref!r}: {err.stderr.decode().strip()}") from None
    with tempfile.TemporaryDirectory(prefix="landfall-base-") as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        # A stack file, or an account baseline stack the base's organization generates (no file of its own).
        if stack not in stack_set(Path(tmp)).names:
            return {"resources": []}
        result = subprocess.run(
            [sys.executable, "-m", "landfall", "preview", stack, "--json"],
            cwd=tmp,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": tmp},
        )
        if result.returncode != 0:
            raise DiffError(f"the base revision {ref} does not synthesize stack {stack}:\n{result.stderr.strip()}")
        return json.loads(result.stdout)


def diff(stack: str, base_ref: str, repo: Path = ROOT, allow: Iterable[str] = ()) -> ChangeSet:
    head = synthesize(stack, repo).to_json()
    return classify(inventory_at(base_ref, stack, repo), head, allow)


def render(stack: str, base_ref: str, changes: ChangeSet) -> str:
    lines = [f"Changes to {stack} against {base_ref}: {changes.count('added')} to add, {changes.count('changed')} to change, "
             f"{changes.count('replaced')} to replace, {changes.count('removed')} to delete"]
    lines += ["    " + c.render() for c in changes.changes]
    if changes.errors:
        lines += ["", f"{len(changes.errors)} unsafe change(s): stateful, protected or connectivity resources would be deleted or replaced."]
    else:
        lines += ["", "No stateful resource is deleted or replaced."]
    return "\n".join(lines)
