"""Names in a document's language.

Any name of a client file (the client, the vendor, contacts, team members,
presenters, owners, assets) is a string or one per language
(:data:`~generator.model.NameText`). A document in a language uses the name
given in it, else the one in the client's language, else the first given:
an English deck of a Russian client reads "Presented by Maria Levchenko"
when the file gives that name in English.
"""

from __future__ import annotations

from .fields import replaced
from .model import Client, NameText


def name_in(value: str | dict[str, str], lang: str, home: str) -> str:
    """``value`` in ``lang``, else in ``home`` (the client's language), else the first."""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(home) or next(iter(value.values()))


def names_in(client: Client, lang: str) -> Client:
    """``client`` with every name a plain string in ``lang`` (see :func:`name_in`)."""
    home = client.client.language
    return replaced(client, Client, NameText, lambda value: name_in(value, lang, home))
