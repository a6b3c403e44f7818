"""The content model: the pydantic models of the records (records.py), the kinds of record, the source types as
APA 7 sees them, and the validated knowledge base with the indexes derived from it (knowledge_base.py)."""
