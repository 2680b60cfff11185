"""The mapping file: how a helpdesk's own values map onto the policy's.

A mapping is TOML (read with the standard library's tomllib):

    [customer]
    roles = ["end-user"]          # who counts as the customer (meaning per vendor, see README)

    [statuses]                    # helpdesk status -> policy status
    pending = "waiting_on_customer"

    [level]
    source = "priority"           # the helpdesk attribute that gives the level (default)
    [level.values]
    urgent = "1"

    [plan]
    source = "organization_id"    # optional; without it every ticket gets `default`
    default = "standard"
    [plan.values]
    "360001" = "premium"

    [fields.environment]          # a policy field, from a helpdesk attribute
    source = "360005"
    [fields.environment.values]
    prod = "production"

    [location]                    # the customer's zone, country, subdivision (optional)
    timezone = "Europe/Prague"

    [targets]                     # the helpdesk's SLA metric names -> policy targets
    "Time to first response" = "first_response"

A section without a `values` table passes the helpdesk's values through unchanged. A
helpdesk attribute that is empty is looked up as "" (`"" = "3"` maps "no priority" to 3).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping as MappingType
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slac.runtime.errors import did_you_mean

TOP_LEVEL = ("customer", "statuses", "level", "plan", "fields", "location", "targets")
SECTION_KEYS = ("source", "default", "values")


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the file, the key and the fix."""


@dataclass(frozen=True)
class ValueMap:
    """How one helpdesk attribute's values map onto policy values. `values` None passes values
    through unchanged; `default` is used when the attribute never has a value."""

    section: str
    source: str | None = None
    values: tuple[tuple[str, str], ...] | None = None
    default: str | None = None

    def maps(self, raw: str) -> bool:
        """True when a raw value has a mapping (identity maps everything)."""
        return self.values is None or any(key == raw for key, _ in self.values)

    def lookup(self, raw: str) -> str:
        """The policy value for a raw helpdesk value that `maps`."""
        if self.values is None:
            return raw
        return next(target for key, target in self.values if key == raw)

    def targets(self) -> tuple[str, ...]:
        """The policy values this section names (for the check against the policy)."""
        named = [target for _, target in self.values or ()]
        if self.default is not None:
            named.append(self.default)
        return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file. `customer_roles` None means the vendor's default."""

    path: str
    customer_roles: tuple[str, ...] | None = None
    statuses: ValueMap = field(default_factory=lambda: ValueMap("statuses"))
    level: ValueMap = field(default_factory=lambda: ValueMap("level", source="priority"))
    plan: ValueMap = field(default_factory=lambda: ValueMap("plan"))
    fields: tuple[tuple[str, ValueMap], ...] = ()
    timezone: str | None = None
    country: str | None = None
    subdivision: str | None = None
    targets: tuple[tuple[str, str], ...] = ()

    def target_for(self, vendor_name: str) -> str | None:
        """The policy target a vendor's SLA metric is compared with (None: not compared)."""
        return next((target for name, target in self.targets if name == vendor_name), None)


EMPTY = Mapping(path="(no mapping)")


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping file."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        raise MappingError(f"{name}: the mapping file does not exist; check the path given to --mapping") from None
    except OSError as error:
        raise MappingError(f"{name}: cannot be read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark, as Windows editors write, is skipped
    except UnicodeDecodeError as error:
        raise MappingError(f"{name}: not UTF-8 text (byte {error.start + 1}); save the mapping as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"{name}: not valid TOML: {error}") from None
    return parse_mapping(data, name)


def parse_mapping(data: MappingType[str, Any], name: str) -> Mapping:
    """A Mapping from parsed TOML; every mistake is a MappingError naming the key."""
    for key in data:
        if key not in TOP_LEVEL:
            raise MappingError(
                f"{name}: unknown table [{key}]{did_you_mean(key, TOP_LEVEL)} "
                f"(a mapping has {', '.join(f'[{t}]' for t in TOP_LEVEL)})"
            )
    customer = _table(data, "customer", name)
    for key in customer:
        if key != "roles":
            raise MappingError(f"{name}: [customer] has no key '{key}'; write roles = [\"...\"]")
    roles = customer.get("roles")
    if roles is not None and not (isinstance(roles, list) and all(isinstance(r, str) for r in roles)):
        raise MappingError(f"{name}: [customer] roles must be a list of texts, e.g. roles = [\"end-user\"]")
    location = _table(data, "location", name)
    for key, value in location.items():
        if key not in ("timezone", "country", "subdivision"):
            raise MappingError(f"{name}: [location] has no key '{key}' (it has timezone, country, subdivision)")
        if not isinstance(value, str):
            raise MappingError(f"{name}: [location] {key} must be text, e.g. {key} = \"...\"")
    fields_table = _table(data, "fields", name)
    fields = tuple(
        (field_name, _value_map(_table(fields_table, field_name, name, f"fields.{field_name}"), f"fields.{field_name}", name))
        for field_name in fields_table
    )
    for field_name, value_map in fields:
        if value_map.source is None:
            raise MappingError(
                f"{name}: [fields.{field_name}] needs source = \"...\" (the helpdesk attribute it comes from)"
            )
    level = _value_map(_table(data, "level", name), "level", name)
    if level.source is None:
        level = ValueMap("level", "priority", level.values, level.default)
    return Mapping(
        path=name,
        customer_roles=tuple(roles) if roles is not None else None,
        statuses=_flat_map(_table(data, "statuses", name), "statuses", name),
        level=level,
        plan=_value_map(_table(data, "plan", name), "plan", name),
        fields=fields,
        timezone=location.get("timezone"),
        country=location.get("country"),
        subdivision=location.get("subdivision"),
        targets=_flat_map(_table(data, "targets", name), "targets", name).values or (),
    )


def _table(data: MappingType[str, Any], key: str, name: str, label: str | None = None) -> MappingType[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"{name}: [{label or key}] must be a table, found {_kind(value)}")
    return value


def _text(value: object, where: str, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise MappingError(f"{name}: {where} must be text, found {_kind(value)}")
    return str(value)


def _flat_map(table: MappingType[str, Any], section: str, name: str) -> ValueMap:
    if not table:
        return ValueMap(section)
    pairs = tuple((key, _text(value, f"[{section}] {key!r}", name)) for key, value in table.items())
    return ValueMap(section, values=pairs)


def _value_map(table: MappingType[str, Any], section: str, name: str) -> ValueMap:
    for key in table:
        if key not in SECTION_KEYS:
            raise MappingError(
                f"{name}: [{section}] has no key '{key}'{did_you_mean(key, SECTION_KEYS)} "
                "(it has source, default and a [values] table)"
            )
    source = table.get("source")
    if source is not None:
        source = _text(source, f"[{section}] source", name)
    default = table.get("default")
    if default is not None:
        default = _text(default, f"[{section}] default", name)
    values = _table(table, "values", name, f"{section}.values") if "values" in table else None
    pairs = None if values is None else tuple(
        (key, _text(value, f"[{section}.values] {key!r}", name)) for key, value in values.items()
    )
    return ValueMap(section, source, pairs, default)


def _kind(value: object) -> str:
    return {dict: "a table", list: "a list", bool: "true/false", str: "text"}.get(type(value), type(value).__name__)


# ----------------------------------------------------------------------- the check against a policy


@dataclass(frozen=True)
class Vocabulary:
    """What a policy accepts: statuses (empty when the policy declares none yet), levels, plans,
    fields with their values, targets."""

    statuses: tuple[str, ...]
    levels: tuple[str, ...]
    plans: tuple[str, ...]
    fields: tuple[tuple[str, tuple[str, ...]], ...]
    targets: tuple[str, ...]

    def field_values(self, name: str) -> tuple[str, ...] | None:
        return next((values for field_name, values in self.fields if field_name == name), None)


def vocabulary_of(policy: Any) -> Vocabulary:
    """The vocabulary of a compiled policy. Statuses are read defensively: a policy model
    without `statuses` (or a policy that declares none) checks no status."""
    return Vocabulary(
        statuses=tuple(status.name for status in getattr(policy, "statuses", ())),
        levels=tuple(policy.scale.names),
        plans=tuple(plan.name for plan in policy.plans),
        fields=tuple((f.name, tuple(f.values)) for f in policy.fields),
        targets=tuple(target.name for target in policy.targets),
    )


def check_mapping(mapping: Mapping, vocabulary: Vocabulary) -> list[str]:
    """Every mapping target the policy does not have, as a sentence with the fix."""
    findings: list[str] = []

    def check(section: str, named: Iterable[str], known: tuple[str, ...], kind: str) -> None:
        for value in named:
            if value not in known:
                findings.append(
                    f"{mapping.path}: [{section}] maps onto {kind} '{value}', which the policy does not "
                    f"have{did_you_mean(value, known)} (it has: {', '.join(known)})"
                )

    if vocabulary.statuses:
        check("statuses", mapping.statuses.targets(), vocabulary.statuses, "status")
    check("level", mapping.level.targets(), vocabulary.levels, "level")
    check("plan", mapping.plan.targets(), vocabulary.plans, "plan")
    check("targets", [target for _, target in mapping.targets], vocabulary.targets, "target")
    for field_name, value_map in mapping.fields:
        values = vocabulary.field_values(field_name)
        if values is None:
            known = tuple(name for name, _ in vocabulary.fields)
            findings.append(
                f"{mapping.path}: [fields.{field_name}] names a field the policy does not "
                f"have{did_you_mean(field_name, known)} (it has: {', '.join(known) or 'no fields'})"
            )
            continue
        check(f"fields.{field_name}", value_map.targets(), values, f"{field_name} value")
    return findings
