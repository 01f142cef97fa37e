"""Warnings (红黄绿预警): each shipped rule of policies/warnings.toml on built cases, the level
filter in SQL, and only what the caller may read counting (J3-J5)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from tortoise.transactions import in_transaction

from models import AuditRating, Cadre, CaseOutcome, Severity
from policies.principal import load_principal
from policies.resources import CADRE, Resource
from policies.scope import Scope, resolve_scope, restrict
from policies.warnings import WarningLevel, WarningRulesError, load_rules, parse_rules
from rules.calendar import office_today
from rules.warnings import active_rules, compile_rules, level_condition
from tests.conftest import Client
from tests.dashboard_support import Built, days_ago
from tests.helpers import all_cadres

COUNTY = "county-a.supervisor"
RULE_INDEXES = {
    "supervision_case": "status, outcome, decided_at",
    "audit_result": "rating, commission_id",
    "admonishment": "status, correct_by",
    "inquiry_letter": "status, reply_due",
    "supervision_information": "severity, received_on",
}
RULE_TABLES = (
    "supervision_case",
    "audit_result",
    "audit_commission",
    "admonishment",
    "inquiry_letter",
    "supervision_information",
)
WARNING = """
query($code: String!) {
  cadre(code: $code) { warning { level reasons { rule level detail records } } }
}
"""


async def warning_of(client: Client, cadre: Cadre, user: str = COUNTY) -> dict[str, Any]:
    data = await client.data(WARNING, {"code": cadre.code}, user=user)
    assert data["cadre"] is not None, f"{user} cannot read {cadre.code}"
    result: dict[str, Any] = data["cadre"]["warning"]
    return result


async def test_a_cadre_with_nothing_against_them_is_green(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        assert await warning_of(client, cadre) == {"level": "GREEN", "reasons": []}


async def test_two_founded_cases_in_three_years_make_a_cadre_red(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        first = await built.founded_case(cadre, days_ago(400))
        assert (await warning_of(client, cadre))["level"] == "GREEN"  # once is not repeated
        second = await built.founded_case(cadre, days_ago(30))
        warning = await warning_of(client, cadre)
        assert warning["level"] == "RED"
        (reason,) = warning["reasons"]
        assert (reason["rule"], reason["level"]) == ("FOUNDED_CASES", "RED")
        assert reason["detail"].startswith("2 founded case(s) since ")
        assert str(days_ago(400)) in reason["detail"] and str(days_ago(30)) in reason["detail"]
        ids = [f"Case:{first.id}", f"Case:{second.id}"]
        assert [_decoded(r) for r in reason["records"]] == ids


async def test_a_founded_case_older_than_three_years_does_not_count(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.founded_case(cadre, days_ago(3 * 365 + 5))
        await built.founded_case(cadre, days_ago(10))
        assert (await warning_of(client, cadre))["level"] == "GREEN"


async def test_cleared_or_partly_founded_cases_are_not_founded_ones(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.founded_case(cadre, days_ago(10), CaseOutcome.NAME_CLEARED)
        await built.founded_case(cadre, days_ago(20), CaseOutcome.PARTLY_FOUNDED)
        await built.founded_case(cadre, days_ago(30))
        assert (await warning_of(client, cadre))["level"] == "GREEN"


async def test_an_audit_rated_poor_makes_a_cadre_yellow(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.rated_audit(cadre, AuditRating.AVERAGE)
        assert (await warning_of(client, cadre))["level"] == "GREEN"
        poor = await built.rated_audit(cadre, AuditRating.POOR)
        warning = await warning_of(client, cadre)
        assert warning["level"] == "YELLOW"
        (reason,) = warning["reasons"]
        assert reason["rule"] == "AUDIT_RATED_POOR"
        assert [_decoded(r) for r in reason["records"]] == [f"AuditCommission:{poor.id}"]


async def test_an_admonishment_reviewed_as_not_improved_makes_a_cadre_red(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.admonishment(cadre, days_ago(40), improved=True)
        assert (await warning_of(client, cadre))["level"] == "GREEN"
        failed = await built.admonishment(cadre, days_ago(20), improved=False)
        warning = await warning_of(client, cadre)
        assert warning["level"] == "RED"
        (reason,) = warning["reasons"]
        assert reason["rule"] == "ADMONISHMENT_NOT_IMPROVED"
        assert [_decoded(r) for r in reason["records"]] == [f"Admonishment:{failed.id}"]


async def test_an_inquiry_reply_past_its_day_makes_a_cadre_yellow(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.inquiry_letter(cadre, days_ago(0))  # due today: not yet overdue
        assert (await warning_of(client, cadre))["level"] == "GREEN"
        late = await built.inquiry_letter(cadre, days_ago(1))
        warning = await warning_of(client, cadre)
        assert warning["level"] == "YELLOW"
        assert [(r["rule"], [_decoded(i) for i in r["records"]]) for r in warning["reasons"]] == [
            ("INQUIRY_REPLY_OVERDUE", [f"InquiryLetter:{late.id}"])
        ]


async def test_an_admonishment_not_reviewed_past_its_day_makes_a_cadre_yellow(
    client: Client,
) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.admonishment(cadre, days_ago(0))
        assert (await warning_of(client, cadre))["level"] == "GREEN"
        await built.admonishment(cadre, days_ago(3))
        warning = await warning_of(client, cadre)
        assert warning["level"] == "YELLOW"
        assert [r["rule"] for r in warning["reasons"]] == ["ADMONISHMENT_REVIEW_OVERDUE"]


async def test_high_supervision_information_of_the_last_year_makes_a_cadre_yellow(
    client: Client,
) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.information(cadre, days_ago(10), Severity.MEDIUM)
        await built.information(cadre, days_ago(400), Severity.HIGH)
        assert (await warning_of(client, cadre))["level"] == "GREEN"
        await built.information(cadre, days_ago(300), Severity.HIGH)
        warning = await warning_of(client, cadre)
        assert warning["level"] == "YELLOW"
        assert [r["rule"] for r in warning["reasons"]] == ["HIGH_SUPERVISION_INFORMATION"]


async def test_red_outranks_yellow_and_both_reasons_are_named(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.rated_audit(cadre, AuditRating.POOR)
        await built.founded_case(cadre, days_ago(5))
        await built.founded_case(cadre, days_ago(6))
        warning = await warning_of(client, cadre)
        assert warning["level"] == "RED"
        assert [r["rule"] for r in warning["reasons"]] == ["FOUNDED_CASES", "AUDIT_RATED_POOR"]


async def test_the_level_filter_pages_exactly_the_cadres_of_that_level(client: Client) -> None:
    async with Built() as built:
        red, yellow = await built.cadre(), await built.cadre()
        await built.founded_case(red, days_ago(1))
        await built.founded_case(red, days_ago(2))
        await built.rated_audit(yellow, AuditRating.POOR)
        everyone, total = await all_cadres(client, COUNTY)
        levels: dict[str, list[str]] = {}
        for level in ("RED", "YELLOW", "GREEN"):
            codes, count = await all_cadres(client, COUNTY, page=7, filter={"warningLevel": level})
            assert count == len(codes)
            levels[level] = codes
        assert red.code in levels["RED"] and yellow.code in levels["YELLOW"]
        assert sorted(levels["RED"] + levels["YELLOW"] + levels["GREEN"]) == sorted(everyone)
        assert sum(len(c) for c in levels.values()) == total
        for level, codes in levels.items():
            for code in codes[:5]:
                data = await client.data(WARNING, {"code": code}, user=COUNTY)
                assert data["cadre"]["warning"]["level"] == level


async def test_a_warning_counts_only_records_the_caller_may_read(client: Client) -> None:
    async with Built() as built:
        # city.selector reads the city's cadres but no cases (J3): cases cannot colour its view
        cadre = await built.cadre("city")
        await built.founded_case(cadre, days_ago(3))
        await built.founded_case(cadre, days_ago(4))
        assert (await warning_of(client, cadre, "city.supervisor"))["level"] == "RED"
        assert (await warning_of(client, cadre, "city.selector"))["level"] == "GREEN"
        codes, _ = await all_cadres(client, "city.selector", filter={"warningLevel": "RED"})
        assert cadre.code not in codes


async def test_a_user_linked_to_a_cadre_gets_no_warning_from_that_cadres_cases(
    client: Client,
) -> None:
    async with Built() as built:
        cadre = await built.cadre()
        await built.founded_case(cadre, days_ago(3))
        await built.founded_case(cadre, days_ago(4))
        linked = await built.linked_supervisor(cadre)
        assert (await warning_of(client, cadre, linked))["level"] == "GREEN"  # J5
        codes, _ = await all_cadres(client, linked, filter={"warningLevel": "GREEN"})
        assert cadre.code in codes


async def test_warnings_of_a_page_cost_the_same_statements_for_5_and_50_cadres(
    client: Client, statements: Callable[[], Any]
) -> None:
    query = """query($first: Int) { cadres(first: $first) { edges { node { code
      warning { level reasons { rule detail records } } } } } }"""

    async def cost(first: int) -> int:
        await client.data(query, {"first": first}, user="city.supervisor")
        with statements() as sent:
            data = await client.data(query, {"first": first}, user="city.supervisor")
        assert len(data["cadres"]["edges"]) == first
        return len(sent)

    assert await cost(5) == await cost(50)


async def test_the_red_filter_is_answered_from_indexes_on_postgresql(client: Client) -> None:
    """Given the first page of RED cadres as the city's supervisor sends it, when PostgreSQL plans
    it with sequential scans priced out, then every table is reached through an index: the rules'
    indexes exist and fit their conditions (what keeps a page fast over a million cadres)."""
    if client.world.backend != "postgres":
        pytest.skip("the plan is PostgreSQL's")
    principal = await load_principal("city.supervisor")
    assert principal is not None

    async def scope_of(resource: Resource) -> Scope:
        return await resolve_scope(principal, resource, "read")

    cadres = restrict(Cadre.all(), await scope_of(CADRE), CADRE)
    for level in (WarningLevel.RED, WarningLevel.YELLOW):
        condition = await level_condition(level, active_rules(), scope_of, office_today())
        page = cadres.filter(condition).order_by("code").limit(21)
        page.sql()  # builds page.query
        sql, params = page.query.get_parameterized_sql()
        async with in_transaction() as conn:
            await conn.execute_script("SET LOCAL enable_seqscan = off")
            rows = await conn.execute_query_dict("EXPLAIN " + sql, params)
        plan = "\n".join(r["QUERY PLAN"] for r in rows)
        for table in (*RULE_TABLES, "cadre"):
            assert f"Seq Scan on {table}" not in plan, plan
        if level is WarningLevel.YELLOW:
            assert re.search(r"Index (Only )?Scan using \S*rating\S* on audit_result", plan), plan
    # and each rule has an index led by the columns of its condition (with a few rows the
    # planner may take any index; with many, the one that fits)
    defined = await _index_definitions()
    for table, columns in RULE_INDEXES.items():
        assert any(f"({columns}" in d for d in defined.get(table, [])), (table, defined)


async def _index_definitions() -> dict[str, list[str]]:
    from tortoise import connections

    rows = await connections.get("default").execute_query_dict(
        "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'"
    )
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["tablename"], []).append(row["indexdef"])
    return found


def _decoded(global_id: str) -> str:
    import base64

    return base64.b64decode(global_id).decode()


def test_the_shipped_rules_are_the_contracts_defaults() -> None:
    rules = load_rules()
    compiled = compile_rules(rules)
    assert [(r.id, r.level.value, r.when) for r in rules.cadre] == [
        ("FOUNDED_CASES", "RED", "founded_cases"),
        ("ADMONISHMENT_NOT_IMPROVED", "RED", "admonishment_not_improved"),
        ("INQUIRY_REPLY_OVERDUE", "YELLOW", "inquiry_reply_overdue"),
        ("ADMONISHMENT_REVIEW_OVERDUE", "YELLOW", "admonishment_review_overdue"),
        ("AUDIT_RATED_POOR", "YELLOW", "audit_rating"),
        ("HIGH_SUPERVISION_INFORMATION", "YELLOW", "supervision_information"),
    ]
    founded = rules.cadre[0]
    assert (founded.at_least, founded.within_years, founded.params) == (
        2,
        3,
        {"outcomes": ["FOUNDED"]},
    )
    assert rules.cadre[5].within_years == 1
    assert len(compiled.cadre) == 6 and len(compiled.unit) == 1


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[[cadre]]\nid = "X"\nlevel = "RED"\nwhen = "astrology"', "unknown condition"),
        ('[[cadre]]\nid = "X"\nlevel = "PURPLE"\nwhen = "founded_cases"', "RED or YELLOW"),
        ('[[cadre]]\nid = "X"\nlevel = "RED"\nwhen = "founded_cases"\nat_least = 0', "at_least"),
        (
            '[[cadre]]\nid = "X"\nlevel = "RED"\nwhen = "founded_cases"\noutcomes = ["GUILTY"]',
            "must be a list of",
        ),
        ('[[cadre]]\nid = "X"\nlevel = "RED"\nwhen = "audit_rating"\ncolour = 1', "takes no"),
        ('[[cadre]]\nid = "X"\nlevel = "RED"\nwhen = "audit_rating"\n' * 2, "unique"),
        ("[[person]]\nid = 1", "unknown section"),
    ],
)
def test_a_rule_the_server_cannot_understand_is_refused_at_start(text: str, complaint: str) -> None:
    with pytest.raises(WarningRulesError, match=complaint):
        compile_rules(parse_rules(text))


def test_each_condition_reads_its_records_as_the_protected_layer_declares_them() -> None:
    """A warning's records are those `node` opens: the same resource (scope, J5) and model as
    the protected type its global ids name."""
    import schema  # noqa: F401  (declares every protected type)
    from rules.warnings import CADRE_CONDITIONS, UNIT_CONDITIONS
    from schema.protected import _PROTECTED

    declared = {cls.__name__: p for cls, p in _PROTECTED.items()}
    for condition in (*CADRE_CONDITIONS.values(), *UNIT_CONDITIONS.values()):
        protection = declared[condition.node_type]
        assert (condition.resource, condition.model) == (protection.resource, protection.model)
