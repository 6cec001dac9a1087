"""Commands about the model itself: describe a class of the ontology in a language."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from graphkit.cli.core import app, handle_errors
from graphkit.i18n import N_

__all__ = ["describe"]


class DescribeFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@handle_errors
def describe(
    name: Annotated[str, typer.Argument(
        metavar="CLASS",
        help=N_("A class of the model: a prefixed name (gk:Mandate, org:Membership) or a label in any "
             "language (Mandat, 'Stakeholder assessment')."))],
    fmt: Annotated[DescribeFormat, typer.Option("--format", help=N_("text, markdown or json."))] = DescribeFormat.text,
) -> None:
    """Describe a class of the model: its label and definition, superclasses, properties and what the
    shapes require of them (counts, datatypes, vocabularies), in the language of --lang.

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
