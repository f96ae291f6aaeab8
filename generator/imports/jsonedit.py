"""Edit a JSON text in place: only the values that change are rewritten.

:func:`edit` takes a file's text and the data it should hold afterwards, and
splices the differences into the text: an existing value is replaced where it
stands, a new key goes after the last key of its object and a new array
element where it belongs, each laid out like its neighbours (on one line when
they are, with their indentation when they are not). Key order, indentation,
spacing and every untouched character stay as they were, so ``git diff``
shows only what changed. The result is parsed back and compared with the
data it must hold; a mismatch is a bug, never a silently wrong file.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
INLINE_WIDTH = 100
"""A new object or array of plain values is written on one line when it fits in this
many characters (and its neighbours are not laid out one value per line)."""


_DECODER = json.JSONDecoder()
_encode = json.JSONEncoder(ensure_ascii=False).encode
_encode_flat = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


@dataclass(eq=False)
class Node:
    """A value of the text and where it stands (``start`` to ``end``, end exclusive).

    The members of an object and the elements of an array are found when first asked
    for: a value that does not change is only ever skipped (by the json module's C
    scanner), never walked."""

    start: int
    end: int
    value: Any
    kind: str  # "object", "array" or "scalar"
    parser: _Parser = field(repr=False)
    _children: list | None = field(default=None, repr=False)

    @property
    def members(self) -> list[tuple[str, int, Node]]:
        """(key, where the key starts, value) of an object, in the text's order."""
        if self._children is None:
            self._children = self.parser.children(self)
        return self._children

    @property
    def items(self) -> list[Node]:
        """The elements of an array."""
        if self._children is None:
            self._children = self.parser.children(self)
        return self._children


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text

    def skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()

    def value(self, pos: int) -> Node:
        pos = self.skip(pos)
        value, end = _DECODER.raw_decode(self.text, pos)
        kind = {"{": "object", "[": "array"}.get(self.text[pos], "scalar")
        return Node(pos, end, value, kind, self)

    def children(self, node: Node) -> list:
        text, out = self.text, []
        if node.kind == "scalar":
            return out
        close = "}" if node.kind == "object" else "]"
        pos = self.skip(node.start + 1)
        if text[pos] == close:
            return out
        while True:
            if node.kind == "object":
                key_start = pos
                key, pos = scanstring(text, pos + 1)
                pos = self.skip(pos)
                if text[pos] != ":":
                    raise ValueError(f"expected ':' at offset {pos}")
                child = self.value(pos + 1)
                out.append((key, key_start, child))
            else:
                child = self.value(pos)
                out.append(child)
            pos = self.skip(child.end)
            if text[pos] == close:
                return out
            pos = self.skip(pos + 1)  # the comma


def parse(text: str) -> Node:
    """The tree of ``text`` (a valid JSON document) with every value's position."""
    return _Parser(text).value(0)


def indent_unit(text: str) -> str:
    """The file's indentation step: the leading white space of its first indented line."""
    match = re.search(r"\n([ \t]+)\S", text)
    return match.group(1) if match else "  "


class _Editor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.unit = indent_unit(text)
        self.splices: list[tuple[int, int, str]] = []  # start, end, replacement

    # --- layout of the text around a node -----------------------------------------

    def line_indent(self, pos: int) -> str:
        """The indentation of the line on which ``pos`` stands."""
        line_start = self.text.rfind("\n", 0, pos) + 1
        return _WS.match(self.text, line_start).group().replace("\n", "").replace("\r", "")

    def multiline(self, node: Node) -> bool:
        return "\n" in self.text[node.start:node.end]

    def child_layout(self, node: Node, children: list[int]) -> tuple[str, str]:
        """(separator after a comma, indentation of a child) in container ``node``."""
        if not children:
            indent = self.line_indent(node.start) + self.unit
            return "\n" + indent, indent
        if len(children) > 1:
            first_end = self._end_of_child(node, 0)
            between = self.text[first_end:children[1]]
            sep = between.split(",", 1)[1] if "," in between else " "
        elif self.multiline(node):
            sep = "\n" + self.line_indent(children[0])
        else:
            sep = " "
        return sep, self.line_indent(children[0]) if "\n" in sep else ""

    def _end_of_child(self, node: Node, index: int) -> int:
        return node.members[index][2].end if node.kind == "object" else node.items[index].end

    # --- writing new values -------------------------------------------------------------

    def dump(self, value: Any, indent: str, inline: bool | None = None) -> str:
        """``value`` as JSON text starting on a line indented by ``indent``: on one line
        when ``inline`` (None: when it holds no container and fits), else one member
        or element per line."""
        if not isinstance(value, dict | list) or not value:
            return _encode(value)
        if inline is None:
            children = value.values() if isinstance(value, dict) else value
            inline = (not any(isinstance(c, dict | list) for c in children)
                      and len(_encode_flat(value)) + len(indent) <= INLINE_WIDTH)
        if inline:
            return _encode_flat(value)
        inner = indent + self.unit
        if isinstance(value, dict):
            parts = [f"{_encode(k)}: "
                     f"{self.dump(v, inner) if isinstance(v, dict | list) else _encode(v)}"
                     for k, v in value.items()]
            return "{\n" + ",\n".join(inner + p for p in parts) + "\n" + indent + "}"
        parts = [self.dump(v, inner) for v in value]
        return "[\n" + ",\n".join(inner + p for p in parts) + "\n" + indent + "]"

    def sibling_inline(self, node: Node) -> bool | None:
        """Whether the containers among ``node``'s elements are written on one line
        (None when it has none)."""
        containers = [c for c in (node.items if node.kind == "array"
                                  else [m[2] for m in node.members]) if c.kind != "scalar"]
        if not containers:
            return None
        return not self.multiline(containers[-1])

    # --- the diff ------------------------------------------------------------------------

    def change(self, node: Node, new: Any) -> None:
        if node.value == new and type(node.value) is type(new):
            return
        if node.kind == "object" and isinstance(new, dict) and node.members:
            self.change_object(node, new)
        elif node.kind == "array" and isinstance(new, list) and node.items:
            self.change_array(node, new)
        elif node.kind == "scalar" and _same_number(node.value, new):
            return
        else:
            self.rewrite(node, new)

    def rewrite(self, node: Node, new: Any) -> None:
        """Replace ``node`` whole, laid out like a new value on its line."""
        inline = None if node.kind == "scalar" else not self.multiline(node)
        if isinstance(new, dict | list) and any(isinstance(c, dict | list) for c in
                                                (new.values() if isinstance(new, dict) else new)):
            inline = None
        self.splices.append((node.start, node.end,
                             self.dump(new, self.line_indent(node.start), inline)))

    def change_object(self, node: Node, new: dict) -> None:
        old_keys = {key for key, _, _ in node.members}
        added = [(k, v) for k, v in new.items() if k not in old_keys]
        gone = [i for i, (key, _, _) in enumerate(node.members) if key not in new]
        if gone and added:  # (never from an import) written anew, in its own layout
            self.rewrite(node, new)
            return
        for key, _, child in node.members:
            if key in new:
                self.change(child, new[key])
        self.remove(node, gone)
        if not added:
            return
        starts = [key_start for _, key_start, _ in node.members]
        sep, indent = self.child_layout(node, starts)
        last_key_start, last = node.members[-1][1], node.members[-1][2]
        colon = self.text[scanstring(self.text, last_key_start + 1)[1]:last.start]
        colon = colon if colon.strip() == ":" else ": "
        inline = self.sibling_inline(node)
        text = "".join(
            f",{sep}{_encode(k)}{colon}"
            f"{self.dump(v, indent or self.line_indent(node.start), inline)}"
            for k, v in added)
        self.splices.append((last.end, last.end, text))

    def change_array(self, node: Node, new: list) -> None:
        old = [_hashable(v) for v in node.value]
        fresh = [_hashable(v) for v in new]
        starts = [item.start for item in node.items]
        sep, indent = self.child_layout(node, starts)
        indent = indent or self.line_indent(node.start)
        inline = self.sibling_inline(node)
        opcodes = [o for o in difflib.SequenceMatcher(None, old, fresh, autojunk=False)
                   .get_opcodes() if o[0] != "equal"]
        if (any(i2 - i1 > j2 - j1 for _, i1, i2, j1, j2 in opcodes)
                and any(j2 - j1 > i2 - i1 for _, i1, i2, j1, j2 in opcodes)):
            self.rewrite(node, new)  # elements both removed and added: never from an import
            return
        removed: list[int] = []
        for _, i1, i2, j1, j2 in opcodes:
            pairs = min(i2 - i1, j2 - j1)
            for k in range(pairs):
                self.change(node.items[i1 + k], new[j1 + k])
            removed.extend(range(i1 + pairs, i2))
            extra = new[j1 + pairs:j2]
            if not extra:
                continue
            texts = [self.dump(v, indent, inline) for v in extra]
            at = i1 + pairs
            if at > 0:
                pos = node.items[at - 1].end
                self.splices.append((pos, pos, "".join(f",{sep}{t}" for t in texts)))
            else:
                pos = node.items[0].start
                self.splices.append((pos, pos, "".join(f"{t},{sep}" for t in texts)))
        self.remove(node, removed)

    def remove(self, node: Node, indexes: list[int]) -> None:
        """Remove the members or elements ``indexes`` of ``node``, each run of neighbours
        with the commas that join it to the rest."""
        children = ([(ks, child.end) for _, ks, child in node.members] if node.kind == "object"
                    else [(c.start, c.end) for c in node.items])
        runs: list[list[int]] = []
        for index in sorted(indexes):
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        for run in runs:
            first, last = run[0], run[-1]
            if last + 1 < len(children):
                start, end = children[first][0], children[last + 1][0]
            elif first > 0:
                start, end = children[first - 1][1], children[last][1]
            else:
                start, end = node.start + 1, node.end - 1
            self.splices.append((start, end, ""))

    def result(self) -> str:
        out, pos = [], 0
        for start, end, text in sorted(self.splices, key=lambda s: (s[0], s[1])):
            out.append(self.text[pos:start])
            out.append(text)
            pos = max(pos, end)
        out.append(self.text[pos:])
        return "".join(out)


def _hashable(value: Any) -> Any:
    """``value`` as something equal values share and a set can hold (for the diff of an
    array): an object of plain values as its sorted items, anything else as JSON text."""
    if isinstance(value, dict):
        try:
            key = tuple(sorted(value.items()))
            hash(key)
            return key
        except TypeError:
            pass
    return json.dumps(value, sort_keys=True)


def _same_number(old: Any, new: Any) -> bool:
    """``12`` and ``12.0``: the same value, kept as the file writes it."""
    numbers = (int, float)
    return (isinstance(old, numbers) and isinstance(new, numbers)
            and not isinstance(old, bool) and not isinstance(new, bool) and old == new)


def edit(text: str, new: Any) -> str:
    """``text`` (a JSON document) changed to hold ``new``, touching only what differs.

    ValueError when the text is not JSON or the result would not hold ``new`` (which
    would be a defect of this module)."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    crlf = "\r\n" in text
    body = text[len(bom):].replace("\r\n", "\n") if crlf else text[len(bom):]
    root = parse(body)
    editor = _Editor(body)
    editor.change(root, new)
    result = editor.result()
    if json.loads(result) != new:
        raise ValueError("the edited text does not hold the new data")
    return bom + (result.replace("\n", "\r\n") if crlf else result)
