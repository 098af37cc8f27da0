"""JSON Schema of `Pulumi.<stack>.yaml`, generated from the config models (editors complete from it).

`tests/config/test_schema.py` keeps the committed file in sync with the models.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from .model import StackConfig

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "landfall.schema.json"


def stack_file_schema() -> dict[str, Any]:
    model = copy.deepcopy(StackConfig.model_json_schema(by_alias=True, mode="validation"))
    defs = model.pop("$defs", {})
    model["properties"].pop("name", None)
    sections = sorted(model["properties"])
    known = "|".join(s.split(":", 1)[1] for s in sections)
    config = {
        "type": "object",
        "description": "Stack config. landfall reads the landfall:* keys; other namespaces (aws:, pulumi:) pass through.",
        "properties": model["properties"],
        "required": model.get("required", []),
        # Unknown landfall:* sections are errors; other namespaces are allowed.
        "patternProperties": {f"^landfall:(?!({known})$)": False},
        "additionalProperties": True,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://landfall.dev/schema/landfall.schema.json",
        "title": "landfall stack file (Pulumi.<stack>.yaml)",
        "type": "object",
        "properties": {
            "config": config,
            "environment": {"type": "array", "items": {"type": "string"}, "description": "Pulumi ESC environments to import."},
            "secretsprovider": {"type": "string"},
            "encryptedkey": {"type": "string"},
            "encryptionsalt": {"type": "string"},
        },
        "required": ["config"],
        "additionalProperties": False,
        "$defs": defs,
    }
