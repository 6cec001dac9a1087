"""Commands about the model itself: describe a class of the ontology in a language."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from graphkit.cli.core import app, handle_errors

__all__ = ["describe"]


class Lang(StrEnum):
    en = "en"
    fr = "fr"
    nl = "nl"
    de = "de"


class DescribeFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@handle_errors
def describe(
    name: Annotated[str, typer.Argument(
        metavar="CLASS",
        help="A class of the model: a prefixed name (gk:Mandate, org:Membership) or a label in any "
             "language (Mandat, 'Stakeholder assessment').")],
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the description.")] = Lang.en,
    fmt: Annotated[DescribeFormat, typer.Option("--format", help="text, markdown or json.")] = DescribeFormat.text,
) -> None:
    """Describe a class of the model: its label and definition, superclasses, properties and what the
    shapes require of them (counts, datatypes, vocabularies), in the language asked for.

    Exit codes: 0 described; 2 unknown class.
    """
    from graphkit.describe import describe_class

    description = describe_class(name)
    if fmt is DescribeFormat.json:
        typer.echo(description.json())
    elif fmt is DescribeFormat.markdown:
        typer.echo(description.markdown())
    else:
        typer.echo(description.text())
