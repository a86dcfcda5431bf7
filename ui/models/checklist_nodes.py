"""The checklist tree as plain nodes, free of Qt so it can be built and tested on its own."""

from __future__ import annotations

from enum import Enum

from app.checklists.model import Checklist, Item, Section


class NodeKind(Enum):
    """What a node stands for."""

    ROOT = "root"
    SECTION = "section"
    ITEM = "item"


class Node:
    """One row of the tree. `row` is cached so parent lookups are O(1)."""

    __slots__ = ("children", "item", "kind", "parent", "row", "section")

    def __init__(
        self,
        kind: NodeKind,
        parent: Node | None = None,
        row: int = 0,
        section: Section | None = None,
        item: Item | None = None,
    ) -> None:
        self.kind = kind
        self.parent = parent
        self.row = row
        self.section = section
        self.item = item
        self.children: list[Node] = []

    @property
    def item_id(self) -> str | None:
        """The item's id, for item nodes."""
        return self.item.id if self.item is not None else None


def build_tree(checklist: Checklist) -> tuple[Node, dict[str, Node]]:
    """The root node with a section node per section and an item node per item, and an index."""
    root = Node(NodeKind.ROOT)
    by_item: dict[str, Node] = {}
    for s_row, section in enumerate(checklist.sections):
        section_node = Node(NodeKind.SECTION, root, s_row, section=section)
        root.children.append(section_node)
        for i_row, item in enumerate(section.items):
            item_node = Node(NodeKind.ITEM, section_node, i_row, section=section, item=item)
            section_node.children.append(item_node)
            by_item[item.id] = item_node
    return root, by_item
