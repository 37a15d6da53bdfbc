"""The model's attribute rules (tag → part of speech, morphology, lemma exceptions), applied a column at a time.

spaCy's attribute ruler finds its matches with the Matcher, then makes a
Span and sets the attributes in Python once per match. Its English rules
match every token (each fine-grained tag has one), so that loop cost 14% of
the whole parse. Here the same rules, read from the model's own ruler when
the pipeline loads, are tested on whole columns of the Doc's attribute array
and the results written back in one `Doc.from_array`. The output is the
same token for token (tests compare both on varied text); a model whose
rules use anything this does not read (operators, extension attributes,
morphology predicates) keeps spaCy's ruler.

Semantics kept from spaCy's ruler: every rule is matched against the Doc as
the parser left it, then applied in the order the rules were added, so a
later rule's value wins; a rule's `index` picks the token of the match that
gets the attributes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs
from spacy.vocab import Vocab

from dyad.caches import Bounded

# Attributes a rule may test: each is one uint64 per token in `Doc.to_array`.
_STRING_ATTRS = {"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "SHAPE", "ENT_TYPE"}
_FLAG_ATTRS = {name for name in IDS if name.startswith("IS_")}
# Attributes a rule may set: those `Doc.from_array` writes on the token alone.
_WRITABLE = {"TAG", "POS", "MORPH", "LEMMA", "DEP", "NORM"}
_REGEX_CACHE_MAX = 20_000  # strings a regex test remembers (one bool each), cleared when full
_COST = {"eq": 0, "in": 1, "not_in": 2, "regex": 3}  # tests run in this order, each only where the last passed


@dataclass
class _Test:
    """One condition on one attribute of one token of a pattern."""

    column: int  # in the read array
    kind: str  # "eq", "in", "not_in" or "regex"
    value: Any  # a hash, a frozenset of hashes, or a compiled regex
    array: np.ndarray = field(init=False)  # the frozenset's hashes, for np.isin
    seen: Bounded[int, bool] = field(init=False, default_factory=lambda: Bounded(_REGEX_CACHE_MAX))  # a regex's answers

    def __post_init__(self) -> None:
        values = self.value if isinstance(self.value, frozenset) else ()
        self.array = np.fromiter(values, dtype=np.uint64, count=len(values))

    def possible(self, present: list[set[int]]) -> bool:
        """Say whether any token of the Doc could pass, from the values present in its columns."""
        if self.kind == "eq":
            return self.value in present[self.column]
        if self.kind == "in":
            return not self.value.isdisjoint(present[self.column])
        return True

    def mask(self, values: np.ndarray, alive: np.ndarray | None, vocab: Vocab) -> np.ndarray:
        """Say for each position whether its token passes; a regex is tried only where `alive` still holds."""
        if self.kind == "eq":
            return np.asarray(values == self.value)
        if self.kind != "regex":
            found = np.isin(values, self.array)
            return found if self.kind == "in" else ~found
        result = np.zeros(len(values), dtype=bool)
        for at in (np.flatnonzero(alive) if alive is not None else range(len(values))):
            key = int(values[at])
            answer = self.seen.get(key)
            if answer is None:
                answer = self.seen.put(key, bool(self.value.search(vocab.strings[key])))
            result[at] = answer
        return result


@dataclass
class _Rule:
    """One pattern of the ruler, with the attributes it sets on the token at `target`."""

    length: int  # tokens in the pattern
    checks: list[tuple[int, _Test]]  # (token offset, test), cheapest first: a regex sees only what passed the rest
    target: int
    writes: list[tuple[int, int]]  # (column in the write array, value)


class AttributeRules:
    """The ruler's rules, compiled for column-at-a-time matching."""

    def __init__(self, rules: list[_Rule], read: list[int | str], write: list[int | str]) -> None:
        self.rules = rules
        self.read = read
        self.write = write

    def __call__(self, doc: Doc) -> Doc:
        """Set the rules' attributes on the Doc, as spaCy's attribute ruler would."""
        n = len(doc)
        if n == 0 or not self.rules:
            return doc
        columns = doc.to_array(self.read).reshape(n, len(self.read))
        present = [set(np.unique(columns[:, i]).tolist()) for i in range(len(self.read))]
        out = doc.to_array(self.write).reshape(n, len(self.write))
        vocab = doc.vocab
        for rule in self.rules:
            starts = n - rule.length + 1
            if starts <= 0 or not all(test.possible(present) for _, test in rule.checks):
                continue
            alive = _starts(rule, columns, starts, vocab)
            if alive is None:
                continue
            targets = np.flatnonzero(alive) + rule.target
            for column, value in rule.writes:
                out[targets, column] = value
        doc.from_array(self.write, out)  # type: ignore[arg-type]
        return doc


def _starts(rule: _Rule, columns: np.ndarray, starts: int, vocab: Vocab) -> np.ndarray | None:
    """Return which start positions match the rule's pattern (None if none do)."""
    alive: np.ndarray | None = None
    for offset, test in rule.checks:
        passed = test.mask(columns[offset : offset + starts, test.column], alive, vocab)
        alive = passed if alive is None else alive & passed
        if not alive.any():
            return None
    return alive


def compile_rules(patterns: Iterable[dict[str, Any]], vocab: Vocab) -> AttributeRules | None:
    """Compile attribute-ruler patterns (its `patterns` list), or return None if one uses what this cannot test."""
    read: list[int | str] = []
    write: list[int | str] = []
    rules: list[_Rule] = []
    for entry in patterns:
        attrs = entry.get("attrs", {})
        if any(str(name).upper() not in _WRITABLE for name in attrs):
            return None
        normalized = normalize_token_attrs(vocab, dict(attrs))
        writes = [(_column(write, attr_id), int(value)) for attr_id, value in normalized.items()]
        for pattern in entry.get("patterns", []):
            tokens = [_tests(spec, read) for spec in pattern]
            if not pattern or any(tests is None for tests in tokens):
                return None
            index = int(entry.get("index", 0))
            if not -len(pattern) <= index < len(pattern):
                return None
            checks = [(offset, test) for offset, tests in enumerate(tokens) for test in tests or []]
            checks.sort(key=lambda check: _COST[check[1].kind])
            rules.append(_Rule(len(pattern), checks, index % len(pattern), writes))
    return AttributeRules(rules, read, write) if read and write else None


def _column(columns: list[int | str], attr_id: int) -> int:
    """Return the position of an attribute in a column list, adding it if new."""
    if attr_id not in columns:
        columns.append(attr_id)
    return columns.index(attr_id)


def _tests(spec: dict[str, Any], read: list[int | str]) -> list[_Test] | None:
    """Compile one token's conditions; None if one is not supported."""
    tests: list[_Test] = []
    for name, value in spec.items():
        name = str(name).upper()
        if name in _FLAG_ATTRS and isinstance(value, bool):
            tests.append(_Test(_column(read, IDS[name]), "eq", int(value)))
        elif name in _STRING_ATTRS and isinstance(value, str):
            tests.append(_Test(_column(read, IDS[name]), "eq", get_string_id(value)))
        elif name in _STRING_ATTRS and isinstance(value, dict) and len(value) == 1:
            (op, operand), = value.items()
            column = _column(read, IDS[name])
            if op in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
                tests.append(_Test(column, op.lower(), frozenset(get_string_id(v) for v in operand)))
            elif op == "REGEX" and isinstance(operand, str):
                tests.append(_Test(column, "regex", re.compile(operand)))
            else:
                return None
        else:
            return None
    return tests


@Language.factory("dyad_attribute_rules", default_config={"patterns": []})
def make_attribute_rules(nlp: Language, name: str, patterns: list[dict[str, Any]]) -> AttributeRules:
    """Build the component from an attribute ruler's patterns (see `use_attribute_rules`)."""
    compiled = compile_rules(patterns, nlp.vocab)
    if compiled is None:
        raise ValueError(f"{name}: these attribute-ruler patterns need spaCy's own ruler")
    return compiled


def use_attribute_rules(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put compiled rules in place of the pipeline's attribute ruler when all its patterns compile.

    Returns whether the ruler was replaced (False: no ruler, or a pattern
    this module cannot test, and spaCy's ruler stays).
    """
    if name not in nlp.pipe_names:
        return False
    patterns = getattr(nlp.get_pipe(name), "patterns", None)
    if patterns is None:
        return False
    if compile_rules(patterns, nlp.vocab) is None:
        return False
    nlp.replace_pipe(name, "dyad_attribute_rules", config={"patterns": patterns})
    return True

