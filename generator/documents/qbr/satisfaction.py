"""Satisfaction: CSAT, NPS and retention."""

from __future__ import annotations

from ...agenda import N_
from ...render.deck import Slide, Tile, Tiles
from .context import Section, _Context, _nps_text


def _satisfaction(ctx: _Context) -> Section:
    s = ctx.quarter.satisfaction
    if s is None:
        return None
    tiles = []
    notes = []
    if s.csat is not None:
        note = (ctx.lang.ngettext("{n} response", "{n} responses", s.csat_responses)
                if s.csat_responses is not None else "")
        tiles.append(Tile(ctx.lang.percent(s.csat),
                          ctx.gettext("Customer satisfaction (CSAT)"), note))
        notes.append(ctx.say(N_("CSAT is {csat} this quarter."), csat=ctx.lang.percent(s.csat)))
    if s.retention is not None:
        tiles.append(Tile(ctx.lang.percent(s.retention), ctx.gettext("Client retention")))
    if s.nrr is not None:
        tiles.append(Tile(ctx.lang.percent(s.nrr), ctx.gettext("Net revenue retention")))
    blocks = []
    if tiles:
        blocks.append(Tiles(tuple(tiles)))
    if s.nps is not None:
        blocks.append(_nps(ctx, s.nps))
        nps = s.nps
        if nps.responses:
            notes.append(ctx.say(N_("NPS {score}: {promoters} promoters and {detractors} "
                                    "detractors of {responses} responses."),
                                 score=_nps_text(ctx, nps.value),
                                 promoters=ctx.lang.integer(nps.promoters),
                                 detractors=ctx.lang.integer(nps.detractors),
                                 responses=ctx.lang.integer(nps.responses)))
        else:
            notes.append(ctx.say(N_("NPS is {score}."), score=_nps_text(ctx, nps.value)))
    if not blocks:
        return None
    title = ctx.gettext("Satisfaction")
    return title, (Slide(title, tuple(blocks), tuple(notes), ctx.as_of(ctx.end)),)


def _nps(ctx: _Context, nps) -> Tiles:
    score = nps.value
    status = "green" if score >= 30 else ("amber" if score >= 0 else "red")
    note = (ctx.lang.ngettext("{n} response", "{n} responses", nps.responses)
            if nps.responses else "")
    tiles = [Tile(_nps_text(ctx, score), ctx.gettext("Net Promoter Score (NPS)"), note,
                  status=status)]
    if nps.responses:
        for label, count in ((N_("Promoters"), nps.promoters), (N_("Passives"), nps.passives),
                             (N_("Detractors"), nps.detractors)):
            tiles.append(Tile(ctx.lang.integer(count), ctx.gettext(label),
                              ctx.lang.percent(count / nps.responses * 100, 0)))
    return Tiles(tuple(tiles))

