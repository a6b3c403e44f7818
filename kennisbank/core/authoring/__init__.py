"""Tools for editors and organisations: record skeletons (scaffold), the literature import (bibimport/), a new
organisation site (project_init), the editors' JSON Schema (editor_schema) and the Decap CMS form (cms_config)."""
