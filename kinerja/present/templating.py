"""The one Jinja2 environment every HTML page is rendered with.

Templates are in ``kinerja/present/templates/`` (the feedback pages' in its
``feedback/`` folder). Every value a template prints is escaped; HTML that is
already safe (a notebook's output after :func:`kinerja.present.pages.defang`,
a table from :meth:`pandas.DataFrame.to_html` with ``escape=True``) is marked
``|safe`` in the template, with a comment saying why it is safe. A name the
template uses but the caller did not pass is an error, not a blank.

Numbers and dates are written with the filters ``number``, ``percent`` and
``long_date`` of :mod:`kinerja.core.formatting`, in the ``language`` the page
is rendered in; ``say("namespace.key", **values)`` and ``phrases("namespace")``
read the text catalogue in that language.

Examples
--------
>>> render("page.html.j2", title="<b>Judul</b>", body="", back=None, language="id")[:15]
'<!DOCTYPE html>'
"""

from __future__ import annotations

import html
from datetime import date
from functools import cache
from typing import Any

from jinja2 import (
    Environment,
    PackageLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from kinerja.core import formatting
from kinerja.core.text import Phrases, phrases, say

__all__ = ["environment", "render"]


def _escaped(value: Any) -> Any:
    """Escape a printed value as :func:`html.escape` does.

    Markupsafe would write quotes as ``&#34;`` and ``&#39;``; the pages have
    always written ``&quot;`` and ``&#x27;``, and whoever searches a page for
    an escaped name finds it the same way as before. Values that are already
    markup (``|safe``, macros) pass unchanged.
    """
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape(str(value), quote=True))


def _language(context: Context, language: str | None) -> str:
    return language if language is not None else context["language"]


@pass_context
def _number(context: Context, value: float | None, decimals: int = 0, language: str | None = None) -> str:
    return formatting.number(value, decimals, _language(context, language))


@pass_context
def _percent(context: Context, share: float | None, decimals: int = 0, language: str | None = None) -> str:
    return formatting.percent(share, decimals, _language(context, language))


@pass_context
def _long_date(context: Context, day: date, language: str | None = None) -> str:
    return formatting.long_date(day, _language(context, language))


@pass_context
def _say(context: Context, key: str, /, **values: object) -> str:
    return say(key, context["language"], **values)


@pass_context
def _phrases(context: Context, prefix: str) -> Phrases:
    return phrases(prefix, context["language"])


@cache
def environment() -> Environment:
    """The environment: templates of this package, autoescape on, undefined names raise, blocks trimmed."""
    env = Environment(
        loader=PackageLoader("kinerja.present", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        finalize=_escaped,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(number=_number, percent=_percent, long_date=_long_date)
    env.globals.update(say=_say, phrases=_phrases)
    return env


def render(template: str, /, **context: Any) -> str:
    """Render ``template`` (a path under ``templates/``) with ``context``.

    Every template needs ``language`` ("id" or "en"): the number filters and
    ``say`` write in it.

    Raises
    ------
    jinja2.UndefinedError
        When the template uses a name that ``context`` does not hold.
    """
    return environment().get_template(template).render(**context)
