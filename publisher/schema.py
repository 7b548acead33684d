"""JSON Schemas of the guide and layout files, for editors (yaml-language-server)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from publisher.guide import Guide
from publisher.specs import LayoutSpec

FILES = {"guide": "schema/guide.schema.json", "layout": "schema/layout.schema.json"}


def schema_for(what: str) -> dict[str, Any]:
    schema = Guide.model_json_schema() if what == "guide" else TypeAdapter(LayoutSpec).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"publisher {what} file"
    return schema
