"""Paperless meetings: agenda, documents, attendance, live voting, minutes and conclusions."""
