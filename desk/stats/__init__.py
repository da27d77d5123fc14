"""Handling events, KPIs and the team-lead exports (docx, csv, xlsx)."""
