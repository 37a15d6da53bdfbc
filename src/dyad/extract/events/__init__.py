"""The event stage: who did what to whom, coded in CAMEO from the dependency parse."""
