"""``docgen init``: a commented starter client file that validates.

It holds every section of a client file (every top-level key and every key of a
quarter), filled with an invented client so that a new user sees what each part
looks like in the documents; ``"$comment"`` keys say what each part is for. A test
checks that it validates and that no section of the model is missing.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UsageError
from .output import write_atomic

STARTER = """{
  "$comment": "A docgen client file for an invented client: replace every value with your client's. Run 'docgen schema > client.schema.json' and point a \\"$schema\\" key at it for completion in your editor. Free-text fields take a string or one text per language: {\\"en\\": \\"...\\", \\"ru\\": \\"...\\"}. Dates are YYYY-MM-DD, times HH:MM; percentages are written as 97.5. Every object may hold a \\"$comment\\" like this one; no document prints it. Leave out what you do not have: only schema_version, client, vendor, contract and engagement are required.",
  "schema_version": 1,
  "client": {
    "$comment": "country (ISO 3166) and subdivision choose the public holidays the meeting grid avoids; language is the documents' default; currency (ISO 4217) formats every amount.",
    "name": "Ashdown Cold Chain Ltd",
    "country": "GB",
    "subdivision": "ENG",
    "language": "en",
    "currency": "GBP",
    "timezone": "Europe/London",
    "industry": "Temperature-controlled logistics"
  },
  "vendor": {
    "$comment": "Your own company and the product or service you provide.",
    "name": "Brightwater Systems Ltd",
    "product": "Brightwater Fleet Platform"
  },
  "contacts": {
    "$comment": "Client roles: executive_sponsor, super_user, technical_contact, invoicing_contact, project_manager, other. Vendor roles: commercial_contact, client_services, technical_lead, invoicing_contact, vcio, support, other. The engagement plan prints the paper form's rows (executive sponsor, two super users, technical and invoicing contacts; commercial contact, client services, technical lead and invoicing contact on your side); a role with no contact stays an empty row for the client to fill in by hand, so add the contacts you know before sending the plan.",
    "client": [
      {"role": "executive_sponsor", "name": "Claire Pennington", "title": "Operations Director", "phone": "+44 1273 960 114", "email": "claire.pennington@ashdown.example"},
      {"role": "super_user", "name": "Dev Malhotra", "title": "Transport Planning Lead", "phone": "+44 1273 960 128", "email": "dev.malhotra@ashdown.example"},
      {"role": "super_user", "name": "Megan Lowe", "title": "Depot Manager, Crawley", "email": "megan.lowe@ashdown.example"},
      {"role": "technical_contact", "name": "Ruth Adebayo", "title": "IT Manager", "email": "ruth.adebayo@ashdown.example"},
      {"role": "invoicing_contact", "name": "Accounts payable", "email": "accounts@ashdown.example"}
    ],
    "vendor": [
      {"role": "commercial_contact", "name": "James Whitfield", "title": "Account Director", "phone": "+44 20 7946 0150", "email": "james.whitfield@brightwater.example"},
      {"role": "client_services", "name": "Sofia Marsh", "title": "Customer Success Manager", "phone": "+44 20 7946 0162", "email": "sofia.marsh@brightwater.example"},
      {"role": "technical_lead", "name": "Tomasz Wren", "title": "Solutions Engineer", "email": "tomasz.wren@brightwater.example"},
      {"role": "invoicing_contact", "name": "Billing team", "email": "billing@brightwater.example"}
    ]
  },
  "contract": {
    "$comment": "value is the annual contract value in client.currency.",
    "start": "2026-01-01",
    "go_live": "2026-03-02",
    "renewal": "2028-12-31",
    "value": 64000
  },
  "engagement": {
    "$comment": "The engagement plan: a twelve-month meeting grid from plan_start. meeting_rule is e.g. \\"second tuesday\\", \\"last thursday\\" or \\"first working day\\"; quarterly_months and annual_month count months of the plan year (1 is the month of plan_start). Meeting lengths: durations per cadence, in minutes, or duration_minutes on an agenda item. The agenda drops, changes or adds items of the default agenda (docgen plan shows them). Each meeting invites the contacts of the roles its agenda items name (client_roles and vendor_roles change them per item); your client_services contact organises them. An onboarding item moved outside the three months after go-live is listed with the one-off sessions, with a warning; give it \\"cadence\\": \\"one-off\\" to plan it so.",
    "plan_start": "2026-04-01",
    "meeting_rule": "second tuesday",
    "meeting_time": "10:00",
    "durations": {"onboarding": 60, "monthly": 30, "quarterly": 90, "annual": 120},
    "quarterly_months": [4, 7, 10],
    "annual_month": 12,
    "keep_monthly_with_quarterly": false,
    "location": "Video call; the annual review at Ashdown's Crawley depot",
    "agenda": {
      "drop": ["joint-opportunities"],
      "items": [
        {"id": "refresher-training", "cadence": "one-off", "months": [5], "description": "A two-hour session for new planners on route templates and temperature alerts."},
        {
          "$comment": "A new item needs an id, a cadence (onboarding, monthly, quarterly, annual or one-off) and a title. attendees_client and attendees_vendor are words for the plan's attendee column; who is invited follows client_roles and vendor_roles.",
          "id": "depot-rollout",
          "cadence": "quarterly",
          "title": "Depot roll-out review",
          "description": "Which depots are live, what held the others back and the next depot's date.",
          "client_roles": ["executive_sponsor", "super_user"],
          "vendor_roles": ["client_services", "technical_lead"],
          "attendees_client": "Operations Director, depot managers",
          "attendees_vendor": "Customer Success Manager, Solutions Engineer",
          "duration_minutes": 90
        }
      ]
    }
  },
  "support": {
    "$comment": "What the engagement plan says about support: what it covers and excludes, hours and channels, response and resolution times per priority, the escalation ladder, and how tickets are closed.",
    "covers": ["Level 2 and 3 support for the platform and the gateways, by portal, phone and e-mail"],
    "excludes": ["Level 1 support, which Ashdown's super users give", "Repairs to vehicles and refrigeration units"],
    "hours": "Monday to Friday, 08:00-18:00 UK time; P1 incidents by phone at any time",
    "phone": "+44 20 7946 0100",
    "email": "support@brightwater.example",
    "portal": "https://support.brightwater.example",
    "response_times": [
      {"priority": "P1 - Critical", "description": "Vehicles cannot be dispatched or tracked", "response_hours": 1, "resolution_hours": 4},
      {"priority": "P2 - High", "description": "A depot or a key function is affected", "response_hours": 4, "resolution_hours": 16},
      {"priority": "P3 - Normal", "description": "Questions and problems with a workaround", "response_hours": 8, "resolution_hours": 40}
    ],
    "escalation": [
      {"level": 1, "contact": "Support Team Leader", "when": "A ticket has not progressed within its response time", "response_minutes": 90},
      {"level": 2, "contact": "Head of Customer Success", "when": "The issue affects deliveries or no plan is agreed at level 1", "response_minutes": 240}
    ],
    "manager_callback_minutes": 90,
    "closure_attempts": 3,
    "closure_spacing_business_days": 1
  },
  "solution": [
    {
      "$comment": "What the client has bought, for the success plan.",
      "product": "Brightwater Fleet Platform, Professional edition",
      "sku": "BFP-PRO",
      "quantity": 85,
      "version": "2026.1",
      "coverage": "Premium support, 99.5% availability",
      "coverage_end": "2028-12-31",
      "reason": "One view of every vehicle, route and load temperature across the depots"
    },
    {"product": "Telematics gateway", "sku": "BFP-GW", "quantity": 85, "coverage": "Hardware warranty", "coverage_end": "2029-02-28", "reason": "Temperature and location from every trailer"}
  ],
  "outcomes_summary": [
    "Ashdown bought the platform to deliver every chilled load at the right temperature and to plan routes in one place. The first year is about fewer rejected loads and lower fuel cost."
  ],
  "outcomes": [
    {
      "$comment": "The business outcomes the client wants. status (optional) is not_started, in_progress, on_track, at_risk, off_track or done. updates date how it moved: a deck shows the last update on or before its quarter's end; current_status may be one text per success factor.",
      "outcome": "Fewer failed deliveries",
      "initiative": "Cut temperature-related rejections by half",
      "priority": 1,
      "success_factors": ["Every trailer reports its temperature live", "Planners act on an alert within 15 minutes"],
      "goal": "1.2% of loads or fewer by March 2027",
      "updates": [
        {"date": "2026-06-30", "status": "in_progress", "current_status": "Gateways fitted to every trailer; rejections at 2.4% of loads"},
        {"date": "2026-09-30", "status": "on_track", "current_status": ["Every trailer reports live since June", "Rejections fell from 2.4% to 1.6% of loads since go-live"]}
      ]
    },
    {
      "outcome": "Lower fuel cost",
      "initiative": "Plan routes in the platform at every depot",
      "priority": 2,
      "success_factors": ["All four depots plan in the platform"],
      "current_status": "Two of four depots plan in the platform",
      "goal": "8% less fuel per delivery",
      "status": "at_risk"
    }
  ],
  "team": [
    {"$comment": "side is client or vendor.", "name": "Claire Pennington", "group": "Leadership", "role": "Executive sponsor", "side": "client"},
    {"name": "Dev Malhotra", "group": "Planning", "role": "Super user", "side": "client"},
    {"name": "Sofia Marsh", "group": "Customer success", "role": "Customer Success Manager", "side": "vendor"}
  ],
  "kpis": [
    {
      "$comment": "unit is number, percent, currency, hours or days. Measurements are charted in the deck against the target; the deck of a quarter shows those up to the quarter's end.",
      "id": "rejected-loads",
      "name": "Loads rejected for temperature",
      "outcome": "Fewer failed deliveries",
      "description": "Share of delivered loads the customer refused because of temperature",
      "unit": "percent",
      "baseline": {"date": "2026-03-31", "value": 2.4},
      "target": {"date": "2027-03-31", "value": 1.2},
      "higher_is_better": false,
      "how": "Platform delivery report",
      "when": "Monthly",
      "who": "Dev Malhotra",
      "measurements": [
        {"date": "2026-07-31", "value": 2.0},
        {"date": "2026-08-31", "value": 1.8},
        {"date": "2026-09-30", "value": 1.6}
      ]
    },
    {
      "id": "monthly-fuel-cost",
      "name": "Monthly fuel cost",
      "outcome": "Lower fuel cost",
      "unit": "currency",
      "baseline": {"date": "2026-03-31", "value": 61500},
      "target": {"date": "2027-03-31", "value": 56600},
      "higher_is_better": false,
      "measurements": [{"date": "2026-08-31", "value": 60200}, {"date": "2026-09-30", "value": 58900}]
    }
  ],
  "use_cases": [
    {"$comment": "As a <persona>, I want <want> so that <so_that>.", "persona": "transport planner", "want": "an alert when a trailer warms up", "so_that": "I can reroute the load before it is spoiled", "owner": "Dev Malhotra"}
  ],
  "barriers": [
    {"$comment": "kind is technical or business; status is open, in_progress or resolved.", "challenge": "Two depots still plan routes in spreadsheets", "kind": "business", "status": "in_progress", "opened": "2026-07-15", "timeframe": "By December 2026", "resolution": "Planner training at Dover and Tonbridge in October", "owner": "Claire Pennington"}
  ],
  "milestones": [
    {"$comment": "status is planned, in_progress, done or late.", "name": "Gateways fitted to every trailer", "due": "2026-06-30", "status": "done", "owner": "Ruth Adebayo", "completed": "2026-06-24"},
    {"name": "All depots plan in the platform", "due": "2026-12-18", "status": "in_progress", "owner": "Dev Malhotra"}
  ],
  "process_changes": [
    {"$comment": "status is planned, in_progress or done.", "process": "Temperature checks", "owner": "Dev Malhotra", "current": "Drivers log temperatures on paper at each drop", "change": "Trailers report temperatures live; drivers confirm only exceptions", "status": "done", "due": "2026-07-31"}
  ],
  "communications": [
    {"$comment": "How the change is announced to the client's people.", "activity": "Depot briefing", "description": "A 20-minute briefing at each depot before it goes live", "when": "2026-10-05", "audience": "Planners and drivers", "objectives": "Everyone knows what the alerts mean and who acts on them", "developed_by": "Sofia Marsh", "delivered_by": "Dev Malhotra"}
  ],
  "results": {
    "$comment": "Evidence of adoption and the stories worth retelling.",
    "evidence": [
      {"activity": "Planner training, Crawley depot", "date": "2026-05-14", "participants": 12, "outcome": "Every planner built a route template"}
    ],
    "stories": ["A warm trailer was rerouted to the nearest depot in July, saving a £14,000 load of vaccines"],
    "key_wins": [
      {"$comment": "kind is policy_change, expand_opportunity, customer_celebration, end_of_life, customer_advocates, case_study or other; a deck shows the wins dated up to its quarter's end.", "win": "Paper temperature logs retired", "description": "Drivers no longer fill in paper logs at each drop", "kind": "end_of_life", "date": "2026-07-31"}
    ]
  },
  "quarters": {
    "2026-Q3": {
      "$comment": "One object per quarter, keyed YYYY-Qn, for that quarter's QBR deck (docgen qbr --quarter 2026-Q3). health is green, amber or red.",
      "meeting_date": "2026-10-13",
      "presenters": ["Sofia Marsh", "James Whitfield"],
      "health": "amber",
      "health_reason": "Dover and Tonbridge plan few routes in the platform yet and need planner training",
      "summary": "Rejections keep falling and the Crawley and Lewes depots plan every route in the platform; Dover and Tonbridge are behind and need planner training.",
      "wins": ["Rejected loads down to 1.6%, from 2.4% at go-live", "Every trailer now reports its temperature live"],
      "risks": ["Dover and Tonbridge still plan in spreadsheets, which holds back the fuel savings"],
      "business_updates": ["Ashdown won a three-year contract with a regional pharmacy chain, from January"],
      "usage": [
        {"$comment": "Monthly figures; leave out what you do not measure.", "month": "2026-07", "active_users": 58, "transactions": 12400, "orders": 3100},
        {"month": "2026-08", "active_users": 63, "transactions": 13900, "orders": 3350},
        {"month": "2026-09", "active_users": 71, "transactions": 15200, "orders": 3620}
      ],
      "service": {
        "$comment": "Service against the SLA: availability in percent, ticket counts and average times in hours per month.",
        "availability": 99.82,
        "availability_target": 99.5,
        "response_target_hours": 4,
        "resolution_target_hours": 16,
        "months": [
          {"month": "2026-07", "opened": 14, "closed": 13, "outstanding": 1, "avg_response_hours": 1.6, "avg_resolution_hours": 9.5},
          {"month": "2026-08", "opened": 11, "closed": 12, "outstanding": 0, "avg_response_hours": 1.2, "avg_resolution_hours": 7.8},
          {"month": "2026-09", "opened": 9, "closed": 8, "outstanding": 1, "avg_response_hours": 1.4, "avg_resolution_hours": 8.1}
        ]
      },
      "account": {"$comment": "Amounts in client.currency.", "invoiced": 16000, "paid": 16000, "overdue": 0, "licences": 85},
      "roadmap": [
        {"$comment": "status is proposed, planned, in_progress or done; cost in client.currency.", "title": "Driver app for proof of delivery", "description": "Photos and signatures at the drop, attached to the order", "when": "Q1 2027", "status": "planned", "cost": 9500}
      ],
      "budget": [
        {"$comment": "The client's IT budget lines, planned against actual.", "category": "Telematics hardware", "planned": 42000, "actual": 39800, "note": "Ten gateways reused from the old fleet"},
        {"category": "Training", "planned": 6000, "actual": 2500}
      ],
      "assets": [
        {"$comment": "Hardware whose warranty the deck tracks.", "name": "Depot server, Crawley", "kind": "Server", "serial": "CZ2391LK7", "location": "Crawley depot", "purchased": "2021-11-15", "warranty_end": "2026-11-14", "recommendation": "Replace before the warranty ends; the platform no longer needs it on site"}
      ],
      "satisfaction": {"$comment": "Percentages: csat is the share of satisfied responses, nrr the net revenue retention; nps gives a score or the counts it is worked out from.", "csat": 92, "csat_responses": 38, "retention": 100, "nrr": 104, "nps": {"promoters": 21, "passives": 12, "detractors": 5}},
      "renewal": {"$comment": "Value and date default to the contract's; risk is low, medium or high.", "risk": "low", "opportunities": [{"title": "Driver app licences", "value": 9500, "when": "Q1 2027"}]},
      "asks": [
        {"$comment": "What we need from the client this quarter; kind is decision or ask.", "ask": "Confirm the training dates at Dover and Tonbridge", "kind": "decision", "owner": "Claire Pennington", "due": "2026-10-23"}
      ],
      "action_items": [
        {"$comment": "status is open, in_progress or done; closed dates when it was done, so earlier decks show it open.", "action": "Book planner training at Dover and Tonbridge", "owner": "Claire Pennington", "due": "2026-10-30", "status": "open"},
        {"action": "Send the driver app proposal", "owner": "James Whitfield", "due": "2026-11-13", "status": "in_progress"}
      ]
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
