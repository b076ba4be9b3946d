"""Exports drawn from the built decks with headless Chromium or LibreOffice: PDF, handout, run sheet."""
