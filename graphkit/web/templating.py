"""The app's Jinja2 templates (``graphkit/web/templates``), autoescaping, in the language spoken.

Words come from the catalogues through :func:`graphkit.i18n._`, so a template says what the CLI
would say, in the request's language. Every value is escaped (a name such as
``<img src=x onerror=...>`` is shown as text); ``data_json`` puts data for the page's script into
a ``<script type="application/json">`` block, escaped so that it cannot close the block.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from graphkit import i18n

__all__ = ["environment", "TEMPLATE_DIR", "STATIC_DIR", "data_json"]

TEMPLATE_DIR = Path(__file__).with_name("templates")
STATIC_DIR = Path(__file__).with_name("static")


def data_json(value) -> Markup:
    """``value`` as JSON safe inside ``<script type="application/json">`` (no ``</script>``, no ``<!--``)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # noqa: S704  (escaped above for a JSON script block)


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        _=i18n._, ngettext=i18n.ngettext, format_date=i18n.format_date, format_number=i18n.format_number,
        format_amount=i18n.format_amount, kind_label=i18n.kind_label, relation_label=i18n.relation_label,
        pick_label=i18n.pick_label)
    env.filters["data_json"] = data_json
    return env
