"""The time stage: date expressions found in a text and resolved against its publication date."""
