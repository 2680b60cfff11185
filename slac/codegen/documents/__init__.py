"""The stages of the Markdown generator, one module each; `slac.codegen.markdown` chains them.

Data flows one way, each module importing only the ones above it:

- `escaping`: the `Markdown` type, the only way policy text reaches a document.
- `labels`: the generator's own words in the document's language (`locales/<lang>.json`).
- `period`: the fixed years the documents speak about, time zones and dates in words.
- `texts`: the author's texts and names in the document's language (`translation` blocks).
- `rendering`: the strict Jinja environment of `templates/*.md.j2` and the do-not-edit header.
- `views`: what the templates receive (plans at a glance, tables, calendars, examples, footnotes).
- `wording`: target cells, durations and instants in words.
- `calendars`: support hours in words and the weekly coverage chart.
- `footnotes`: which model element each assumption's footnote follows.
- `worst_case`: the longest time from a clock's start to its deadline over the period.
- `policy`: the customer document of one policy.
- `report`: the maintainer report of one policy (findings, assumptions, identifiers).
- `index`: the comparison of all policies.
"""
