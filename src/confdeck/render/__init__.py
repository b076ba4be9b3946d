"""Renderers: walk a PlannedDeck and draw it. Only render/pptx.py imports python-pptx."""
