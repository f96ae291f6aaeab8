"""``docgen init``: a commented starter client file that validates."""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError
from .output import write_atomic

STARTER = """{
  "$comment": "A docgen client file. Run 'docgen schema > client.schema.json' and point $schema at it for completion in your editor. Free-text fields take a string or {\\"en\\": \\"...\\", \\"ru\\": \\"...\\"}. Dates are YYYY-MM-DD; percentages are written as 97.5. Contacts: the engagement plan prints the paper form's rows (executive sponsor, two super users, technical and invoicing contacts; commercial contact, client services, technical lead and invoicing contact on your side); a role with no contact stays an empty row for the client to fill in by hand, so add the contacts you know before sending the plan. Each meeting invites the contacts of the roles its agenda items name (engagement.agenda.items[].client_roles and vendor_roles change them per item); your client_services contact organises them. Meeting lengths: engagement.durations (onboarding 60, monthly 30, quarterly 90, annual 120 minutes) or duration_minutes on an agenda item. An onboarding item moved outside the three months after go-live is listed with the one-off sessions, with a warning; give it \\"cadence\\": \\"one-off\\" to plan it so. support.covers and support.excludes print what support does and does not cover.",
  "schema_version": 1,
  "client": {
    "name": "Example Client Ltd",
    "country": "GB",
    "subdivision": "ENG",
    "language": "en",
    "currency": "GBP",
    "timezone": "Europe/London",
    "industry": "Logistics"
  },
  "vendor": {"name": "Your Company", "product": "Your Platform"},
  "contacts": {
    "client": [
      {"role": "executive_sponsor", "name": "Name Surname", "phone": "+44 20 0000 0000", "email": "sponsor@example.com"},
      {"role": "super_user", "name": "Name Surname", "email": "super.user@example.com"}
    ],
    "vendor": [
      {"role": "client_services", "name": "Your Name", "email": "you@example.com"}
    ]
  },
  "contract": {"start": "2026-01-01", "go_live": "2026-03-01", "renewal": "2027-01-01", "value": 48000},
  "engagement": {"plan_start": "2026-04-01", "meeting_rule": "second tuesday", "meeting_time": "10:00",
                 "durations": {"onboarding": 60, "monthly": 30, "quarterly": 90, "annual": 120}},
  "support": {
    "covers": ["Level 2 and 3 support for the live platform, by portal, phone and e-mail"],
    "excludes": ["Level 1 support, which your super users give", "On-site work and training"]
  },
  "outcomes": [
    {"outcome": "Cost efficiency", "initiative": "Cut purchasing admin time by 20%", "priority": 1, "status": "on_track"}
  ],
  "kpis": [
    {
      "id": "po-cycle-days",
      "name": "Purchase order cycle time",
      "unit": "days",
      "higher_is_better": false,
      "baseline": {"date": "2026-03-01", "value": 9},
      "target": {"date": "2026-12-31", "value": 5},
      "measurements": [{"date": "2026-04-30", "value": 8}]
    }
  ],
  "quarters": {
    "2026-Q2": {
      "presenters": ["Your Name"],
      "wins": ["First 100 orders placed through the platform"],
      "action_items": [{"action": "Agree the reporting pack", "owner": "Name Surname", "due": "2026-07-15"}]
    }
  }
}
"""


def write_starter(path: Path, force: bool = False) -> Path:
    """Write the starter file to ``path``; UsageError if it exists and not ``force``."""
    if path.exists() and not force:
        raise UsageError(f"{path} already exists (use --force to overwrite)")
    write_atomic(path, STARTER.encode("utf-8"))
    return path
