"""/api/ (an index of the interface) and /api/docs/ (its documentation in Chinese), both drawn
from the OpenAPI schema that drf-spectacular builds, so they can never drift from the code.
Served by the project: no Swagger UI from another host."""

from __future__ import annotations

from functools import lru_cache

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")
WHERE = {"query": "查询参数", "path": "路径参数", "header": "请求头"}
AUTHENTICATION = "请求头 Authorization: Token <令牌>；令牌由系统管理员在管理后台为调用系统签发。"


@lru_cache(maxsize=1)
def _schema() -> dict:
    """Built once per process: the schema follows the code, not the request (building it walks
    every API view, too much work for each hit of a public page)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict) -> list[dict]:
    rows = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary") or op.get("description", "").split("\n")[0],
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "where": WHERE.get(p.get("in"), p.get("in")),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "secured": bool(op.get("security")),
                }
            )
    return rows


@require_GET
def api_index(request):
    """The API's front door: what it offers and where its schema and documentation are."""
    schema = _schema()
    base = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        {
            "name": "电子政务系统开放接口",
            "version": schema.get("info", {}).get("version", ""),
            "schema": base + reverse("api:schema"),
            "docs": base + reverse("api_docs"),
            "authentication": AUTHENTICATION,
            "endpoints": [
                {"method": op["method"], "path": op["path"], "summary": op["summary"]}
                for op in _operations(schema)
            ],
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


@require_GET
def api_docs(request):
    schema = _schema()
    return render(
        request,
        "platform_core/api_docs.html",
        {"info": schema.get("info", {}), "operations": _operations(schema)},
    )
