"""Competency frameworks: CASE import/export, built-in profiles, links to evidence, coverage."""
