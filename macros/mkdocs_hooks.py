"""Named in mkdocs.yml under `hooks:`. MkDocs imports this file anew on every config load, so it only
forwards to macros.adapter.hooks, which keeps state across `mkdocs serve` rebuilds."""
from macros.adapter.hooks import (on_config, on_files, on_page_content, on_page_context, on_page_markdown,  # noqa: F401
                                  on_env, on_post_build, on_startup)
