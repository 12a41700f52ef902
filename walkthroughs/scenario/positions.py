"""Where each value of a YAML document sits, so problems can name a line and column."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Union

import yaml

YamlPath = tuple[Union[str, int], ...]
"""Keys and list indexes from the document root, as written in YAML: ("stages", 1, "steps", 0, "click")."""

MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class Positions:
    """The node of every value and mapping key in a document, by path.

    Read from the composed nodes before they are constructed (construction flattens merge keys in place), with merge
    keys as YAML defines them: a mapping's own keys win over those it merges (`<<: *base`), earlier merges over later.
    Documents reach here within the limits of `yaml_limits` (no recursive aliases, a bounded expansion)."""

    root: yaml.Node | None
    values: dict[YamlPath, yaml.Node] = field(default_factory=dict)
    keys: dict[YamlPath, yaml.Node] = field(default_factory=dict)
    duplicate_keys: list[YamlPath] = field(default_factory=list)

    @classmethod
    def of(cls, root: yaml.Node | None, loader: yaml.SafeLoader) -> Positions:
        positions = cls(root)
        if root is not None:
            positions._visit(root, (), loader)
        return positions

    def value(self, path: YamlPath) -> yaml.Node | None:
        """The node at `path`, or of its nearest ancestor when it is missing (a missing key → its mapping).

        None only for an empty document."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return self.root

    def key(self, path: YamlPath) -> yaml.Node | None:
        """The key node of the mapping entry at `path` (where an unknown key is written)."""
        return self.keys.get(path) or self.value(path)

    def line(self, path: YamlPath) -> int | None:
        """The 1-based line the value at `path` starts on."""
        node = self.values.get(path)
        return node.start_mark.line + 1 if node is not None else None

    def _visit(self, node: yaml.Node, path: YamlPath, loader: yaml.SafeLoader) -> None:
        self.values[path] = node
        if isinstance(node, yaml.MappingNode):
            own: set = set()
            for key_node, value_node in node.value:
                if key_node.tag == MERGE_TAG:
                    continue
                key = loader.construct_object(key_node, deep=True)
                if key in own:
                    self.duplicate_keys.append((*path, key))
                own.add(key)
                self.keys[(*path, key)] = key_node
                self._visit(value_node, (*path, key), loader)
            for key, key_node, value_node in _merged(node, loader):
                if key not in own:
                    own.add(key)
                    self.keys[(*path, key)] = key_node
                    self._visit(value_node, (*path, key), loader)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._visit(item, (*path, index), loader)


def _merged(node: yaml.MappingNode, loader: yaml.SafeLoader) -> Iterator[tuple[object, yaml.Node, yaml.Node]]:
    """(key, key node, value node) of what the mapping's merge keys bring in, in the order YAML gives them precedence."""
    for key_node, value_node in node.value:
        if key_node.tag != MERGE_TAG:
            continue
        sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                continue  # the constructor refuses it, with its position
            for inner_key, inner_value in source.value:
                if inner_key.tag != MERGE_TAG:
                    yield loader.construct_object(inner_key, deep=True), inner_key, inner_value
            yield from _merged(source, loader)
