"""Wagtail admin customisations for the lms app."""
