"""Word documents from docxtpl templates."""
