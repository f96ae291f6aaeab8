"""The QBR / vCIO deck (``docgen qbr``): one quarter of a client, slide by slide.

:func:`build` turns a client and a quarter into a :class:`~generator.render.deck.Deck`
of print-ready strings and chart values in one language; :func:`render`
lays it out on ``templates/qbr.pptx``. The builder is :mod:`.deck`; each group of
slides has its module: :mod:`.opening`, :mod:`.outcomes`, :mod:`.indicators`,
:mod:`.service`, :mod:`.commercial`, :mod:`.hardware`, :mod:`.satisfaction` and
:mod:`.follow_up`, on what :mod:`.context` shares. Slides, in order, each only when the
file has its data: title, agenda, executive summary, how the health score is
made (:mod:`.health_receipt`), what changed since last quarter, business
updates, business outcomes, key wins and outcomes achieved, KPI table, one
chart and measurements table per KPI, platform usage, service performance
against the SLA, account status, renewal and commercial, roadmap and
innovations, IT budget, hardware lifecycle, satisfaction (CSAT, NPS,
retention), adoption barriers, action items (reviewed), decisions and asks,
next meetings.

Rules where the data needs one:

* Dates (see :mod:`generator.model`): the quarter's figures are read as of
  its end (KPI measurements, outcome status and current status, key wins,
  the previous quarter's figures beside them); what the meeting discusses is
  read as of the meeting date, else the quarter's end (action items, adoption
  barriers, warranties, days to renewal). So an old quarter's deck does not
  change when newer data is added. Every slide with figures says in its
  footer the date they are as of.
* The current value of a KPI is the latest measurement up to the quarter's
  end; the trend compares the last two points (the baseline counts as the
  first point); progress runs from baseline (0 %) to target (100 %), and is
  not shown without a target.
* A warranty is "expired" when it ended before the meeting date, "expires
  soon" when it ends within 90 days after it, else "covered"; the status
  column says the date it counts from.
* An action item not done whose due date is before the meeting (else the
  quarter's end) is overdue. With an earlier quarter in the file, the action
  items are reviewed: the previous quarter's, and older ones still open at
  the previous review, are done or carried over (open so many days since
  they were opened, by default at their quarter's review), beside the new
  ones.
* "What changed since last quarter" compares with the file's previous
  quarter (the latest key before this one) and is left out without one.
* Every slide has speaker notes: two or three talking points made from its
  data, in the deck's language.
* Average response and resolution times are the mean of the monthly
  averages the file gives, to a tenth of an hour.
* Next meetings are the first four of the plan year's schedule after the
  quarter's end and after the review meeting itself.
* The file's dates (the meeting date, else the quarter's end) date the deck,
  never the clock, so the same file gives the same bytes.
"""

from __future__ import annotations

from .context import quarter_label
from .deck import build, render

__all__ = ["build", "quarter_label", "render"]
