r"""A quick first pass of JSON data against a schema; python-jsonschema decides the rest.

python-jsonschema walks the data in Python: a 1,000-item bundle manifest takes it about 160 ms,
a bundle's checklist copy 55 ms, on a thread that an import shares with the evidence streaming
in. jsonschema-rs (compiled) checks the same data in about a millisecond. It is used only to say
"fits": data it does not pass, or cannot take (text holding a lone surrogate, say), goes on to
python-jsonschema, which gives the verdict and names what failed, as before.

So the verdict stays python-jsonschema's as long as the quick pass never lets through what
python-jsonschema refuses. Both follow draft 2020-12, with formats unchecked; they differ in
regular expressions, which are ECMA-262 there and Python's `re` here:
- `$` before a final line break: Python lets it match, ECMA does not (stricter: python decides).
- `\s`: Python counts U+001C to U+001F as space, ECMA does not, so `[^\s]` lets them through.
  Of the schemas checked this way only the checklist's `url` has such a pattern, and every text
  of a checklist is refused for a control character anyway (`checklist_data_problems`).
A schema checked here must hold no other pattern where the two differ (a test lists them).
"""

from __future__ import annotations

from typing import Any


class QuickSchema:
    """One schema, compiled for the quick pass (jsonschema-rs is imported here, on first use)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        from jsonschema_rs import Draft202012Validator

        self._validator = Draft202012Validator(schema, validate_formats=False)

    def passes(self, data: Any) -> bool:
        """Whether `data` surely fits the schema; False means "ask python-jsonschema".

        Never raises: data the compiled check can't take is simply not passed.
        """
        try:
            return self._validator.is_valid(data)
        except Exception:  # noqa: BLE001 (lone surrogates, odd types: the full check decides)
            return False
