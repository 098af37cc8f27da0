"""Pure planning of a REST API's request validation (no pulumi import).

API Gateway validates a request before it invokes the function when the method names a request validator:
required path parameters and headers, and, for a method with a body, the JSON body against a model. Models
are JSON Schema **draft-04**; the handlers describe their bodies with pydantic, whose
``model_json_schema()`` is draft 2020-12. :func:`to_draft4` converts one into the other:

* ``$ref`` into ``$defs`` is inlined (a model holds no references; a recursive model is refused),
* ``const`` becomes a one-value ``enum``, numeric ``exclusiveMinimum``/``exclusiveMaximum`` become draft-04's
  ``minimum`` + ``exclusiveMinimum: true``, ``prefixItems`` becomes the array form of ``items``,
  boolean schemas become ``{}`` / ``{"not": {}}``, ``anyOf [T, null]`` becomes ``type: [T, "null"]``,
* annotations (``title``, ``default``, ``examples``, ...) are left out; validation keywords draft-04 does not
  have (``if``, ``propertyNames``, ``contains``, formats other than draft-04's) are left out **and listed** in
  ``dropped``: there the API is less strict than the model's schema, never stricter, and the handler still
  validates. (The API follows the *schema*: values pydantic's lax mode coerces, such as ``"2"`` for an int or
  duplicate items of a set, are refused by API Gateway although the handler would accept them.)

:func:`plan_request_validation` turns the routes into the plan the component loops over: one model per body
model, one request validator for the API (body and parameters: API Gateway validates a body only where the
method maps its content type to a model, so methods without a body have their parameters checked), and per
route (keyed by :func:`landfall.plan.api.route_key`) its validator, request models and required parameters.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

from .api import route_key
from .serverless import parse_route_path

DRAFT4 = "http://json-schema.org/draft-04/schema#"
JSON_CONTENT_TYPE = "application/json"
BODY_METHODS = ("POST", "PUT", "PATCH")  # the methods whose requests carry a body API Gateway validates
MODEL_NAME_PATTERN = re.compile(r"^[A-Za-z0-9]+$")  # API Gateway model names are alphanumeric
MODEL_REFERENCE_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # a Python class name

# Formats draft-04 defines (section 7.3 of the validation spec); pydantic's others (uuid, date, ...) are dropped.
DRAFT4_FORMATS = frozenset({"date-time", "email", "hostname", "ipv4", "ipv6", "uri"})
# Keywords that only annotate: left out silently (they never change what validates).
ANNOTATIONS = frozenset({"title", "default", "examples", "$comment", "readOnly", "writeOnly", "deprecated",
                         "contentEncoding", "contentMediaType", "contentSchema", "discriminator", "$id",
                         "$anchor", "$schema"})
# Draft-04 validation keywords kept as they are (their subschemas converted).
KEPT = frozenset({"type", "enum", "required", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength",
                  "pattern", "multipleOf", "minProperties", "maxProperties", "description"})
SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
SUBSCHEMA_MAPS = frozenset({"properties", "patternProperties"})
LOCAL_REF = re.compile(r"^#/(\$defs|definitions)/(?P<name>[^/]+)$")


class SchemaConversionError(ValueError):
    """The schema cannot be written as one self-contained draft-04 document."""


@dataclass(frozen=True)
class Draft4Schema:
    schema: dict[str, Any]
    dropped: tuple[str, ...] = ()  # "<json path>: <keyword>" of each validation keyword left out

    @property
    def text(self) -> str:
        """The canonical document API Gateway stores (sorted keys, compact): the same model, the same text."""
        return json.dumps(self.schema, sort_keys=True, separators=(",", ":"))


def to_draft4(schema: Mapping[str, Any], title: Optional[str] = None) -> Draft4Schema:
    """A pydantic (draft 2020-12) JSON Schema as a self-contained draft-04 document with ``$schema`` and
    ``title`` (default: the schema's own title)."""
    definitions = {**dict(schema.get("definitions") or {}), **dict(schema.get("$defs") or {})}
    dropped: list[str] = []
    body = {k: v for k, v in schema.items() if k not in ("$defs", "definitions")}
    converted = _convert(body, "$", definitions, (), dropped)
    head = {"$schema": DRAFT4}
    name = title or schema.get("title")
    if name:
        head["title"] = str(name)
    return Draft4Schema({**head, **converted}, tuple(dropped))


def _convert(node: Any, path: str, definitions: Mapping[str, Any], seen: tuple[str, ...], dropped: list[str]) -> dict[str, Any]:
    if node is True:
        return {}
    if node is False:
        return {"not": {}}
    if not isinstance(node, Mapping):
        raise SchemaConversionError(f"{path} is not a schema: {node!r}")
    out: dict[str, Any] = {}
    if "$ref" in node:
        ref = str(node["$ref"])
        match = LOCAL_REF.match(ref)
        if not match or match["name"] not in definitions:
            raise SchemaConversionError(f"{path}: $ref {ref} is not a definition of the model")
        name = match["name"]
        if name in seen:
            raise SchemaConversionError(f"{path}: {name} refers to itself; a recursive model cannot be inlined into one "
                                        "API Gateway model")
        out.update(_convert(definitions[name], path, definitions, seen + (name,), dropped))
    for key, value in node.items():
        where = f"{path}.{key}"
        if key == "$ref" or key in ANNOTATIONS:
            continue
        if key in KEPT:
            out[key] = list(value) if isinstance(value, (list, tuple)) else value
        elif key == "const":
            out["enum"] = [value]
        elif key == "format":
            if value in DRAFT4_FORMATS:
                out["format"] = value
            else:
                dropped.append(f"{where}: {value}")
        elif key in BOUNDS or key in BOUNDS.values():
            continue  # below: an inclusive and an exclusive bound become one draft-04 bound
        elif key in SUBSCHEMA_LISTS:
            out[key] = [_convert(v, f"{where}[{i}]", definitions, seen, dropped) for i, v in enumerate(value)]
        elif key in SUBSCHEMA_MAPS:
            out[key] = {k: _convert(v, f"{where}.{k}", definitions, seen, dropped) for k, v in value.items()}
        elif key in ("additionalProperties", "additionalItems"):
            out[key] = value if isinstance(value, bool) else _convert(value, where, definitions, seen, dropped)
        elif key == "not":
            out[key] = _convert(value, where, definitions, seen, dropped)
        elif key == "prefixItems":
            out["items"] = [_convert(v, f"{where}[{i}]", definitions, seen, dropped) for i, v in enumerate(value)]
            rest = node.get("items")
            if rest is not None:
                out["additionalItems"] = rest if isinstance(rest, bool) else _convert(rest, f"{path}.items", definitions, seen, dropped)
        elif key == "items":
            if "prefixItems" in node:
                continue  # handled with prefixItems: in 2020-12 it is the schema of the items after them
            if isinstance(value, (list, tuple)):
                out[key] = [_convert(v, f"{where}[{i}]", definitions, seen, dropped) for i, v in enumerate(value)]
            else:
                out[key] = _convert(value, where, definitions, seen, dropped)
        elif key == "dependencies":
            out[key] = {k: (list(v) if isinstance(v, (list, tuple)) else _convert(v, f"{where}.{k}", definitions, seen, dropped))
                        for k, v in value.items()}
        else:
            dropped.append(f"{where}")
    for inclusive, exclusive in BOUNDS.items():
        out.update(_bound(node, inclusive, exclusive))
    return _collapse_nullable(out)


BOUNDS = {"minimum": "exclusiveMinimum", "maximum": "exclusiveMaximum"}


def _bound(node: Mapping[str, Any], inclusive: str, exclusive: str) -> dict[str, Any]:
    """2020-12 has independent numeric ``minimum`` and ``exclusiveMinimum``; draft-04 one ``minimum`` whose
    ``exclusiveMinimum: true`` makes it exclusive. The stricter of the two wins (and likewise for maximum)."""
    low, strict = node.get(inclusive), node.get(exclusive)
    if isinstance(strict, bool):  # already draft-04's form
        return {k: node[k] for k in (inclusive, exclusive) if k in node}
    if strict is None:
        return {} if low is None else {inclusive: low}
    if low is not None and (low > strict if inclusive == "minimum" else low < strict):
        return {inclusive: low}
    return {inclusive: strict, exclusive: True}


_COMPOSITION = ("anyOf", "oneOf", "allOf", "not", "enum")


def _collapse_nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [{type: T, ...}, {type: null}]`` (pydantic's ``T | None``) -> ``{type: [T, "null"], ...}``."""
    branches = schema.get("anyOf")
    if not isinstance(branches, list) or len(branches) != 2 or {"type": "null"} not in branches:
        return schema
    other = branches[0] if branches[1] == {"type": "null"} else branches[1]
    if not isinstance(other.get("type"), str) or any(k in other for k in _COMPOSITION):
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    if set(rest) & set(other):
        return schema  # the same keyword outside and inside: keep anyOf rather than merge
    return {**rest, **other, "type": [other["type"], "null"]}


# --- the plan -----------------------------------------------------------------------------------------------


def model_name(reference: str) -> str:
    """The API Gateway model name of a body model (``Create_Order`` -> ``CreateOrder``): letters and digits only."""
    return re.sub(r"[^A-Za-z0-9]", "", reference)


def model_name_clashes(references: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of different body models that would get the same API Gateway model name."""
    first: dict[str, str] = {}
    clashes = []
    for reference in references:
        seen = first.setdefault(model_name(reference), reference)
        if seen != reference and (seen, reference) not in clashes:
            clashes.append((seen, reference))
    return clashes


def takes_body(method: str) -> bool:
    return method.upper() in BODY_METHODS


def request_parameters(path: str, headers: Sequence[str] = ()) -> dict[str, bool]:
    """The method's required request parameters: every path parameter, then each required header."""
    parts, _ = parse_route_path(path)
    found = {f"method.request.path.{p.param}": True for p in parts if p.is_variable}
    found.update({f"method.request.header.{h}": True for h in headers})
    return found


@dataclass(frozen=True)
class Validator:
    key: str  # stable logical-name part
    name: str  # API Gateway's name (unique within the API)
    validate_body: bool
    validate_parameters: bool


# One per API: it validates the body wherever the method maps application/json to a model, and the required
# parameters (path parameters, required headers) of every method.
REQUEST_VALIDATOR = Validator("request", "body-and-parameters", validate_body=True, validate_parameters=True)


@dataclass(frozen=True)
class RequestModel:
    reference: str  # the route config's body_model, e.g. CreateOrder
    name: str  # the API Gateway model name
    schema: str  # the draft-04 document (canonical JSON)
    dropped: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class MethodValidation:
    validator: Validator
    request_models: Mapping[str, str] = field(default_factory=dict)  # content type -> model name
    request_parameters: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidationPlan:
    models: tuple[RequestModel, ...]
    validators: tuple[Validator, ...]
    methods: Mapping[str, MethodValidation]  # route_key(method, path) -> its validation

    def fingerprint(self) -> dict[str, str]:
        """What a deployment must snapshot beyond the routes: a changed model schema redeploys the stage."""
        return {m.name: hashlib.sha256(m.schema.encode()).hexdigest() for m in self.models}


def plan_request_validation(routes: Iterable[Any], schemas: Mapping[str, Mapping[str, Any]]) -> ValidationPlan:
    """Validation for every route (objects with method, path, body_model and required_headers).

    ``schemas``: body model reference -> the model's pydantic JSON Schema. Every route gets the API's one
    request validator; a route with a body model also its model for application/json. Raises
    SchemaConversionError for a schema that has no draft-04 form (the config check reports that first),
    ValueError for two body models with one API Gateway name.
    """
    routes = list(routes)
    references = sorted({r.body_model for r in routes if r.body_model})
    clashes = model_name_clashes(references)
    if clashes:
        raise ValueError(f"body models {clashes[0][0]} and {clashes[0][1]} get the same API Gateway model name")
    models = []
    for reference in references:
        converted = to_draft4(schemas[reference], title=model_name(reference))
        models.append(RequestModel(reference, model_name(reference), converted.text, converted.dropped))
    by_reference = {m.reference: m for m in models}
    methods: dict[str, MethodValidation] = {}
    for route in routes:
        parameters = request_parameters(route.path, list(getattr(route, "required_headers", ()) or ()))
        body = {JSON_CONTENT_TYPE: by_reference[route.body_model].name} if route.body_model else {}
        methods[route_key(route.method, route.path)] = MethodValidation(REQUEST_VALIDATOR, body, parameters)
    return ValidationPlan(tuple(models), (REQUEST_VALIDATOR,) if methods else (), methods)
