"""The customer success plan (Word): one language, or two side by side.

:func:`view` turns a client into the print-ready view the template
``success_plan.docx`` places: a cover, a table of contents, and one section
per part of the plan that has data (sold solution, business outcomes, team,
SMART KPIs, use cases, adoption barriers, milestones, process changes,
communication and training, measured results). A section without data is left
out, with its contents entry.

In a bilingual document (``en+ru``) every heading, label and table header
carries both languages, the second in the template's "Second Language"
style; a free-text field given in both languages shows both, the second
beneath the first; one given in one language shows once. Values (numbers,
money, dates) are formatted once, for the first language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from babel import Locale

from ..agenda import N_
from ..i18n import Language, Languages, fill
from ..model import Client, Kpi, UseCase
from ..names import names_in
from ..render.docx.properties import Properties
from ..render.docx.runs import Part, Runs
from ..render.docx.template import compiled
from . import kpi as kpis
from .statuses import BARRIER_KIND, BARRIER_STATUS, CHANGE_STATUS, MILESTONE_STATUS, OUTCOME_STATUS

SECOND = "SecondLanguage"
SECOND_HEADING = "SecondLanguageHeading"
SECOND_HEADER = "SecondLanguageHeader"  # in a table's header row, on its fill
STRONG = "Strong"
STATUS_STYLE = "Status"
"""A status colour's character style: ``Status`` and the colour (``StatusGreen``)."""

Text = str | dict[str, str]



SECTIONS = ("solution", "outcomes", "team", "kpis", "use_cases", "barriers", "milestones",
            "process_changes", "communications", "results", "sign_off")
"""The plan's sections in print order (names of the view and the template)."""


def context(client: Client, langs: Languages, quarter: str | None = None) -> dict[str, Any]:
    """What the template is rendered with: the print-ready view in ``langs``."""
    return view(client, langs)


TABLE_STYLES = ("PlanTable",)
"""The template's table styles whose columns are dropped when empty in every row."""


def render(client: Client, langs: Languages, template: Path, quarter: str | None = None) -> bytes:
    return compiled(template).render(context(client, langs, quarter),
                                     drop_empty_columns=TABLE_STYLES, language=langs.primary.tag,
                                     properties=properties(client, langs))


def properties(client: Client, langs: Languages) -> Properties:
    """The plan's title ("Customer success plan · client"; both languages' titles in a
    bilingual plan), subject (the vendor and its product) and language."""
    lang = langs.primary
    client = names_in(client, lang.code)
    title = " / ".join(langs.label(N_("Customer success plan")))
    subject = " · ".join(filter(None, (client.vendor.name, lang.text(client.vendor.product))))
    return Properties(f"{title} · {client.client.name}", subject, lang.tag)


@dataclass(frozen=True)
class Table:
    """A section's (or subsection's) heading, header cells and rows of cells."""

    heading: Runs
    head: MappingProxyType
    rows: tuple[MappingProxyType, ...]


@dataclass(frozen=True)
class Results:
    heading: Runs
    progress: Table | None
    evidence: Table | None
    stories: Stories | None
    key_wins: Table | None = None
    statements: Table | None = None


@dataclass(frozen=True)
class Stories:
    heading: Runs
    items: tuple[Runs, ...]


def version_date(client: Client) -> dt.date:
    """The plan's date, taken from its data so the same file gives the same document:
    the latest measurement, baseline, evidence, completed milestone, outcome update,
    key win or barrier date, else the contract start. The plan reads everything that
    changes over time as of this date."""
    dates = [client.contract.start]
    for k in client.kpis:
        dates.append(k.baseline.day)
        dates.extend(m.date for m in k.measurements)
    dates.extend(e.date for e in client.results.evidence)
    dates.extend(m.completed for m in client.milestones if m.completed)
    dates.extend(u.date for o in client.outcomes for u in o.updates)
    dates.extend(w.date for w in client.results.key_wins if w.date)
    dates.extend(d for b in client.barriers for d in (b.opened, b.resolved) if d)
    return max(dates)


def view(client: Client, langs: Languages) -> dict[str, Any]:
    """Everything the template places, as print-ready text."""
    return _Builder(names_in(client, langs.primary.code), langs).view()


class _Builder:
    def __init__(self, client: Client, langs: Languages):
        self.client = client
        self.langs = langs
        self.first = langs.primary
        self.currency = client.client.currency
        self.number = 0
        self.day = version_date(client)

    # --- words --------------------------------------------------------------------
    @staticmethod
    def _tag(lang: Language) -> str:
        return lang.tag

    def label(self, message: str, style: str | None = None, second: str = SECOND) -> Runs:
        """A label, one language a line: the second in the lighter style."""
        parts = []
        for i, (lang, text) in enumerate(self._each(lambda lang: lang.gettext(message))):
            parts.append(Part(text, style if i == 0 else second, self._tag(lang), i > 0))
        return Runs(tuple(parts))

    def inline(self, message: str, prefix: str = "") -> Runs:
        """A heading: "1. Sold solution / Проданное решение", on one line."""
        parts = []
        for i, (lang, text) in enumerate(self._each(lambda lang: lang.gettext(message))):
            if i == 0:
                parts.append(Part(prefix + text, None, self._tag(lang)))
            else:
                parts.append(Part(" / " + text, SECOND_HEADING, self._tag(lang)))
        return Runs(tuple(parts))

    def _each(self, word: Callable[[Language], str]) -> list[tuple[Language, str]]:
        out: list[tuple[Language, str]] = []
        for lang in self.langs.all:
            text = word(lang)
            if text not in [t for _, t in out]:
                out.append((lang, text))
        return out

    def text(self, value: Text | None, style: str | None = None, prefix: str = "") -> Runs:
        """A free-text field: each language it is given in, the second beneath."""
        if value is None:
            return Runs()
        if isinstance(value, str):
            return Runs((Part(prefix + value, style),))
        given: list[tuple[Language, str]] = []
        for lang in self.langs.all:
            text = value.get(lang.code)
            if text and text not in [t for _, t in given]:
                given.append((lang, text))
        if not given:
            return Runs((Part(prefix + self.first.text(value), style),))
        parts = [Part(text if i else prefix + text, SECOND if i else style, self._tag(lang), i > 0)
                 for i, (lang, text) in enumerate(given)]
        return Runs(tuple(parts))

    @staticmethod
    def plain(value: str | None) -> Runs:
        """A value printed as it is (already formatted, or a name)."""
        return Runs((Part(value),)) if value else Runs()

    def value(self, word: Callable[[Language], str]) -> Runs:
        """A value formatted in each language's own locale ("30 Jun 2029" beneath
        "30 июн. 2029 г."); the same text in both is given once."""
        return Runs(tuple(Part(text, None if i == 0 else SECOND, self._tag(lang), i > 0)
                          for i, (lang, text) in enumerate(self._each(word))))

    def amount(self, value: float | None) -> Runs:
        """A quantity (up to two decimals) in each language's locale."""
        return Runs() if value is None else self.value(lambda lang: lang.number(value))

    def date(self, value: dt.date | None, form: str = "medium") -> Runs:
        return self.value(lambda lang: lang.date(value, form)) if value else Runs()

    def status(self, table: dict[str, tuple[str, str]], key: str) -> Runs:
        message, colour = table[key]
        return self.label(message, STATUS_STYLE + colour.capitalize())

    def heading(self, message: str) -> Runs:
        self.number += 1
        return self.inline(message, f"{self.number}. ")

    def head(self, **labels: str) -> MappingProxyType:
        return MappingProxyType({key: self.label(msg, second=SECOND_HEADER)
                                 for key, msg in labels.items()})

    def table(self, heading: str | Runs, head: MappingProxyType,
              rows: Iterable[dict[str, Runs]]) -> Table | None:
        rows = tuple(MappingProxyType(row) for row in rows)
        if not rows:
            return None
        title = self.heading(heading) if isinstance(heading, str) else heading
        return Table(title, head, rows)

    # --- the document ---------------------------------------------------------------
    def view(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc": self.cover(),
            "header": MappingProxyType({
                "client": self.client.client.name,
                "title": self.inline(N_("Customer success plan")),
            }),
            "footer": self.footer(),
        }
        for name in SECTIONS:
            out[name] = getattr(self, name)()
        if all(out[name] is None for name in SECTIONS if name != "sign_off"):
            out["sign_off"] = None  # nothing to sign
        out["outcomes_summary"] = (tuple(self.text(p) for p in self.client.outcomes_summary)
                                   if out["outcomes"] is not None else ())
        present = any(out[name] is not None for name in SECTIONS)
        out["toc"] = MappingProxyType({"title": self.inline(N_("Contents"))}) if present else None
        return out

    def cover(self) -> MappingProxyType:
        c = self.client
        facts: list[tuple[str, Runs]] = [
            (N_("Client"), self.plain(c.client.name)),
            (N_("Industry"), self.text(c.client.industry)),
            (N_("Vendor"), self.plain(c.vendor.name)),
            (N_("Product"), self.text(c.vendor.product)),
            (N_("Contract start"), self.date(c.contract.start, "long")),
            (N_("Go-live"), self.date(c.contract.go_live, "long")),
            (N_("Renewal"), self.date(c.contract.renewal, "long")),
            (N_("Language"), self.plain(" / ".join(_language_name(lang)
                                                   for lang in self.langs.all))),
            (N_("Version date"), self.date(version_date(c), "long")),
        ]
        return MappingProxyType({
            "title": self.label(N_("Customer success plan"), second=SECOND_HEADING),
            "client": c.client.name,
            "facts": tuple(MappingProxyType({"label": self.label(label), "value": value})
                           for label, value in facts if value),
        })

    def footer(self) -> tuple[MappingProxyType, ...]:
        """"Page X of Y" in each language: the words around the PAGE and NUMPAGES fields."""
        parts = []
        for i, (_lang, pattern) in enumerate(
                self._each(lambda lang: _page_pattern(lang.gettext(N_("Page {page} of {pages}"))))):
            parts.append(MappingProxyType({"sep": "  ·  " if i else "", **pattern}))
        return tuple(parts)

    def solution(self) -> Table | None:
        return self.table(
            N_("Sold solution"),
            self.head(product=N_("Product"), sku=N_("SKU / licence"), quantity=N_("Quantity"),
                      serial=N_("Serial number"), version=N_("Version"),
                      coverage=N_("Service coverage"), coverage_end=N_("Coverage ends"),
                      reason=N_("Why it was bought")),
            ({"product": self.text(item.product),
              "sku": self.plain(item.sku),
              "quantity": self.amount(item.quantity),
              "serial": self.plain(item.serial),
              "version": self.plain(item.version),
              "coverage": self.text(item.coverage),
              "coverage_end": self.date(item.coverage_end),
              "reason": self.text(item.reason)} for item in self.client.solution),
        )

    def outcomes(self) -> Table | None:
        return self.table(
            N_("Business outcomes"),
            self.head(outcome=N_("Business outcome"), initiative=N_("Strategic initiative"),
                      priority=N_("Client priority"), factors=N_("Critical success factors"),
                      current=N_("Current status"), goal=N_("Goal"), status=N_("Status")),
            (self.outcome_row(o) for o in self.client.outcomes),
        )

    def numbered(self, items) -> Runs:
        """Texts numbered 1., 2.… each on its own line (one text stays unnumbered)."""
        items = list(items)
        if len(items) == 1:
            return self.text(items[0])
        return Runs.lines(self.text(t, prefix=f"{i}. ") for i, t in enumerate(items, 1))

    def outcome_row(self, o) -> dict[str, Runs]:
        state = o.as_of(self.day)
        current = state.current_status
        return {"outcome": self.text(o.outcome, STRONG),
                "initiative": self.text(o.initiative),
                "priority": Runs() if o.priority is None
                else self.value(lambda lang: lang.integer(o.priority)),
                "factors": self.numbered(o.success_factors),
                "current": (self.numbered(current) if isinstance(current, list)
                            else self.text(current)),
                "goal": self.text(o.goal),
                "status": self.status(OUTCOME_STATUS, state.status) if state.status else Runs()}

    def team(self) -> Table | None:
        names = {"client": self.client.client.name, "vendor": self.client.vendor.name}
        return self.table(
            N_("Team and roles"),
            self.head(name=N_("Name"), organisation=N_("Organisation"), group=N_("Group"),
                      role=N_("Role")),
            ({"name": self.plain(m.name), "organisation": self.plain(names[m.side]),
              "group": self.text(m.group), "role": self.text(m.role)}
             for m in self.client.team),
        )

    def measure(self, k: Kpi, amount: float, when: dt.date | None) -> Runs:
        """A KPI value in its unit, its date beneath."""
        shown = self.value(lambda lang: kpis.value(lang, amount, k.unit, self.currency))
        return shown + self.date(when)

    def baseline(self, k: Kpi) -> Runs:
        """The baseline value, its period (or date) and the client's label beneath."""
        b = k.baseline
        shown = self.value(lambda lang: kpis.value(lang, b.value, k.unit, self.currency))
        when = (self.value(lambda lang: period_text(b.period, lang)) if b.period
                else self.date(b.date))
        return shown + when + self.text(b.label)

    def target(self, k: Kpi) -> Runs:
        return self.measure(k, k.target.value, k.target.date) if k.target else Runs()

    def initiative_of(self, kpi: Kpi) -> Text | None:
        """A KPI's strategic initiative: its own, else that of the one business outcome it
        measures (found by the outcome's words), so the column is not left blank."""
        if kpi.initiative or kpi.outcome is None:
            return kpi.initiative
        found = [o.initiative for o in self.client.outcomes
                 if o.outcome == kpi.outcome and o.initiative]
        return found[0] if len(found) == 1 else None

    def kpis(self) -> Table | None:
        return self.table(
            N_("SMART KPIs"),
            self.head(outcome=N_("Business outcome"), initiative=N_("Strategic initiative"),
                      kpi=N_("KPI and description"), baseline=N_("Baseline"),
                      target=N_("Target"), how=N_("How measured"), when=N_("When measured"),
                      who=N_("Who measures")),
            ({"outcome": self.text(k.outcome),
              "initiative": self.text(self.initiative_of(k)),
              "kpi": self.text(k.name, STRONG) + self.text(k.description),
              "baseline": self.baseline(k),
              "target": self.target(k),
              "how": self.text(k.how), "when": self.text(k.when), "who": self.text(k.who)}
             for k in self.client.kpis),
        )

    def use_cases(self) -> Table | None:
        return self.table(
            N_("Use cases and personas"),
            self.head(story=N_("Use case"), owner=N_("Owner")),
            ({"story": self.story(u), "owner": self.plain(u.owner)}
             for u in self.client.use_cases),
        )

    def story(self, case: UseCase) -> Runs:
        """"As a <persona>, I want <want> so that <so_that>." in each language the
        texts are given in (plain texts count as the client's language)."""
        home = self.client.client.language
        sentences: list[tuple[Language, str]] = []
        for lang in self.langs.all:
            if not any(_given_in(t, lang.code, home) for t in (case.persona, case.want,
                                                               case.so_that)):
                continue
            sentences.append((lang, _sentence(lang, case)))
        if not sentences:
            sentences.append((self.first, _sentence(self.first, case)))
        return Runs(tuple(Part(text, None if i == 0 else SECOND, self._tag(lang), i > 0)
                          for i, (lang, text) in enumerate(sentences)))

    def barriers(self) -> Table | None:
        return self.table(
            N_("Adoption barriers"),
            self.head(challenge=N_("Adoption challenge"), kind=N_("Type"), status=N_("Status"),
                      timeframe=N_("Timeframe"), resolution=N_("Resolution"),
                      owner=N_("Owner")),
            ({"challenge": self.text(b.challenge),
              "kind": self.label(BARRIER_KIND[b.kind]) if b.kind else Runs(),
              "status": self.status(BARRIER_STATUS, b.as_of(self.day) or b.status),
              "timeframe": self.text(b.timeframe),
              "resolution": self.text(b.resolution),
              "owner": self.plain(b.owner)} for b in self.client.barriers),
        )

    def milestones(self) -> Table | None:
        return self.table(
            N_("Implementation milestones"),
            self.head(name=N_("Milestone"), due=N_("Due"), status=N_("Status"),
                      owner=N_("Owner"), completed=N_("Completed on")),
            ({"name": self.text(m.name), "due": self.date(m.due),
              "status": self.status(MILESTONE_STATUS, m.status),
              "owner": self.plain(m.owner), "completed": self.date(m.completed)}
             for m in self.client.milestones),
        )

    def process_changes(self) -> Table | None:
        return self.table(
            N_("Business process changes"),
            self.head(process=N_("Business process"), owner=N_("Process owner"),
                      current=N_("Current process"), change=N_("Change"),
                      status=N_("Status"), due=N_("Due")),
            ({"process": self.text(p.process, STRONG), "owner": self.plain(p.owner),
              "current": self.text(p.current), "change": self.text(p.change),
              "status": self.status(CHANGE_STATUS, p.status), "due": self.date(p.due)}
             for p in self.client.process_changes),
        )

    def communications(self) -> Table | None:
        return self.table(
            N_("Communication and training plan"),
            self.head(activity=N_("Activity"), description=N_("Description"), when=N_("When"),
                      audience=N_("Audience"), objectives=N_("Objectives"),
                      developed_by=N_("Developed by"), delivered_by=N_("Delivered by")),
            ({"activity": self.text(c.activity, STRONG), "description": self.text(c.description),
              "when": self.date(c.when), "audience": self.text(c.audience),
              "objectives": self.text(c.objectives), "developed_by": self.text(c.developed_by),
              "delivered_by": self.text(c.delivered_by)} for c in self.client.communications),
        )

    def results(self) -> Results | None:
        measured = [k for k in self.client.kpis if k.measurements]
        stories = tuple(self.text(s) for s in self.client.results.stories)
        evidence = self.client.results.evidence
        if not (measured or stories or evidence):
            return None
        heading = self.heading(N_("Measured results"))
        progress = self.table(
            self.inline(N_("KPI progress against baseline")),
            self.head(kpi=N_("KPI"), baseline=N_("Baseline"), latest=N_("Latest measurement"),
                      target=N_("Target"), change=N_("Change from baseline"),
                      progress=N_("Progress to target")),
            (self.progress_row(k) for k in measured),
        )
        rated = any(e.rating is not None for e in evidence)
        shown = self.table(
            self.inline(N_("Communication and training evidence")),
            self.head(activity=N_("Activity"), date=N_("Date"),
                      participants=N_("Attendance and rating") if rated else N_("Attendance"),
                      outcome=N_("Result")),
            ({"activity": self.text(e.activity, STRONG), "date": self.date(e.date),
              "participants": self.attendance(e), "outcome": self.text(e.outcome)}
             for e in evidence),
        )
        told = Stories(self.inline(N_("Success stories")), stories) if stories else None
        return Results(heading, progress, shown, told, self.key_wins(), self.statements())

    def attendance(self, e) -> Runs:
        """"62 of 100 invited (62 %)", or the participants; the rating beneath; each in
        every language's own locale."""
        out = Runs()
        if e.invited is not None and e.attended is not None:
            out = self.value(lambda lang: fill(
                lang.gettext(N_("{attended} of {invited} invited ({rate})")),
                attended=lang.integer(e.attended), invited=lang.integer(e.invited),
                rate=lang.percent(e.attended / e.invited * 100, 0) if e.invited else "–"))
        elif e.attended is not None or e.participants is not None:
            out = self.amount(e.attended if e.attended is not None else e.participants)
        if e.rating is not None:
            out += self.value(lambda lang: fill(lang.gettext(N_("Rated {rating} of {scale}")),
                                                rating=lang.number(e.rating, 1),
                                                scale=lang.number(e.rating_scale, 1)))
        return out

    def key_wins(self) -> Table | None:
        wins = [w for w in self.client.results.key_wins if w.date is None or w.date <= self.day]
        return self.table(
            self.inline(N_("Key wins")),
            self.head(win=N_("Key win"), description=N_("Description")),
            ({"win": self.text(w.win, STRONG), "description": self.text(w.description)}
             for w in wins),
        )

    def statements(self) -> Table | None:
        found = [(o, s.executive_statement) for o in self.client.outcomes
                 if (s := o.as_of(self.day)).status == "done"]  # achieved, not on track
        return self.table(
            self.inline(N_("Outcomes achieved")),
            self.head(win=N_("Business outcome and initiative"),
                      description=N_("Executive statement of the outcome achieved")),
            ({"win": self.text(o.outcome, STRONG) + self.text(o.initiative),
              "description": self.text(said)} for o, said in found if said),
        )

    def sign_off(self) -> Table | None:
        """Who signs the plan for each side: the client's executive sponsor and the
        vendor's commercial contact (else client services), with a line to sign."""
        c = self.client
        people = [(c.client.name, next((p for p in c.contacts.client
                                        if p.role == "executive_sponsor"), None)),
                  (c.vendor.name, next((p for p in c.contacts.vendor
                                        if p.role == "commercial_contact"), None)
                   or next((p for p in c.contacts.vendor if p.role == "client_services"), None))]
        line = "_" * 28
        return self.table(
            N_("Sign-off"),
            self.head(name=N_("Name"), organisation=N_("Organisation"), group=N_("Role"),
                      role=N_("Signature and date")),
            ({"name": self.plain(p.name if p else None),
              "organisation": self.plain(org),
              "group": self.text(p.title if p else None),
              "role": Runs.lines([self.plain("\u00a0"), self.plain(line),
                                  self.label(N_("Signature")),
                                  self.plain(line), self.label(N_("Date"))])}
             for org, p in people if p is not None),
        )

    def progress_row(self, k: Kpi) -> dict[str, Runs]:
        last = kpis.latest(k)
        moved = kpis.change(k)
        done = kpis.progress(k)
        assert last is not None and moved is not None
        return {
            "kpi": self.text(k.name, STRONG),
            "baseline": self.baseline(k),
            "latest": self.measure(k, last.value, last.date),
            "target": self.target(k),
            "change": self.value(lambda lang: kpis.delta(lang, moved, k.unit, self.currency)),
            "progress": self.plain("–") if done is None
            else self.value(lambda lang: lang.percent(done, 0)),
        }


def period_text(period: str, lang: Language) -> str:
    """A baseline period in words: "2016", "Q2 2026", "June 2026"."""
    if len(period) == 4:
        return period
    if period[5] == "Q":
        return fill(lang.gettext("Q{quarter} {year}"), quarter=period[-1], year=period[:4])
    return lang.month_year(dt.date(int(period[:4]), int(period[5:]), 1))


def _page_pattern(text: str) -> dict[str, str]:
    """Split "Page {page} of {pages}" around its two fields (in either order)."""
    a, b = text.find("{page}"), text.find("{pages}")
    if a < 0 or b < 0:
        text = "Page {page} of {pages}"
        a, b = text.find("{page}"), text.find("{pages}")
    (i, first, n), (j, second, m) = sorted([(a, " PAGE ", 6), (b, " NUMPAGES ", 7)])
    return {"before": text[:i], "first": first, "middle": text[i + n:j], "second": second,
            "after": text[j + m:]}


def _language_name(lang: Language) -> str:
    name = Locale.parse(lang.code).get_language_name(lang.code) or lang.code
    return name[:1].upper() + name[1:]


def _given_in(value: Text, code: str, home: str) -> bool:
    if isinstance(value, str):
        return code == home
    return bool(value.get(code))


def _article(persona: str) -> str:
    """English "a" or "an" before the persona (by sound, roughly: an IT manager,
    a user, an HR partner)."""
    word = persona.split(maxsplit=1)[0] if persona.strip() else ""
    if word.isupper() and len(word) > 1:
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    lower = word.lower()
    if lower.startswith(("hour", "honest", "honour", "heir")):
        return "an"
    if lower.startswith(("uni", "use", "usu", "eu", "one", "ur")):
        return "a"
    return "an" if lower[:1] in "aeiou" else "a"


def _sentence(lang: Language, case: UseCase) -> str:
    if _article(lang.text(case.persona) or "") == "an":
        pattern = lang.gettext(N_("As an {persona}, I want {want} so that {so_that}."))
    else:
        pattern = lang.gettext(N_("As a {persona}, I want {want} so that {so_that}."))
    fields = {name: (lang.text(getattr(case, name)) or "").strip().rstrip(".")
              for name in ("persona", "want", "so_that")}
    return fill(pattern, **fields)
