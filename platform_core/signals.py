"""Receivers for Django's authentication signals: every login, logout and failure is logged."""
