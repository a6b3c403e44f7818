"""What the site offers besides its pages: downloadable templates (documents/, downloads.py), open data and
JSON-LD (open_data/), the security headers the pages are built for, and the link check of a built site."""
