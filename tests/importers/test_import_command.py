"""`slac import` on exports written from the vendors' documentation: the histories it must
give (worked out by hand in `fixtures/*.expected.jsonl`), the schema they must follow, and a
clear message — never a traceback — for every bad input."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from tests.importers.support import CASES, FIXTURES, POLICY, SCHEMA, fixture_json, lines, run_import, write_json


@pytest.mark.parametrize(("vendor", "export", "mapping", "expected"), CASES)
def test_an_export_gives_the_histories_worked_out_by_hand(vendor: str, export: str, mapping: str, expected: str) -> None:
    result = run_import(vendor, FIXTURES / export, "--mapping", FIXTURES / mapping, "--policy", POLICY)
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout) == lines((FIXTURES / expected).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("vendor", "export", "mapping", "expected"), CASES)
def test_every_history_follows_the_schema(vendor: str, export: str, mapping: str, expected: str) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    result = run_import(vendor, FIXTURES / export, "--mapping", FIXTURES / mapping)
    histories = lines(result.stdout)
    assert histories
    for history in histories:
        assert not list(validator.iter_errors(history)), history["id"]


def test_out_writes_the_file_and_says_how_many(tmp_path: Path) -> None:
    out = tmp_path / "histories.jsonl"
    result = run_import("zammad", FIXTURES / "zammad_tickets.json", "--mapping", FIXTURES / "zammad.toml", "--out", out)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert [h["id"] for h in lines(out.read_text(encoding="utf-8"))] == [7, 8]
    assert "2 ticket histories" in result.stderr


# ----------------------------------------------------------------------- time stamps


def naive_audits(tmp_path: Path) -> Path:
    audits = fixture_json("zendesk_audits.json")
    audits["audits"][0]["created_at"] = "2025-03-03T09:00:00"
    return write_json(tmp_path / "naive.json", audits)


def test_a_naive_timestamp_is_refused_naming_the_audit_and_the_fix(tmp_path: Path) -> None:
    result = run_import("zendesk", naive_audits(tmp_path), "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "naive.json: ticket 101, audit 1001: created_at '2025-03-03T09:00:00' has no UTC offset" in result.stderr
    assert "--source-timezone" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("created_at", "message"),
    [
        (1e300, "created_at 1e+300 is not a Unix epoch timestamp that names a date"),
        (-99999999999999, "created_at -99999999999999 is not a Unix epoch timestamp"),
        (float("nan"), "created_at nan is not a Unix epoch timestamp"),
        ("9999-12-31T23:00:00-12:00", "created_at '9999-12-31T23:00:00-12:00' names no instant of the years 1–9999 in UTC"),
        ("0001-01-01T00:00:00+14:00", "created_at '0001-01-01T00:00:00+14:00' names no instant"),
    ],
)
def test_a_timestamp_beyond_what_a_datetime_holds_is_refused(tmp_path: Path, created_at: object, message: str) -> None:
    audits = fixture_json("zendesk_audits.json")
    audits["audits"][0]["created_at"] = created_at
    result = run_import("zendesk", write_json(tmp_path / "far.json", audits), "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 1, result.output
    assert "far.json: ticket 101, audit 1001: " + message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("millis", [10**400, -(10**400), float("inf")], ids=["huge", "huge-negative", "infinite"])
def test_jira_epoch_millis_beyond_what_a_datetime_holds_are_refused(tmp_path: Path, millis: object) -> None:
    issues = fixture_json("jira_issues.json")
    issues[0]["issue"]["fields"]["created"] = {"epochMillis": millis}
    result = run_import("jira", write_json(tmp_path / "far.json", issues), "--mapping", FIXTURES / "jira.toml")
    assert result.exit_code == 1, result.output
    assert "far.json: issue SD-1: fields.created " in result.stderr
    assert "is not a Unix epoch timestamp that names a date" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("ticket_id", "message"),
    [
        (float("inf"), "has an audit with ticket_id inf, which is neither a string nor an integer"),
        ([101], "has an audit with ticket_id [101], which is neither a string nor an integer"),
        (True, "has an audit with ticket_id True"),
        ("T-\ud800", "has an audit with ticket_id 'T-\\ud800', which holds half of a UTF-16 surrogate pair"),
    ],
)
def test_a_ticket_id_no_history_can_have_is_refused(tmp_path: Path, ticket_id: object, message: str) -> None:
    audits = fixture_json("zendesk_audits.json")
    for audit in audits["audits"]:
        audit["ticket_id"] = ticket_id
    result = run_import("zendesk", write_json(tmp_path / "ids.json", audits), "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("vendor", "export", "mapping", "flag", "written", "message"),
    [
        ("zammad", "zammad_tickets.json", "zammad.toml", '"internal": true', '"internal": "true"',
         "ticket 7, article 71: internal is 'true', not true or false"),
        ("jira", "jira_issues.json", "jira.toml", '"jsdPublic": false', '"jsdPublic": "false"',
         "issue SD-1, comment 30001: jsdPublic is 'false', not true or false"),
        ("zendesk", "zendesk_audits.json", "zendesk.toml", '"public": false', '"public": 0',
         "ticket 101, audit 1002, event 21: public is 0, not true or false"),
    ],
)
def test_an_internal_flag_that_is_not_a_boolean_is_refused(
    tmp_path: Path, vendor: str, export: str, mapping: str, flag: str, written: str, message: str
) -> None:
    # read as "not false", the string "false" or "true" made an internal note a public reply,
    # which stops first-response clocks: a wrong deadline with exit 0
    text = (FIXTURES / export).read_text(encoding="utf-8")
    assert flag in text
    path = tmp_path / export
    path.write_text(text.replace(flag, written, 1), encoding="utf-8")
    result = run_import(vendor, path, "--mapping", FIXTURES / mapping)
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_a_member_given_twice_is_refused(tmp_path: Path) -> None:
    text = (FIXTURES / "zammad_tickets.json").read_text(encoding="utf-8")
    assert '"internal": true' in text
    path = tmp_path / "zammad_tickets.json"
    path.write_text(text.replace('"internal": true', '"internal": false, "internal": true', 1), encoding="utf-8")
    result = run_import("zammad", path, "--mapping", FIXTURES / "zammad.toml")
    assert result.exit_code == 1, result.output
    assert 'the member "internal" is given twice in one object' in result.stderr
    assert result.stdout == ""


def test_a_source_zone_places_naive_timestamps(tmp_path: Path) -> None:
    result = run_import(
        "zendesk", naive_audits(tmp_path), "--mapping", FIXTURES / "zendesk.toml", "--source-timezone", "Europe/Prague"
    )
    assert result.exit_code == 0, result.stderr
    opened = lines(result.stdout)[0]["events"][0]
    assert opened["at"] == "2025-03-03T08:00:00Z"  # 09:00 in Prague (UTC+1 in March)


@pytest.mark.parametrize(
    ("created_at", "message"),
    [
        ("2025-03-30T02:30:00", "created_at '2025-03-30T02:30:00' is a time the clocks skipped in "
         "--source-timezone Europe/Prague (daylight saving time began)"),
        ("2025-10-26T02:30:00", "created_at '2025-10-26T02:30:00' is a time the clocks showed twice in "
         "--source-timezone Europe/Prague (daylight saving time ended)"),
    ],
)
def test_a_naive_time_of_a_daylight_saving_night_is_refused(tmp_path: Path, created_at: str, message: str) -> None:
    # placed silently, 02:30 on the spring night became 01:30Z (an hour early), and on the
    # autumn night the first of the two 02:30s: a deadline an hour off, with exit 0
    audits = fixture_json("zendesk_audits.json")
    audits["audits"][0]["created_at"] = created_at
    export = write_json(tmp_path / "naive.json", audits)
    result = run_import("zendesk", export, "--mapping", FIXTURES / "zendesk.toml", "--source-timezone", "Europe/Prague")
    assert result.exit_code == 1, result.stdout
    assert message in result.stderr
    assert result.stdout == ""


def test_an_unknown_source_zone_is_refused() -> None:
    result = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--source-timezone", "Mars/Olympus")
    assert result.exit_code == 1
    assert "'Mars/Olympus' is not an IANA zone" in result.stderr


# ----------------------------------------------------------------------- mapping problems


def test_an_unmapped_status_is_counted_located_and_fixed(tmp_path: Path) -> None:
    mapping = (FIXTURES / "zendesk.toml").read_text(encoding="utf-8").replace('hold = "on_hold"\n', "")
    path = tmp_path / "map.toml"
    path.write_text(mapping, encoding="utf-8")
    result = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--mapping", path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        "status 'hold' has no mapping (2 times; first: ticket 101, audit 1006, event 52); "
        f'add hold = "<a policy status>" to [statuses] in {path}'
    ) in result.stderr
    assert "nothing written" in result.stderr


def test_a_mapping_target_the_policy_lacks_is_reported(tmp_path: Path) -> None:
    mapping = (FIXTURES / "zendesk.toml").read_text(encoding="utf-8").replace('"360001" = "premium"', '"360001" = "premum"')
    path = tmp_path / "map.toml"
    path.write_text(mapping, encoding="utf-8")
    result = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--mapping", path, "--policy", POLICY)
    assert result.exit_code == 1
    assert "[plan] maps onto plan 'premum', which the policy does not have: did you mean 'premium'?" in result.stderr


def test_values_passed_through_are_checked_against_the_policy(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_text('[plan]\ndefault = "standard"\n[statuses]\nnew = "open"\n', encoding="utf-8")
    result = run_import("zendesk", FIXTURES / "zendesk_ticket_events.jsonl", "--mapping", path, "--policy", POLICY)
    assert result.exit_code == 1
    assert "priority 'high' passes through unmapped but is not a level of the policy" in result.stderr
    assert 'add high = "<a policy level>" to [level.values]' in result.stderr


def test_without_a_plan_the_fix_is_named() -> None:
    result = run_import("zendesk", FIXTURES / "zendesk_ticket_events.jsonl")
    assert result.exit_code == 1
    assert "ticket 201: has no plan; add a [plan] table with default" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[stauses]\n", "unknown table [stauses]: did you mean 'statuses'?"),
        ("[plan]\nsauce = 'x'\n", "[plan] has no key 'sauce'"),
        ("[fields.environment]\n", "[fields.environment] needs source"),
        ("[statuses\n", "not valid TOML"),
        ("[customer]\nroles = 'end-user'\n", "roles must be a list of texts"),
    ],
)
def test_a_bad_mapping_file_is_explained(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    result = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--mapping", path)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_mapping_saved_with_a_bom_and_crlf_is_read(tmp_path: Path) -> None:
    text = (FIXTURES / "zendesk.toml").read_text(encoding="utf-8")
    path = tmp_path / "zendesk.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))  # as Notepad saves it
    with_bom = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--mapping", path)
    plain = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--mapping", FIXTURES / "zendesk.toml")
    assert with_bom.exit_code == 0, with_bom.stderr
    assert with_bom.stdout == plain.stdout


def test_a_mapping_that_is_not_utf8_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "map.toml"
    path.write_bytes('[statuses]\n"café" = "open"\n'.encode("latin-1"))
    result = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--mapping", path)
    assert result.exit_code == 1
    assert f"{path}: not UTF-8 text (byte 16); save the mapping as UTF-8" in result.stderr
    assert "internal error" not in result.stderr


# ----------------------------------------------------------------------- export problems


def test_an_author_missing_from_the_users_asks_for_the_sideload(tmp_path: Path) -> None:
    audits = fixture_json("zendesk_audits.json")
    del audits["users"]
    result = run_import("zendesk", write_json(tmp_path / "a.json", audits), "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 1
    assert "ticket 101, audit 1002, event 21: is by user 601, who is not among the export's users" in result.stderr
    assert "?include=users" in result.stderr


def test_a_ticket_without_its_creation_audit_is_refused(tmp_path: Path) -> None:
    audits = fixture_json("zendesk_audits.json")
    audits["audits"] = [a for a in audits["audits"] if a["id"] != 1001]
    result = run_import("zendesk", write_json(tmp_path / "a.json", audits), "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 1
    assert "ticket 101: has no creation audit" in result.stderr


def test_one_page_of_a_tickets_audits_is_refused(tmp_path: Path) -> None:
    # GET /api/v2/tickets/{id}/audits gives 100 audits a page and the ticket's count of them:
    # without the later pages the solve is lost and the ticket reads as running
    pages = fixture_json("zendesk_pages_out_of_order.json")
    result = run_import("zendesk", write_json(tmp_path / "a.json", pages[:1]), "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 1, result.stdout
    assert ("ticket 555: holds 2 of its 5 audits (item 1 counts 5); export every page of "
            "GET /api/v2/tickets/{id}/audits, following next_page") in result.stderr
    assert result.stdout == ""


def test_an_event_before_the_ticket_opened_is_refused(tmp_path: Path) -> None:
    bundles = fixture_json("zammad_tickets.json")
    bundles[0]["history"]["history"][1]["created_at"] = "2025-03-02T09:45:00.000Z"
    result = run_import("zammad", write_json(tmp_path / "z.json", bundles), "--mapping", FIXTURES / "zammad.toml")
    assert result.exit_code == 1
    assert "ticket 7, history entry 701: is at 2025-03-02T09:45:00Z, before the ticket opened" in result.stderr


def test_a_zammad_article_without_sender_names_the_expand_fix(tmp_path: Path) -> None:
    bundles = fixture_json("zammad_tickets.json")
    del bundles[0]["articles"][2]["sender"]
    result = run_import("zammad", write_json(tmp_path / "z.json", bundles), "--mapping", FIXTURES / "zammad.toml")
    assert result.exit_code == 1
    assert "ticket 7, article 72: has no sender name" in result.stderr


@pytest.mark.parametrize("vendor", ["zendesk", "jira", "zammad"])
def test_another_vendors_export_is_named_as_such(vendor: str) -> None:
    other = {"zendesk": "jira_issues.json", "jira": "zammad_tickets.json", "zammad": "zendesk_audits.json"}[vendor]
    result = run_import(vendor, FIXTURES / other)
    assert result.exit_code == 1
    assert f"is not a {'Zendesk API response' if vendor == 'zendesk' else 'Jira issue' if vendor == 'jira' else 'Zammad ticket bundle'}" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b'{"audits": []}\n{"audits": [\n', "line 2: is not JSON"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "document: is JSON nested too deeply to read"),
        (b'{"audits": []}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n", "line 2: is JSON nested too deeply to read"),
        (b'{"audits": [{"ticket_id": ' + b"1" * 5000 + b"}]}", "document: holds a number with thousands of digits"),
        # a pretty-printed response: its faults are placed in the document, not on its first line
        (b'{\n  "audits": [\n    {"ticket_id": 1}\n    {"ticket_id": 2}\n  ]\n}\n',
         "document: is not JSON (Expecting ',' delimiter at line 4, column 5)"),
        (b'{\n  "audits": [\n    {"ticket_id": 1},\n    {"ticket_',
         "document: ends at line 4 before the JSON is complete: the file is cut short; export the whole API response again"),
    ],
)
def test_an_unreadable_file_is_explained(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    result = run_import("zendesk", path)
    assert result.exit_code == 1
    assert f"{path}: " in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_is_explained(tmp_path: Path) -> None:
    result = run_import("jira", tmp_path / "nope.json")
    assert result.exit_code == 1
    assert "nope.json: file: does not exist" in result.stderr


def test_problems_write_nothing_to_out(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_import("zendesk", naive_audits(tmp_path), "--mapping", FIXTURES / "zendesk.toml", "--out", out)
    assert result.exit_code == 1
    assert not out.exists()


def test_a_jira_comment_restricted_to_a_role_is_internal(tmp_path: Path) -> None:
    issues = copy.deepcopy(fixture_json("jira_issues.json"))
    del issues[0]["comments"]["comments"][4]["visibility"]
    result = run_import("jira", write_json(tmp_path / "j.json", issues), "--mapping", FIXTURES / "jira.toml")
    last_message = [e for e in lines(result.stdout)[0]["events"] if e["type"] == "message"][-1]
    assert last_message == {"at": "2025-03-03T11:00:00Z", "type": "message", "by": "agent", "public": True}


def test_the_readme_mappings_are_valid_and_import_the_fixtures(tmp_path: Path) -> None:
    import re

    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Importing helpdesk data") :]
    blocks = re.findall(r"```toml\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 3
    for block, (vendor, export) in zip(blocks, [("zendesk", "zendesk_audits.json"), ("jira", "jira_issues.json"),
                                                ("zammad", "zammad_tickets.json")]):
        path = tmp_path / f"{vendor}.toml"
        path.write_text(block, encoding="utf-8")
        result = run_import(vendor, FIXTURES / export, "--mapping", path, "--policy", POLICY)
        assert result.exit_code == 0, result.stderr


def test_vendor_records_are_written_beside_the_histories(tmp_path: Path) -> None:
    records = tmp_path / "vendor.jsonl"
    result = run_import("jira", FIXTURES / "jira_issues.json", "--mapping", FIXTURES / "jira.toml",
                        "--vendor-records", records)
    assert result.exit_code == 0, result.stderr
    assert lines(records.read_text(encoding="utf-8")) == [
        {"ticket": "SD-1", "target": "first_response", "vendor_target": "Time to first response", "cycle": 0,
         "start": "2025-03-03T09:00:00Z", "stop": "2025-03-03T09:30:00Z", "due": "2025-03-03T11:00:00Z",
         "breached": False, "elapsed_seconds": 1800.0}
    ]


@pytest.mark.parametrize("where", ["directory", "under a file"])
def test_an_output_that_cannot_be_written_is_refused_and_nothing_is_written(tmp_path: Path, where: str) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "histories").mkdir()
    out = tmp_path / "histories" if where == "directory" else tmp_path / "notes.txt" / "histories.jsonl"
    records = tmp_path / "vendor.jsonl"
    result = run_import("zendesk", FIXTURES / "zendesk_audits.json", "--mapping", FIXTURES / "zendesk.toml",
                        "--out", out, "--vendor-records", records)
    assert result.exit_code == 1, result.stderr
    assert "internal error" not in result.stderr
    assert str(out) in result.stderr and "nothing written" in result.stderr
    assert not records.exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        # Jira returns at most 100 changelog entries with expand=changelog (40 in a search), saying so in total
        (lambda bundle: bundle["issue"]["changelog"].update(total=140), "holds one page of its changelog (entries 1–4 of 140)"),
        (lambda bundle: bundle["comments"].update(total=80), "holds one page of its comments (entries 1–5 of 80)"),
        (lambda bundle: bundle.update(changelog={"startAt": 0, "maxResults": 4, "total": 9, "isLast": False,
                                                 "values": bundle["issue"]["changelog"]["histories"]}),
         "holds one page of its changelog (entries 1–4 of 9)"),
        (lambda bundle: bundle["comments"].update(startAt=50), "holds one page of its comments (entries 51–55 of 5)"),
    ],
    ids=["changelog", "comments", "changelog-endpoint", "second-page"],
)
def test_a_jira_page_that_is_not_the_whole_listing_is_refused(tmp_path: Path, cut: object, message: str) -> None:
    issues = copy.deepcopy(fixture_json("jira_issues.json"))
    cut(issues[0])  # type: ignore[operator]
    result = run_import("jira", write_json(tmp_path / "j.json", issues), "--mapping", FIXTURES / "jira.toml")
    assert result.exit_code == 1, result.stdout
    assert f"issue SD-1: {message}" in result.stderr
    assert "every page" in result.stderr
    assert result.stdout == ""


def _set(path: tuple, value: object) -> object:
    def change(document: object) -> None:
        node = document
        for key in path[:-1]:
            node = node[key]  # type: ignore[index]
        node[path[-1]] = value  # type: ignore[index]
    return change


@pytest.mark.parametrize(
    ("vendor", "export", "mapping", "change", "where"),
    [
        ("zendesk", "zendesk_audits.json", "zendesk.toml", _set(("audits", 3, "events"), 1.5), "ticket 101"),
        ("zendesk", "zendesk_audits.json", "zendesk.toml", _set(("audits", 6, "id"), [1]), "document"),
        ("jira", "jira_issues.json", "jira.toml", _set((0, "issue", "changelog", "histories", 1, "items"), True), "issue SD-1"),
        ("jira", "jira_issues.json", "jira.toml", _set((0, "issue", "fields"), [1]), "issue SD-1"),
        ("jira", "jira_issues.json", "jira.toml", _set((0, "comments", "comments", 0, "author"), "x"), "issue SD-1"),
    ],
    ids=["zendesk-events", "zendesk-audit-id", "jira-items", "jira-fields", "jira-author"],
)
def test_a_record_of_the_wrong_shape_is_a_problem_naming_it(
    tmp_path: Path, vendor: str, export: str, mapping: str, change: object, where: str
) -> None:
    document = copy.deepcopy(fixture_json(export))
    change(document)  # type: ignore[operator]
    path = write_json(tmp_path / "garbled.json", document)
    result = run_import(vendor, path, "--mapping", FIXTURES / mapping)
    assert result.exit_code == 1, result.stdout
    assert "internal error" not in result.stderr
    assert f"{path}: {where}" in result.stderr and "not shaped as" in result.stderr


def test_a_vendor_record_of_the_wrong_shape_is_a_problem(tmp_path: Path) -> None:
    document = copy.deepcopy(fixture_json("jira_issues.json"))
    document[0]["sla"]["values"][0]["completedCycles"][0]["elapsedTime"] = "1h"
    records = tmp_path / "vendor.jsonl"
    result = run_import("jira", write_json(tmp_path / "garbled.json", document), "--mapping", FIXTURES / "jira.toml",
                        "--vendor-records", records, "--out", tmp_path / "histories.jsonl")
    assert result.exit_code == 1, result.stdout
    assert "internal error" not in result.stderr
    assert "issue SD-1, SLA 'Time to first response': is not shaped as the helpdesk's API returns it" in result.stderr
    assert not records.exists() and not (tmp_path / "histories.jsonl").exists()


def test_audits_listed_newest_first_keep_zendesks_order_within_a_second(tmp_path: Path) -> None:
    # ?sort_order=desc lists the newest audit first; two audits in one second keep their ids' order
    pages = copy.deepcopy(fixture_json("zendesk_pages_out_of_order.json"))
    later = pages[1]["audits"]
    later[1]["created_at"] = later[0]["created_at"]  # the agent's reply in the customer's second
    pages[1]["audits"] = list(reversed(later))
    result = run_import("zendesk", write_json(tmp_path / "desc.json", pages), "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 0, result.stderr
    [history] = lines(result.stdout)
    assert [(e["type"], e.get("by"), e.get("to")) for e in history["events"] if e["at"] == "2025-10-27T08:00:00Z"] == [
        ("message", "customer", None), ("status", None, "open"), ("message", "agent", None), ("status", None, "solved"),
    ]


@pytest.mark.parametrize("option", ["--out", "--vendor-records"])
def test_an_output_over_the_export_or_the_mapping_is_refused(tmp_path: Path, option: str) -> None:
    export = tmp_path / "export.json"
    export.write_bytes((FIXTURES / "jira_issues.json").read_bytes())
    mapping = tmp_path / "jira.toml"
    mapping.write_bytes((FIXTURES / "jira.toml").read_bytes())
    for given in (export, mapping, tmp_path / "." / "export.json"):
        result = run_import("jira", export, "--mapping", mapping, option, given)
        assert result.exit_code == 1, result.stderr
        assert f"{option} {given} is the file being read; give another path" in result.stderr
    assert export.read_bytes() == (FIXTURES / "jira_issues.json").read_bytes()
    assert mapping.read_bytes() == (FIXTURES / "jira.toml").read_bytes()


def test_with_a_policy_a_history_it_cannot_evaluate_is_a_problem(tmp_path: Path) -> None:
    """A Zammad ticket without a priority imports as a history opened without a level; the
    policy has no default level, so `slac eval` and `slac report` would refuse it. With
    `--policy` the import says so, naming the ticket, and writes nothing."""
    tickets = fixture_json("zammad_tickets.json")
    tickets[1]["ticket"]["priority"] = None
    export = write_json(tmp_path / "export.json", tickets)
    result = run_import("zammad", export, "--mapping", FIXTURES / "zammad.toml", "--policy", POLICY)
    assert result.exit_code == 1
    assert "ticket 8: the policy cannot evaluate its history: priority: is required" in result.stderr
    assert "ticket 7" not in result.stderr
    assert result.stdout == ""
    without_policy = run_import("zammad", export, "--mapping", FIXTURES / "zammad.toml")
    assert without_policy.exit_code == 0  # the mapping alone cannot know what the policy requires


def test_an_incremental_export_cut_before_its_end_is_refused(tmp_path: Path) -> None:
    """The Incremental Ticket Event Export pages until one says `end_of_stream: true`; a file
    of only its first page lacks the later events (here the second page, with its replies and
    solve), which would leave tickets running or breached that were answered."""
    documents = (FIXTURES / "zendesk_ticket_events.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(document).get("end_of_stream") for document in documents] == [False, True, None]  # and users
    first_page = tmp_path / "first-page.jsonl"
    first_page.write_text(documents[0] + "\n" + documents[2] + "\n", encoding="utf-8")
    result = run_import("zendesk", first_page, "--mapping", FIXTURES / "zendesk.toml")
    assert result.exit_code == 1
    assert "end_of_stream false, and no page of the file has end_of_stream true" in result.stderr
    assert "following next_page, until one says end_of_stream true" in result.stderr
    assert result.stdout == ""
    whole = run_import("zendesk", FIXTURES / "zendesk_ticket_events.jsonl", "--mapping", FIXTURES / "zendesk.toml")
    assert whole.exit_code == 0, whole.stderr
