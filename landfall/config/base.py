"""Base class for every config model: immutable, strict, unknown keys rejected."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

# pydantic turns true/false into 1/0 for an int field, and YAML 1.1 reads yes/no/on/off as booleans, so
# `reserved_concurrency: off` would silently reserve 0 (a function that never runs). Numbers must be numbers.
BOOL_FOR_NUMBER = "bool_for_number"
# A name, id, ARN or setting never holds a newline or a tab; the usual source is a YAML block scalar (`|`, `>`),
# which ends with a newline that many of AWS's patterns reject (and Python's `$` would let through). Descriptions
# are free text; dict values (environment variables, exemption reasons) may be multi-line and are not checked here.
CONTROL_CHARACTER = "control_character"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FREE_TEXT_FIELDS = frozenset({"description"})


class StrictModel(BaseModel):
    """Frozen and ``extra="forbid"``: a typo in a stack file is an error, never ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    @field_validator("*", mode="before")
    @classmethod
    def _plain_scalars(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name
        if name is None:
            return value
        if isinstance(value, bool) and _takes_number_not_bool(cls, name):
            raise PydanticCustomError(BOOL_FOR_NUMBER, f"is a boolean ({str(value).lower()}), not a number")
        if name not in FREE_TEXT_FIELDS:
            items = enumerate(value) if isinstance(value, list) else [(None, value)]
            for i, item in items:
                if isinstance(item, str) and _CONTROL.search(item):
                    where = "" if i is None else f"item {i} "
                    raise PydanticCustomError(CONTROL_CHARACTER, f"{where}contains a newline, tab or other control character")
        return value


def _takes_number_not_bool(model: type[BaseModel], field_name: str) -> bool:
    field = model.model_fields.get(field_name)
    if field is None:
        return False
    annotation = field.annotation
    origin = typing.get_origin(annotation)
    options = typing.get_args(annotation) if origin is typing.Union or origin is types.UnionType else (annotation,)
    return bool({int, float} & set(options)) and bool not in options
