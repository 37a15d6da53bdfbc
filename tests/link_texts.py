"""Texts and documents the linking tests share: two unrelated paragraphs, a site footer, a document maker."""

from __future__ import annotations

from dyad.model import Document, Published, RawItem, document_id

NORWAY = (
    "The fisheries ministers of Norway and Chile met in Oslo on Tuesday and agreed to share data on "
    "salmon farming, to open a joint research station near Puerto Montt and to review the quota "
    "system for the southern waters before the end of the year, the Norwegian ministry said in a statement."
)
CHILE = (
    "Chile's trade envoy told lawmakers in Santiago that copper exports to Japan had fallen by a fifth "
    "since the spring because smelters in Osaka cut orders after the new tariff on refined cathodes took "
    "effect, and that talks on a lower rate would resume in Tokyo next month with both ministers present."
)
FOOTER = (
    "Subscribe to our newsletter for the latest news from the region delivered to your inbox every "
    "morning, and follow our correspondents on every platform for live coverage of every summit."
)


def linked_doc(n: int, text: str, published: str | None, publisher: str = "Wire") -> tuple[RawItem, list[Document]]:
    """Make raw input n holding one English document, titled "Title n", dated to the day or month given."""
    raw = RawItem(f"t/{n}.txt", f"t/{n}.txt", f"{n}\n{text}".encode(), "text")
    date = Published(published, "day" if len(published) == 10 else "month", "metadata") if published else None
    doc = Document(document_id(raw.sha256, 0), raw.source, 0, text, raw_sha256=raw.sha256, title=f"Title {n}",
                   publisher=publisher, published=date, language="en")
    return raw, [doc]
