"""The PowerPoint adapter: the only place that touches python-pptx internals and lxml."""
