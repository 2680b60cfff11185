"""Reading an export file: one JSON document (an API response, or a list of them) or JSON Lines
(one response per line, as a paging script appends them). Errors name the file and the line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from slac import json_input
from slac.importers.problems import ImportFailure, Problem


def read_documents(path: Path) -> Iterator[tuple[str, Any]]:
    """Each JSON document of the file with where it is ("line 3", or "document" for a whole-file
    JSON); a top-level array yields its items ("item 2")."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportFailure(Problem("file", "does not exist", "check the path")) from None
    except UnicodeDecodeError as error:
        raise ImportFailure(
            Problem("file", f"is not UTF-8 text (byte {error.start})", "export the API responses as JSON")
        ) from None
    except OSError as error:
        raise ImportFailure(Problem("file", f"cannot be read ({error.strerror})", "check the path")) from None
    if not text.strip():
        raise ImportFailure(Problem("file", "is empty", "export the API responses as JSON into it"))
    try:
        whole = json_input.loads(text)
    except json_input.DuplicateMember as error:
        raise ImportFailure(_duplicate("document", error)) from None
    except json.JSONDecodeError as error:
        if not _starts_with_a_whole_line(text):
            raise ImportFailure(_not_json(text, error)) from None
        yield from _json_lines(text)
        return
    except (RecursionError, ValueError) as error:
        raise ImportFailure(_unreadable("document", error)) from None
    if isinstance(whole, list):
        for number, item in enumerate(whole, start=1):
            yield f"item {number}", item
    else:
        yield "document", whole


def _starts_with_a_whole_line(text: str) -> bool:
    """Whether the first non-blank line is a JSON document by itself: the file is JSON Lines.
    Otherwise it is one document (pretty-printed, as a saved response is), whose fault is
    named where it is rather than on its first line."""
    first = next(line for line in text.splitlines() if line.strip())
    try:
        json_input.loads(first)
    except (json.JSONDecodeError, RecursionError, ValueError):  # DuplicateMember is a ValueError
        return False
    return True


def _not_json(text: str, error: json.JSONDecodeError) -> Problem:
    """The problem of a whole-file document that is not JSON: where it breaks, or that it ends
    early (a download cut short)."""
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):  # the text ran out
        return Problem(
            "document",
            f"ends at line {error.lineno} before the JSON is complete: the file is cut short",
            "export the whole API response again",
        )
    return Problem(
        "document",
        f"is not JSON ({error.msg} at line {error.lineno}, column {error.colno})",
        "give one JSON document, or one JSON document per line",
    )


def _json_lines(text: str) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json_input.loads(line)
        except json_input.DuplicateMember as error:
            raise ImportFailure(_duplicate(f"line {number}", error)) from None
        except json.JSONDecodeError as error:
            raise ImportFailure(
                Problem(
                    f"line {number}",
                    f"is not JSON ({error.msg} at column {error.colno})",
                    "give one JSON document, or one JSON document per line",
                )
            ) from None
        except (RecursionError, ValueError) as error:
            raise ImportFailure(_unreadable(f"line {number}", error)) from None


def _duplicate(where: str, error: json_input.DuplicateMember) -> Problem:
    """The problem of an object that gives a member twice: which value the vendor meant is unknown."""
    return Problem(where, str(error), "export the API responses as the vendor returns them")


def _unreadable(where: str, error: RecursionError | ValueError) -> Problem:
    """The problem of JSON that json.loads parses but cannot hold: nested thousands deep
    (RecursionError), or a number of thousands of digits (ValueError: Python's limit on digits)."""
    if isinstance(error, RecursionError):
        return Problem(where, "is JSON nested too deeply to read", "export the API responses as the vendor returns them")
    return Problem(where, "holds a number with thousands of digits, which no API response has",
                   "export the API responses as the vendor returns them")
