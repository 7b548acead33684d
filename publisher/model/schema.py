"""JSON Schemas of the guide, layout and brand files, for editors (yaml-language-server)."""

from __future__ import annotations

from typing import Any

KINDS = ("guide", "layout", "brand")


def schema_for(what: str) -> dict[str, Any]:
    from pydantic import TypeAdapter

    from publisher.model.brand import Brand
    from publisher.model.guide import Guide
    from publisher.model.layout import LayoutSpec

    models = {"guide": Guide, "layout": LayoutSpec, "brand": Brand}
    schema = TypeAdapter(models[what]).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"publisher {what} file"
    return schema
