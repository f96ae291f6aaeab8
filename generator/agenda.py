"""The default agenda library of the engagement plan.

Each item is a meeting topic with a cadence, a title, a one-sentence
description and the attendees recommended on each side. Titles and
descriptions are English message ids: the text printed comes from the
locale catalogs, so a translator changes wording without touching code.
A client file can drop, change or add items (``engagement.agenda``).
"""

from __future__ import annotations

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a message for extraction without translating it here."""
    return message


@dataclass(frozen=True)
class LibraryItem:
    id: str
    cadence: str
    title: str
    description: str
    attendees_client: str
    attendees_vendor: str


# The source plan holds the continuity review both during onboarding and every quarter.
_CONTINUITY = (
    N_("Business continuity and integration review"),
    N_("We review continuity needs and risks and test every integration point with "
       "your systems."),
    N_("Technical contact"),
    N_("Technical lead"),
)

DEFAULT_AGENDA: tuple[LibraryItem, ...] = (
    LibraryItem(
        "premium-support", "onboarding",
        N_("Premium support"),
        N_("For the first three months after go-live we give priority help to settle "
           "the platform into your daily work."),
        N_("Project manager, support contacts"),
        N_("Client services, support team"),
    ),
    LibraryItem(
        "driving-adoption", "onboarding",
        N_("Driving user adoption"),
        N_("We work with your super users on training, process compliance and quick "
           "closure of open tickets so that people use the platform from day one."),
        N_("Super users"),
        N_("Client services"),
    ),
    LibraryItem(
        "process-review", "onboarding",
        N_("Process review and refinement"),
        N_("Together we check how your processes run on the platform and tune them "
           "where they lose time."),
        N_("Process owners, super users"),
        N_("Client services"),
    ),
    LibraryItem(
        "refresher-training", "onboarding",
        N_("Refresher training"),
        N_("Extra training for existing users, remote or on site, wherever it is needed."),
        N_("Super users, users"),
        N_("Training team"),
    ),
    LibraryItem("continuity-onboarding", "onboarding", *_CONTINUITY),
    LibraryItem(
        "general-review", "monthly",
        N_("General review"),
        N_("An informal call on usage, processes, open support cases, new requests and "
           "news either side should know about."),
        N_("Super users"),
        N_("Client services"),
    ),
    LibraryItem(
        "business-updates", "quarterly",
        N_("Business updates"),
        N_("Both sides share progress since the last review: trading, new initiatives, "
           "people changes and plans ahead."),
        N_("Management, super users"),
        N_("Client services, account manager"),
    ),
    LibraryItem(
        "usage-sla", "quarterly",
        N_("Usage and SLA performance"),
        N_("Platform usage and support performance measured against the service level "
           "agreement."),
        N_("Management, super users"),
        N_("Client services, support team"),
    ),
    LibraryItem(
        "account-status", "quarterly",
        N_("Account status"),
        N_("Invoices, payments, licences and any commercial questions."),
        N_("Management, invoicing contact"),
        N_("Commercial contact"),
    ),
    LibraryItem(
        "roadmap", "quarterly",
        N_("Best practice and roadmap"),
        N_("New capabilities, recommended ways of working and how our roadmap meets "
           "your plans."),
        N_("Management, super users"),
        N_("Client services, product team"),
    ),
    LibraryItem(
        "reporting-roi", "quarterly",
        N_("Reporting and return on investment"),
        N_("The value delivered so far, shown with your own reports and figures."),
        N_("Management"),
        N_("Client services"),
    ),
    LibraryItem("continuity-quarterly", "quarterly", *_CONTINUITY),
    LibraryItem(
        "joint-opportunities", "quarterly",
        N_("Joint business opportunities"),
        N_("Shared opportunities to grow, bring more spend under management and tell "
           "the story of the value delivered."),
        N_("Management"),
        N_("Commercial contact, client services"),
    ),
    LibraryItem(
        "annual-review", "annual",
        N_("Annual review"),
        N_("A look back at the year against the goals set, and the goals and plan for "
           "the year ahead."),
        N_("Executive sponsor, management"),
        N_("Commercial contact, client services"),
    ),
)

DEFAULT_IDS: frozenset[str] = frozenset(item.id for item in DEFAULT_AGENDA)
