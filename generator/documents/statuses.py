"""What each status is called and the colour it is shown in, the same in every document.

Each table maps a status in the client file to its label (a catalog message) and its
status colour (a key of :data:`generator.render.deck.STATUS_COLOURS`; the success plan's
character style ``Status <Colour>`` has the same text colour). A status a document shows in
several tables ("In progress", "Done") has one colour in all of them.
"""

from __future__ import annotations

from ..agenda import N_

OUTCOME_STATUS = {
    "on_track": (N_("On track"), "green"),
    "at_risk": (N_("At risk"), "amber"),
    "off_track": (N_("Off track"), "red"),
    "done": (N_("Achieved"), "green"),
    "not_started": (N_("Not started"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
}
BARRIER_STATUS = {
    "open": (N_("Unresolved"), "red"),
    "in_progress": (N_("In progress"), "blue"),
    "resolved": (N_("Resolved"), "green"),
}
BARRIER_KIND = {"technical": N_("Technical"), "business": N_("Business")}
MILESTONE_STATUS = {
    "planned": (N_("Planned"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
    "done": (N_("Done"), "green"),
    "late": (N_("Late"), "red"),
}
CHANGE_STATUS = {
    "planned": (N_("Planned"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
    "done": (N_("Done"), "green"),
}
ROADMAP_STATUS = {
    "proposed": (N_("Proposed"), "grey"),
    "planned": (N_("Planned"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
    "done": (N_("Delivered"), "green"),
}
ACTION_STATUS = {
    "open": (N_("Open"), "grey"),
    "in_progress": (N_("In progress"), "blue"),
    "done": (N_("Done"), "green"),
    "overdue": (N_("Overdue"), "red"),
}
