"""The actor stage: candidate mentions (names, roles, pronouns) and the actor each one resolves to."""
