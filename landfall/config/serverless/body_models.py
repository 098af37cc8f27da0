"""Request-body models of API routes: the pydantic model a route's handler module validates its body with.

A route names its model (``body_model: CreateOrder``); the model is looked up in the module of the route's
function handler, imported the way Lambda imports it (common.isolated_import: the function's environment, no
credentials), and its ``model_json_schema()`` becomes the API Gateway model (landfall.plan.request_models). So
the API validates with exactly the model the handler validates with, and a renamed or deleted model is a config
problem at preview, not a 500 after deploy.
"""

from __future__ import annotations

import difflib
import importlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping, Optional

from landfall.plan.request_models import SchemaConversionError, to_draft4

from .common import isolated_import


@dataclass(frozen=True)
class BodyModelLookup:
    """The model's pydantic JSON Schema, or why there is none (message, fix)."""

    schema: Optional[dict[str, Any]] = None
    problem: Optional[tuple[str, str]] = None
    import_failed: bool = False  # the handler module itself does not import: its handler check reports that


def _is_pydantic_model(value: Any) -> bool:
    return isinstance(value, type) and callable(getattr(value, "model_json_schema", None)) and hasattr(value, "model_fields")


def body_model_schema(handler: str, model: str, environment: Mapping[str, str], region: str) -> BodyModelLookup:
    """Look ``model`` up in the module of ``handler`` (e.g. services.orders.api.lambda_handler) and return its
    JSON Schema, checked to have a draft-04 form."""
    found = _lookup(handler, model, tuple(sorted(environment.items())), region, os.getcwd())
    schema_text, problem, import_failed = found
    return BodyModelLookup(json.loads(schema_text) if schema_text else None, problem, import_failed)


@lru_cache(maxsize=256)
def _lookup(handler: str, model: str, environment: tuple[tuple[str, str], ...], region: str, cwd: str
            ) -> tuple[Optional[str], Optional[tuple[str, str]], bool]:
    # cwd is part of the cache key only: handlers resolve relative to the project directory.
    module_name = handler.rpartition(".")[0]
    with isolated_import(module_name.split(".")[0], dict(environment), region):
        try:
            module = importlib.import_module(module_name)
        except Exception:  # the handler check reports the import failure with its own message
            return None, None, True
        target = getattr(module, model, None)
        if target is None:
            models = sorted(n for n, v in vars(module).items() if _is_pydantic_model(v) and not n.startswith("_"))
            close = difflib.get_close_matches(model, models, n=1, cutoff=0.6)
            if close:
                fix = f"did you mean {close[0]}?"
            elif models:
                fix = f"name one of the models {module_name} defines or imports: {', '.join(models)}"
            else:
                fix = f"define the body's pydantic model in {module_name}, or import it there"
            return None, (f"module {module_name} (the route's handler module) has no {model}", fix), False
        if not _is_pydantic_model(target):
            return None, (f"{model} in {module_name} is a {type(target).__name__}, not a pydantic model",
                          "name the pydantic BaseModel subclass the handler validates the body with"), False
        try:
            schema = target.model_json_schema()
        except Exception as exc:  # the service's own model: report, never crash the preview
            return None, (f"{model}.model_json_schema() fails: {type(exc).__name__}: {exc}",
                          "make the model's fields JSON-Schema serialisable"), False
    try:
        to_draft4(schema, title=model)
    except SchemaConversionError as exc:
        return None, (f"{model} cannot be an API Gateway model (JSON Schema draft-04): {exc}",
                      "give the body a model without self-references"), False
    return json.dumps(schema, sort_keys=True), None, False
