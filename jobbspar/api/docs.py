"""The API's documentation as a page of the site: rendered on the server from the OpenAPI schema
itself (so it cannot drift from it), with no script and nothing from elsewhere."""

from django.shortcuts import render
from django.utils.translation import get_language
from drf_spectacular.generators import SchemaGenerator

_schemas: dict = {}
METHODS = ["get", "post", "put", "patch", "delete"]


def schema() -> dict:
    """The schema in the current language, made once per process and language."""
    language = get_language()
    if language not in _schemas:
        _schemas[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _schemas[language]


def _schema_name(spec: dict) -> str:
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if spec.get("type") == "array":
        return f"[{_schema_name(spec.get('items', {}))}]"
    return spec.get("type", "")


def operations(api: dict) -> list[dict]:
    found = []
    for path, item in api["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            found.append({
                "id": op["operationId"], "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "tag": (op.get("tags") or [""])[0],
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                "type": _schema_name(p.get("schema", {})), "description": p.get("description", "")}
                               for p in op.get("parameters", [])],
                "body": _schema_name(op.get("requestBody", {}).get("content", {}).get("application/json", {})
                                     .get("schema", {})),
                "responses": [{"status": code, "description": response.get("description", "")}
                              for code, response in op.get("responses", {}).items()],
            })
    return found


def api_docs(request):
    api = schema()
    return render(request, "api/docs.html", {"api": api["info"], "operations": operations(api)})
