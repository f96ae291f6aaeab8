"""iCalendar files."""
