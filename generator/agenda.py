"""The default agenda library of the engagement plan.

Each item is a meeting topic with a cadence, a title, a one-sentence
description and the contact roles it invites on each side (the source
plan's recommended attendees: monthly, super users with client services;
quarterly, management and super users with client services and support;
annual, senior and operational management with the leadership team and the
account director; onboarding, the project manager and the super users with
client services and support). Titles, descriptions and role names are
English message ids: the text printed comes from the locale catalogs, so a
translator changes wording without touching code. A client file can drop,
change or add items (``engagement.agenda``).
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
    client_roles: tuple[str, ...] = ()  # () : the cadence's (CADENCE_ROLES)
    vendor_roles: tuple[str, ...] = ()

    def roles(self, side: str) -> tuple[str, ...]:
        """The contact roles this item invites on ``side`` ("client" or "vendor")."""
        own = self.client_roles if side == "client" else self.vendor_roles
        return own or CADENCE_ROLES[self.cadence][side]


CADENCE_ROLES: dict[str, dict[str, tuple[str, ...]]] = {
    "onboarding": {"client": ("project_manager", "super_user"),
                   "vendor": ("client_services", "support")},
    "monthly": {"client": ("super_user",), "vendor": ("client_services",)},
    "quarterly": {"client": ("operations_manager", "super_user"),
                  "vendor": ("client_services", "support")},
    "annual": {"client": ("executive_sponsor", "operations_manager"),
               "vendor": ("leadership", "commercial_contact")},
    "one-off": {"client": ("project_manager", "super_user"),
                "vendor": ("client_services", "support")},
}
"""Who a cadence's meetings invite, by contact role (the source plan's recommended
attendees); also the roles of a file's new item that names none (a one-off item
invites as onboarding does)."""

ATTENDEE_LABELS: dict[str, dict[str, str]] = {
    "client": {
        "executive_sponsor": N_("Executive sponsor"),
        "operations_manager": N_("Operational management"),
        "super_user": N_("Super users"),
        "technical_contact": N_("Technical contact"),
        "invoicing_contact": N_("Invoicing contact"),
        "project_manager": N_("Project manager"),
        "other": N_("Other contacts"),
    },
    "vendor": {
        "leadership": N_("Leadership team"),
        "commercial_contact": N_("Commercial contact"),
        "client_services": N_("Client services"),
        "vcio": N_("vCIO"),
        "technical_lead": N_("Technical lead"),
        "support": N_("Support team"),
        "invoicing_contact": N_("Invoicing contact"),
        "other": N_("Other contacts"),
    },
}
"""How the attendee column names each invited role (a group: "Super users")."""


# The source plan holds the continuity review both during onboarding and every quarter.
_CONTINUITY = (
    N_("Business continuity and integration review"),
    N_("We review continuity needs and risks and test every integration point with "
       "your systems."),
)

DEFAULT_AGENDA: tuple[LibraryItem, ...] = (
    LibraryItem(
        "premium-support", "onboarding",
        N_("Premium support"),
        N_("For the first three months after go-live we give priority help to settle "
           "the platform into your daily work."),
    ),
    LibraryItem(
        "driving-adoption", "onboarding",
        N_("Driving user adoption"),
        N_("We work with your super users on training, process compliance and quick "
           "closure of open tickets so that people use the platform from day one."),
    ),
    LibraryItem(
        "process-review", "onboarding",
        N_("Process review and refinement"),
        N_("Together we check how your processes run on the platform and tune them "
           "where they lose time."),
    ),
    LibraryItem(
        "refresher-training", "onboarding",
        N_("Refresher training"),
        N_("Extra training for existing users, remote or on site, wherever it is needed."),
    ),
    LibraryItem("continuity-onboarding", "onboarding", *_CONTINUITY),
    LibraryItem(
        "general-review", "monthly",
        N_("General review"),
        N_("An informal call on usage, processes, open support cases, new requests and "
           "news either side should know about."),
    ),
    LibraryItem(
        "business-updates", "quarterly",
        N_("Business updates"),
        N_("Both sides share progress since the last review: trading, new initiatives, "
           "people changes and plans ahead."),
    ),
    LibraryItem(
        "usage-sla", "quarterly",
        N_("Usage and SLA performance"),
        N_("Platform usage and support performance measured against the service level "
           "agreement."),
    ),
    LibraryItem(
        "account-status", "quarterly",
        N_("Account status"),
        N_("Invoices, payments, licences and any commercial questions."),
    ),
    LibraryItem(
        "roadmap", "quarterly",
        N_("Best practice and roadmap"),
        N_("New capabilities, recommended ways of working and how our roadmap meets "
           "your plans."),
    ),
    LibraryItem(
        "reporting-roi", "quarterly",
        N_("Reporting and return on investment"),
        N_("The value delivered so far, shown with your own reports and figures."),
    ),
    LibraryItem("continuity-quarterly", "quarterly", *_CONTINUITY),
    LibraryItem(
        "joint-opportunities", "quarterly",
        N_("Joint business opportunities"),
        N_("Shared opportunities to grow, bring more spend under management and tell "
           "the story of the value delivered."),
    ),
    LibraryItem(
        "annual-review", "annual",
        N_("The bigger picture"),
        N_("Beyond the quarterly agenda: the year against your business goals, the "
           "contract, commercial performance and the benefits delivered on both sides, "
           "and the goals for the year ahead."),
    ),
)

DEFAULT_IDS: frozenset[str] = frozenset(item.id for item in DEFAULT_AGENDA)

PURPOSES = {
    "onboarding": N_(
        "For the first three months after go-live we give priority help to embed the "
        "platform in your business: user adoption, a review of your processes, refresher "
        "training and a check of business continuity and integrations."),
    "monthly": N_(
        "Regular and informal, by phone or online: open tickets, user feedback, platform "
        "performance and ongoing user education, so that your needs and our solution stay "
        "aligned."),
    "quarterly": N_(
        "The formal review at the heart of our engagement: business updates, platform "
        "usage and performance against the service level agreement, innovations and the "
        "return on your investment."),
    "annual": N_(
        "Senior management on both sides take stock of the relationship. The annual "
        "review follows the quarterly agenda and adds the bigger picture: the contract, "
        "commercial performance and the benefits delivered."),
    "one-off": N_(
        "Sessions arranged for a particular need, such as training outside the onboarding "
        "months."),
}
"""What each kind of meeting is for: the engagement model at the start of the plan."""
