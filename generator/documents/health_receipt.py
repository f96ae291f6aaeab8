"""The deck's health: the executive summary's score and the "How this score is made" slide.

The score and its receipt come from :mod:`generator.health`, computed as of the
quarter's end with the settings of ``docgen.toml`` (:func:`generator.resources.
health_settings`). Here they are put in words, in the deck's language. Both
functions take the deck's context (the client, the quarter's key, the language).
"""

from __future__ import annotations

from babel.numbers import get_minus_sign_symbol, get_plus_sign_symbol

from .. import health as scoring
from ..agenda import N_
from ..i18n import Language, fill, mid_sentence
from ..render.deck import Cell, Column, Paragraph, Slide, Table, Text
from ..resources import health_settings
from . import kpi as kpis

BAND_LABELS = {
    "green": (N_("On track"), "green"),
    "amber": (N_("Needs attention"), "amber"),
    "red": (N_("At risk"), "red"),
}
INPUT_LABELS = {
    "kpi_progress": N_("KPI progress to target"),
    "sla": N_("SLA attainment"),
    "csat": N_("Customer satisfaction (CSAT)"),
    "nps": N_("Net Promoter Score (NPS)"),
    "nrr": N_("Net revenue retention"),
    "usage_trend": N_("Usage trend (active users)"),
    "overdue_actions": N_("Overdue action items"),
    "open_barriers": N_("Open adoption barriers"),
}
UP, DOWN = "\u25b2", "\u25bc"  # ▲ ▼
DASH = "\u2014"

_LAST: list = []
"""The last deck's health: the summary and the receipt of one deck ask for it in turn."""


def health_of(ctx) -> tuple[scoring.Health, tuple[str, int] | None]:
    """The quarter's health and its change since the file's previous quarter."""
    settings = health_settings()
    key = (ctx.client, ctx.key, settings)
    if _LAST and _LAST[0][0][0] is key[0] and _LAST[0][0][1:] == key[1:]:
        return _LAST[0][1]
    health = scoring.evaluate(ctx.client, ctx.key, settings)
    found = (health, scoring.change(ctx.client, ctx.key, settings, health))
    _LAST[:] = [(key, found)]
    return found


def band_label(lang: Language, band: str) -> str:
    return lang.gettext(BAND_LABELS[band][0])


def score_text(lang: Language, score: int) -> str:
    return fill(lang.gettext("{score} of 100"), score=lang.integer(score))


def change_text(lang: Language, quarter_label: str, moved: int) -> str:
    """"▲ 11 points since Q3 2026", "No change since Q3 2026"."""
    if moved == 0:
        return fill(lang.gettext("No change since {quarter}"), quarter=quarter_label)
    words = lang.ngettext("{n} point since {quarter}", "{n} points since {quarter}", abs(moved))
    return f"{UP if moved > 0 else DOWN} {fill(words, quarter=quarter_label)}"


def summary(ctx, quarter_label) -> list[Paragraph]:
    """The executive summary's health: the band shown (the CSM's, when set), the score and
    its change since the previous quarter. Empty with neither a score nor a band set."""
    lang = ctx.lang
    found, moved = health_of(ctx)
    if found.shown is None:
        return []
    label, colour = BAND_LABELS[found.shown]
    out = [Paragraph(lang.gettext("Overall health"), "heading"),
           Paragraph(lang.gettext(label), "status", status=colour)]
    facts = []
    if found.score is not None:
        text = fill(lang.gettext("Health score: {score}"), score=score_text(lang, found.score))
        if found.override is not None:
            text = fill(lang.gettext("Score from the data: {score} ({band})"),
                        score=score_text(lang, found.score), band=band_label(lang, found.band))
        facts.append(text)
        if moved is not None:
            facts.append(change_text(lang, quarter_label(moved[0], lang), moved[1]))
    if found.override is not None:
        out.append(Paragraph(_set_by(lang, found), "plain"))
    if facts:
        out.append(Paragraph("; ".join(facts), "plain"))
    return out


def _set_by(lang: Language, found: scoring.Health) -> str:
    reason = lang.text(found.reason)
    if reason:
        return fill(lang.gettext("Set by the account team: {reason}"), reason=reason)
    return lang.gettext("Set by the account team")


def value_text(lang: Language, line: scoring.Line) -> str:
    """An input's value as the receipt shows it, with what it is made of."""
    r = line.reading
    if r.value is None:
        return lang.gettext("Not measured")
    name = line.name
    if name == "kpi_progress":
        return (f"{lang.percent(r.value, 0)} \u00b7 "
                + lang.ngettext("{n} KPI", "{n} KPIs", r.of))
    if name == "sla":
        return fill(lang.gettext("{met} of {n} targets met"), met=lang.integer(r.met),
                    n=lang.integer(r.of))
    if name in ("csat", "nrr"):
        return lang.percent(r.value)
    if name == "nps":
        return kpis.delta(lang, round(r.value), "number", "")  # as the deck shows NPS
    if name == "usage_trend":
        between = fill(lang.gettext("from {start} to {end}"), start=lang.integer(int(r.start)),
                       end=lang.integer(int(r.end)))
        return f"{signed(lang, r.value, lang.percent(abs(r.value)))} ({between})"
    if name == "overdue_actions":
        return fill(lang.gettext("{count} overdue of {n}"), count=lang.integer(int(r.value)),
                    n=lang.integer(r.of))
    return fill(lang.gettext("{count} open of {n}"), count=lang.integer(int(r.value)),
                n=lang.integer(r.of))


def signed(lang: Language, value: float, text: str) -> str:
    """``text`` (the size of ``value``) with the sign of ``value``: +58, −3.5 %."""
    if round(value, 1) == 0:
        return text
    sign = get_plus_sign_symbol(lang.locale) if value > 0 else get_minus_sign_symbol(lang.locale)
    return sign + text


def receipt(ctx) -> tuple[str, tuple[Slide, ...]] | None:
    """The "How this score is made" slide: each input's value, weight and points, the
    bands, what was missing and the band set by the account team. None without a score."""
    lang = ctx.lang
    found, _ = health_of(ctx)
    if found.score is None:
        return None
    columns = (Column(lang.gettext("Input"), 2.6), Column(lang.gettext("Value"), 2.2),
               Column(lang.gettext("Weight"), 1.2, "right"),
               Column(lang.gettext("Points"), 1.4, "right"))
    rows = []
    for line in found.lines:
        points = (fill(lang.gettext("{points} of {total}"), points=lang.number(line.points, 1),
                       total=lang.number(line.share, 1))
                  if line.points is not None else DASH)
        rows.append((Cell(lang.gettext(INPUT_LABELS[line.name])),
                     Cell(value_text(lang, line), status="grey" if line.missing else None),
                     Cell(lang.percent(line.share, 1)), Cell(points)))
    label, colour = BAND_LABELS[found.band]
    footer = (Cell(lang.gettext("Health score")), Cell(lang.gettext(label), status=colour),
              Cell(lang.percent(100, 0)), Cell(score_text(lang, found.score)))
    table = Table(columns, tuple(rows), footer)
    notes = [Paragraph(lang.gettext("Bands"), "heading")]
    red, amber = _score(lang, found.settings.red_below), _score(lang, found.settings.amber_below)
    for band, text in (
            ("green", fill(lang.gettext("{from} and above"), **{"from": amber})),
            ("amber", fill(lang.gettext("{from} to below {to}"), to=amber, **{"from": red})),
            ("red", fill(lang.gettext("below {to}"), to=red))):
        notes.append(Paragraph(f"{band_label(lang, band)}: {text}"))
    notes.append(Paragraph(lang.gettext(
        "Each input earns from no points at its poor value to its full weight at its good "
        "value."), "plain"))
    if found.missing:
        names = ", ".join(lang.gettext(INPUT_LABELS[line.name]) for line in found.missing)
        notes += [Paragraph(lang.gettext("Missing this quarter"), "heading"),
                  Paragraph(names, "plain"),
                  Paragraph(fill(lang.gettext(
                      "Left out: their weight ({weight}) is shared among the other inputs in "
                      "proportion."), weight=lang.percent(found.missing_weight, 1)),
                      "plain")]
    if found.override is not None:
        label, colour = BAND_LABELS[found.override]
        notes += [Paragraph(lang.gettext("Health set by the account team"), "heading"),
                  Paragraph(lang.gettext(label), "status", status=colour)]
        reason = lang.text(found.reason)
        if reason:
            notes.append(Paragraph(reason, "plain"))
    title = lang.gettext("How this score is made")
    return title, (Slide(title, (table, Text(tuple(notes))), _talking_points(ctx, found),
                         ctx.as_of(ctx.end)),)


def _talking_points(ctx, found: scoring.Health) -> tuple[str, ...]:
    """The speaker notes of the receipt: the score, what helped it most and what held it
    back, and what was left out."""
    lang = ctx.lang
    said = [ctx.say(N_("The health score is {score}: {band}."),
                    score=score_text(lang, found.score),
                    band=band_label(lang, found.band).lower())]
    scored = [line for line in found.lines if line.points is not None and line.share]
    if scored:
        best = max(scored, key=lambda line: line.points / line.share)
        worst = min(scored, key=lambda line: line.points / line.share)
        said.append(ctx.say(N_("Strongest input: {best}; weakest: {worst}."),
                            best=mid_sentence(lang.gettext(INPUT_LABELS[best.name])),
                            worst=mid_sentence(lang.gettext(INPUT_LABELS[worst.name]))))
    if found.missing:
        said.append(ctx.say(N_("Not measured this quarter, so left out: {names}."),
                            names=", ".join(lang.gettext(INPUT_LABELS[line.name])
                                            for line in found.missing)))
    return tuple(said)


def _score(lang: Language, value: float) -> str:
    return lang.number(value, 1)
