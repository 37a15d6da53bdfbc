"""spaCy and what Dyad adds around it: the parse, its lemma memo, numpy products and attribute rules."""
