"""confdeck: conference notes to an editable PowerPoint deck and a self-contained reveal.js deck."""

__version__ = "0.1.0"
