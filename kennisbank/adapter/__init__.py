"""The MkDocs side: a thin layer that feeds the core's output to MkDocs and mkdocs-macros."""
