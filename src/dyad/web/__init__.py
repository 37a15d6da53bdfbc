"""The web UI and JSON API (`dyad serve`), and the file report (`dyad report -o`)."""
