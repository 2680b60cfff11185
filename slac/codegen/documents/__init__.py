"""The stages of the Markdown generator, one module each; `slac.codegen.markdown` chains them.

Data flows one way, each module importing only the ones above it:

- `escaping`: the `Markdown` type, the only way policy text reaches a document.
- `labels`: the generator's own words in the document's language (`locales/<lang>.json`).
- `rendering`: the strict Jinja environment of `templates/*.md.j2` and the do-not-edit header.
- `views`: what the templates receive (tables, calendars, targets, examples, footnotes).
- `wording`: target cells, durations, instants and levels in words.
- `calendars`: support hours in words and the weekly coverage chart.
- `footnotes`: which model element each assumption's footnote follows.
- `worst_case`: the longest time from a clock's start to its deadline over one week.
- `policy`: the document of one policy.
- `index`: the document of all policies side by side.
"""
