"""The deck: its sections in order, the agenda they make, and the deck written on its template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ... import logos
from ...i18n import Language, Languages
from ...model import Client
from ...names import names_in
from ...render.deck import Deck, Slide
from ...render.pptx import writer as pptx
from ...schedule import quarter_bounds
from .. import health_receipt
from .commercial import _account, _budget, _renewal, _roadmap
from .context import _Context, quarter_label
from .follow_up import _actions, _asks, _barriers, _next
from .hardware import _hardware
from .indicators import _kpi_charts, _kpi_table
from .opening import _agenda, _changes, _summary, _title, _updates
from .outcomes import _outcomes, _wins
from .satisfaction import _satisfaction
from .service import _service, _usage


def render(client: Client, langs: Languages, template: Path, quarter: str | None = None) -> bytes:
    if quarter is None:
        quarter = client.latest_quarter()
    return pptx.write(build(client, langs.primary, quarter), template)


def build(client: Client, lang: Language, quarter: str) -> Deck:
    """The deck of ``quarter`` (a key of ``client.quarters``) in ``lang``."""
    client = names_in(client, lang.code)
    start, end = quarter_bounds(quarter)
    ctx = _Context(client, lang, quarter, client.quarters[quarter], start, end,
                   client.previous_quarter(quarter))
    sections = [s for s in (part(ctx) for part in _PARTS) if s is not None]
    slides: list[Slide] = []
    if sections:
        slides.append(_agenda(ctx, [title for title, _ in sections]))
    for _, found in sections:
        slides.extend(found)
    label = quarter_label(quarter, lang)
    vendor = client.vendor.name
    name = client.client.name
    review = ctx.gettext("Quarterly business review")
    when = ctx.reference
    return Deck(
        title_slide=_title(ctx, review, label),
        slides=tuple(slides),
        footer=f"{name} \u00b7 {label}",
        continued=ctx.gettext("{title} (continued)"),
        logo=vendor,
        created=dt.datetime(when.year, when.month, when.day, 9, 0),
        title=f"{name} \u2014 {review}, {label}",
        subject=review,
        author=vendor,
        language=lang.tag,
        vendor_logo=logos.picture(client.vendor.logo),
        client_logo=logos.picture(client.client.logo),
    )


_PARTS = (_summary, health_receipt.receipt, _changes, _updates, _outcomes, _wins, _kpi_table,
          _kpi_charts, _usage, _service, _account, _renewal, _roadmap, _budget, _hardware,
          _satisfaction, _barriers, _actions, _asks, _next)

