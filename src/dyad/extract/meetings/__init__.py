"""The meeting stage: meetings a document reports, with when, where, format and participants."""
