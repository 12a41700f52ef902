"""Where each value of a YAML document sits, so problems can name a line and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

import yaml

YamlPath = tuple[Union[str, int], ...]
"""Keys and list indexes from the document root, as written in YAML: ("stages", 1, "steps", 0, "click")."""


@dataclass
class Positions:
    """The node of every value and mapping key in a document, by path."""

    root: yaml.Node | None
    values: dict[YamlPath, yaml.Node] = field(default_factory=dict)
    keys: dict[YamlPath, yaml.Node] = field(default_factory=dict)
    duplicate_keys: list[YamlPath] = field(default_factory=list)

    @classmethod
    def of(cls, root: yaml.Node | None, loader: yaml.SafeLoader) -> Positions:
        positions = cls(root)
        if root is not None:
            positions._visit(root, (), loader, set())
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

    def _visit(self, node: yaml.Node, path: YamlPath, loader: yaml.SafeLoader, ancestors: set[int]) -> None:
        self.values[path] = node
        if id(node) in ancestors:  # a recursive alias (&a [*a]); stop here
            return
        ancestors = ancestors | {id(node)}
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True)
                if (*path, key) in self.keys:
                    self.duplicate_keys.append((*path, key))
                self.keys[(*path, key)] = key_node
                self._visit(value_node, (*path, key), loader, ancestors)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._visit(item, (*path, index), loader, ancestors)
