"""The generator's core: plain Python that knows nothing of MkDocs. The folders follow the pipeline.

    reading/    YAML files -> checked records, every problem with file, line and fix (loader.load)
    model/      the content model: the records' pydantic models, the knowledge base and its derived indexes
    render/     the knowledge base -> Markdown pages (safe: record text is escaped or sanitised, never run)
    outputs/    files next to the pages: downloads (DOCX, ODT, PDF), open data, JSON-LD, the built-site link check
    authoring/  what editors run: `kennisbank new`, `import-bib`, `init`, the editors' JSON Schema and CMS form

labels.py (every text a visitor reads, nl and en), settings.py (extra.kennisbank) and textutil.py serve them all.
"""
