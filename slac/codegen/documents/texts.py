"""Author text in the document's language: the policy's own words when the document is in the
policy's language, else its `translation <lang>` block; names (fields, values, extras) as the
translation of the document's language says they read.
"""

from __future__ import annotations

from slac.codegen.documents.labels import humanise
from slac.model.types import Policy


class PolicyTexts:
    """The author's texts and names of one policy, in one document language."""

    def __init__(self, policy: Policy, language: str) -> None:
        self.policy = policy
        self.language = language
        self.translation = policy.translation(language)
        self.untranslated: list[str] = []

    @property
    def translated(self) -> bool:
        """Whether the document is in another language than the policy's."""
        return self.language != self.policy.language

    def __call__(self, text: str) -> str:
        """A text of the policy in the document's language; the original when the translation
        lacks it (recorded in `untranslated`, which the maintainer report lists)."""
        if not self.translated:
            return text
        found = self.translation.text(text) if self.translation is not None else None
        if found is None:
            if text not in self.untranslated:
                self.untranslated.append(text)
            return text
        return found

    def name(self, identifier: str, field: str | None = None) -> str | None:
        """The words for a name in the document's language, or None when the policy gives none."""
        if self.translation is None:
            return None
        return self.translation.name(identifier, field)

    def name_or_humanised(self, identifier: str, field: str | None = None) -> str:
        return self.name(identifier, field) or humanise(identifier)


def author_texts(policy: Policy) -> tuple[str, ...]:
    """Every text the author wrote that a document shows, once each, in document order."""
    texts: list[str] = [policy.title, *policy.supported, *policy.unsupported, *policy.notes, policy.scale.title]
    for level in policy.scale.levels:
        texts.append(level.title)
        if level.description:
            texts.append(level.description)
        texts += [criterion.text for criterion in level.criteria]
        texts += [example.text for example in level.examples]
        texts += [obligation.text for obligation in level.obligations]
    texts += [f.title for f in policy.fields]
    texts += [c.title for c in policy.calendars]
    for target in policy.targets:
        texts.append(target.title)
        if target.table_title:
            texts.append(target.table_title)
    for plan in policy.plans:
        texts.append(plan.title)
        texts += [extra.text for extra in plan.extras]
        texts += list(plan.notes)
    texts += [rule.title for rule in (*policy.rules, *policy.restrictions)]
    texts += [intake.title for intake in policy.intakes]
    texts += [example.title for example in policy.examples]
    return tuple(dict.fromkeys(texts))
