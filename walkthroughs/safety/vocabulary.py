"""The words that commit a shopper (placing an order, paying, subscribing, donating) and the payment providers'
hosts: the one judge of whether a button's name, a form's address or a request's host commits.

The shipped lists are `commit_words.yaml` and `payment_providers.txt`; a scenario's `commit_words:` files and
$WALKTHROUGHS_COMMIT_WORDS add to them (see commit_words.yaml for the shape).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

import yaml

from ..errors import InputError

WORDS_FILE = Path(__file__).with_name("commit_words.yaml")
PROVIDERS_FILE = Path(__file__).with_name("payment_providers.txt")
ENV_VARIABLE = "WALKTHROUGHS_COMMIT_WORDS"

# What the walk stopped before, by kind, in the report's words.
STOPPED_BEFORE = {"order": "placing the order", "payment": "paying", "subscription": "subscribing",
                  "donation": "donating"}
KINDS = tuple(STOPPED_BEFORE)
SECTIONS = ("phrases", "whole", "addresses")
# Set aside before a whole-name match: what a price adds to a button ("Pay €94.90", "Kup 120 zł").
CURRENCY_WORDS = frozenset("eur usd gbp chf sek nok dkk pln czk huf ron rub jpy cny krw inr brl mxn aud cad nzd try "
                           "zl zł kr kc kč ft lei руб р".split())
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class CommitWordsError(InputError):
    """A commit-words file that cannot be read, or is not shaped like commit_words.yaml."""


def words_of(text: str) -> list[str]:
    """Lower-case words without accents: "Zahlungspflichtig BESTELLEN!" → ["zahlungspflichtig", "bestellen"]."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return re.findall(r"[^\W_]+", text)


def _address_words(url: str) -> list[str]:
    """The words of an address's path and query: /CheckoutServices-PlaceOrder → checkout services place order."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    return words_of(_CAMEL.sub(" ", unquote(f"{parts.path} {parts.query}")))


@dataclass(frozen=True)
class Match:
    kind: str  # order | payment | subscription | donation
    words: str  # the vocabulary's entry that matched, as written

    @property
    def stopped_before(self) -> str:
        return STOPPED_BEFORE[self.kind]


@dataclass(frozen=True)
class _Entry:
    kind: str
    written: str
    words: tuple[str, ...]
    joined: bool  # Japanese, Chinese, Korean: matched as written, without word boundaries

    @classmethod
    def of(cls, kind: str, written: str) -> _Entry:
        return cls(kind, written, tuple(words_of(written)), bool(_CJK.search(written)))

    def found_in(self, words: list[str]) -> bool:
        if not self.words:
            return False
        if self.joined:
            return "".join(self.words) in "".join(words)
        size = len(self.words)
        return any(tuple(words[i:i + size]) == self.words for i in range(len(words) - size + 1))


@dataclass(frozen=True)
class Vocabulary:
    phrases: tuple[_Entry, ...]
    whole: tuple[_Entry, ...]
    addresses: tuple[_Entry, ...]
    providers: tuple[tuple[str, str], ...]  # (host, provider's name)
    files: tuple[str, ...]  # where the words came from, the shipped file first

    def name_commits(self, text: str | None) -> Match | None:
        """Whether a button's text, label, value or title says it commits."""
        words = words_of(text or "")
        if not words:
            return None
        for entry in self.phrases:
            if entry.found_in(words):
                return Match(entry.kind, entry.written)
        bare = [word for word in words if not word.isdigit() and word not in CURRENCY_WORDS]
        for entry in self.whole:
            if tuple(bare) == entry.words:
                return Match(entry.kind, entry.written)
        return None

    def address_commits(self, url: str | None) -> Match | None:
        """Whether an address a form posts to (or a link opens) says it commits: /checkout/place-order."""
        words = _address_words(url or "")
        for entry in self.addresses:
            if entry.found_in(words):
                return Match(entry.kind, entry.written)
        return None

    def provider_of(self, host: str | None) -> str | None:
        """The payment provider whose API `host` is (itself or a subdomain of a listed host), or None."""
        host = (host or "").lower().rstrip(".")
        for listed, name in self.providers:
            if host == listed or host.endswith("." + listed):
                return name
        return None


def user_word_files(scenario_files: Iterable[Path] = ()) -> tuple[Path, ...]:
    """The files that extend the shipped words: the scenario's, then $WALKTHROUGHS_COMMIT_WORDS's."""
    from_environment = [Path(part) for part in os.environ.get(ENV_VARIABLE, "").split(os.pathsep) if part.strip()]
    return tuple(dict.fromkeys([*scenario_files, *from_environment]))


def vocabulary(extra_files: Iterable[Path] = ()) -> Vocabulary:
    """The shipped words and providers plus those of `extra_files` and $WALKTHROUGHS_COMMIT_WORDS."""
    return _vocabulary(tuple(Path(path).resolve() for path in user_word_files(extra_files)))


@lru_cache(maxsize=32)
def _vocabulary(files: tuple[Path, ...]) -> Vocabulary:
    sections: dict[str, list[_Entry]] = {section: [] for section in SECTIONS}
    providers = list(_shipped_providers())
    for path in (WORDS_FILE, *files):
        words, more_providers = _read_words(path)
        for section, entries in words.items():
            sections[section] += entries
        providers += more_providers
    # Longer phrases first, so the reason names the most telling one ("zahlungspflichtig bestellen", not "bestellen").
    by_length = {section: tuple(sorted(entries, key=lambda e: -len(e.words))) for section, entries in sections.items()}
    return Vocabulary(by_length["phrases"], by_length["whole"], by_length["addresses"],
                      tuple(dict.fromkeys(providers)), tuple(str(path) for path in (WORDS_FILE, *files)))


def _shipped_providers() -> list[tuple[str, str]]:
    providers = []
    for line in PROVIDERS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            host, _, name = line.strip().partition(" ")
            providers.append((host.lower(), name.strip() or host))
    return providers


def _read_words(path: Path) -> tuple[dict[str, list[_Entry]], list[tuple[str, str]]]:
    """One commit-words file's entries by section, and its payment providers; CommitWordsError names file:line."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except OSError as error:
        raise CommitWordsError(f"{path}: cannot read the commit words: {error.strerror or error}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise CommitWordsError(f"{where}: invalid YAML in the commit words: {error.problem}") from None
    words: dict[str, list[_Entry]] = {section: [] for section in SECTIONS}
    providers: list[tuple[str, str]] = []
    if root is None:
        return words, providers

    def problem(node: yaml.Node, expected: str) -> CommitWordsError:
        return CommitWordsError(f"{path}:{node.start_mark.line + 1}: expected {expected} (see {WORDS_FILE.name})")

    def strings(node: yaml.Node, expected: str) -> list[str]:
        """A list of words, or a mapping language → list of words."""
        if isinstance(node, yaml.MappingNode):
            return [text for _, value in node.value for text in strings(value, expected)]
        if not isinstance(node, yaml.SequenceNode) or not all(isinstance(item, yaml.ScalarNode) for item in node.value):
            raise problem(node, expected)
        return [str(item.value) for item in node.value]

    if not isinstance(root, yaml.MappingNode):
        raise problem(root, f"a mapping of {', '.join(KINDS)} and payment_providers")
    for key, value in root.value:
        if key.value == "payment_providers":
            if isinstance(value, yaml.MappingNode):
                providers += [(str(host.value).lower(), str(name.value)) for host, name in value.value]
            else:
                providers += [(host.lower(), host) for host in strings(value, "a list of hosts")]
            continue
        if key.value not in KINDS:
            raise problem(key, f"one of {', '.join(KINDS)} or payment_providers, not {key.value!r}")
        if not isinstance(value, yaml.MappingNode):
            raise problem(value, f"{key.value}: a mapping with {', '.join(SECTIONS)}")
        for section, entries in value.value:
            if section.value not in SECTIONS:
                raise problem(section, f"one of {', '.join(SECTIONS)}, not {section.value!r}")
            for text in strings(entries, f"{key.value}.{section.value}: a list of words, or language → list of words"):
                words[section.value].append(_Entry.of(key.value, text))
    return words, providers
