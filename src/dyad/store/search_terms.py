"""What a search hit looks like on both engines: the title's weight and the snippet's marks and length.

SQLite's search (search) and PostgreSQL's (search_postgresql) both read these,
so that neither module imports the other at load time.
"""

from __future__ import annotations

# A title word counts five times a body word: a headline says what a piece is
# about, while a body mentions many things in passing.
TITLE_WEIGHT = 5.0
MARK_START, MARK_END = "«", "»"
SNIPPET_TOKENS = 16
