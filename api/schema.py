"""What the OpenAPI document says beyond the serializers: errors, nulls, links.

A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]), so the
schema says all the API does: each operation's error statuses with one `Error` component
(docs/api.md#errors), the fields that may be null, the redacted person, and the links a client
(or schemathesis) follows from a registered petition to its case and its transitions.
"""

ERROR = {
    "type": "object",
    "description": "400: each field named with its messages (`non_field_errors` for the "
    "whole body). Any other status: `detail`; a locked-out username also `code`.",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    # A list of messages; a nested object or list of them for a nested field (a representative).
    "additionalProperties": {"anyOf": [{"type": "array"}, {"type": "object"}]},
}
REDACTED = {
    "type": "object",
    "description": "A denouncer the caller may not see.",
    "properties": {"redacted": {"type": "boolean", "enum": [True]}},
    "required": ["redacted"],
    "additionalProperties": False,
}
MESSAGES = {
    "400": "A field is missing or invalid, or the body is not a JSON object.",
    "401": "Not signed in.",
    "403": "The role may not do this.",
    "404": "No such case, or out of reach; no such transition or tracking code.",
    "409": "The case's state does not allow it, or someone else changed the case.",
    "429": "Too many requests: rate-limited or locked out.",
    "503": "A service the request needs is down for a moment.",
}
# (schema component, its field) that may be null although the serializer does not say so.
NULLABLE = {
    ("CaseList", "handler"),
    ("FoundCase", "handler"),
    ("CaseDetail", "handler"),
    ("CaseList", "due_date"),
    ("FoundCase", "due_date"),
    ("CaseDetail", "due_date"),
    ("TransitionResult", "due_date"),
    ("Unit", "parent"),
    ("Locality", "parent"),
}
ERROR_REF = {"$ref": "#/components/schemas/Error"}
TRANSITION_PREFIX = "/api/v1/cases/{reference}/transitions/"


def _statuses(path: str, method: str, operation: dict) -> list[str]:
    public = {} in operation.get("security", [{}])
    statuses = ["400", "404", "429"] if public else ["400", "401", "403", "404"]
    if path.startswith(TRANSITION_PREFIX) or path == "/api/v1/petitions/":
        statuses.append("409")
    if path in ("/api/v1/auth/token/", "/api/v1/track/{code}/"):
        statuses.append("429")
    if path == "/api/v1/cases/":
        statuses.append("503")
    return sorted(set(statuses))


def _add_errors(schema: dict) -> None:
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code in _statuses(path, method, operation):
                responses.setdefault(code, {"description": MESSAGES[code]})
            for code, response in responses.items():
                if code >= "400":
                    response["content"] = {"application/json": {"schema": ERROR_REF}}


def _make_nullable(schemas: dict) -> None:
    for component, field in NULLABLE:
        properties = schemas.get(component, {}).get("properties", {})
        if field in properties:
            properties[field]["nullable"] = True


def _allow_redacted(schemas: dict) -> None:
    petition = schemas.get("PetitionOutput", {}).get("properties", {})
    person = {"$ref": "#/components/schemas/PetitionerOutput"}
    either = [person, {"$ref": "#/components/schemas/Redacted"}]
    if "petitioner" in petition:
        petition["petitioner"] = {"oneOf": either, "nullable": True, "readOnly": True}
    if "representatives" in petition:
        petition["representatives"] = {
            "type": "array",
            "items": {"oneOf": either},
            "readOnly": True,
        }


def _add_links(schema: dict) -> None:
    """Link a registered petition to its case, and a case to each of its transitions."""
    paths = schema["paths"]
    case = {"reference": "$response.body#/case"}
    links = {"GetCase": {"operationId": "v1_cases_retrieve", "parameters": case}}
    for path, item in paths.items():
        if path.startswith(TRANSITION_PREFIX):
            operation_id = item["post"]["operationId"]
            links[operation_id] = {"operationId": operation_id, "parameters": case}
    created = paths["/api/v1/petitions/"]["post"]["responses"]["201"]
    created["links"] = links
    detail = paths["/api/v1/cases/{reference}/"]["get"]["responses"]["200"]
    detail["links"] = {
        name: {**link, "parameters": {"reference": "$response.body#/reference"}}
        for name, link in links.items()
        if name != "GetCase"
    }


def _json_bodies_only(schema: dict) -> None:
    """Document request bodies as JSON, the API's format (docs/api.md#conventions)."""
    for item in schema["paths"].values():
        for operation in item.values():
            content = (
                operation.get("requestBody", {}).get("content")
                if isinstance(operation, dict)
                else None
            )
            if content and "application/json" in content:
                for media_type in [name for name in content if name != "application/json"]:
                    del content[media_type]


def complete(result: dict, generator, request, public) -> dict:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["Redacted"] = REDACTED
    _add_errors(result)
    _make_nullable(schemas)
    _allow_redacted(schemas)
    _add_links(result)
    _json_bodies_only(result)
    return result
