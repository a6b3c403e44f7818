"""Render the knowledge base to Markdown pages. Knows nothing of MkDocs: links are relative .md paths."""
from kennisbank.core.render.overviews import overview
from kennisbank.core.render.pages import render_record_page

__all__ = ["render_record_page", "overview"]
