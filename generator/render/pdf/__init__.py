"""PDFs through LibreOffice, and pictures of their pages."""
