"""Presentation: JSON, tables, HTML, trajectory files. No physics is computed here."""
