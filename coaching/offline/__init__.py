"""Offline (no model) content engines: deterministic, grounded in the user's data and shipped content."""
