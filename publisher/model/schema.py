"""JSON Schemas of the guide, layout and brand files, for editors (yaml-language-server)."""

from __future__ import annotations

from typing import Any

FILES = ("guide", "layout", "brand")


def schema_for(what: str) -> dict[str, Any]:
    from typing import Annotated, Union

    from pydantic import Field, TypeAdapter

    from publisher.kinds import KINDS
    from publisher.model.brand import Brand
    from publisher.model.guide import Guide

    specs = tuple(kind.spec() for kind in KINDS.values())
    layout = Annotated[Union[specs], Field(discriminator="kind")]  # noqa: UP007
    models = {"guide": Guide, "layout": layout, "brand": Brand}
    schema = TypeAdapter(models[what]).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"publisher {what} file"
    return schema
