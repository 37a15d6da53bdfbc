"""The quote stage: quotations and reported speech, with their speakers."""
