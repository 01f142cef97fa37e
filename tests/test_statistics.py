"""statistics(unitCode, year): counted in SQL over what the caller may read, equal to the lists'
totalCounts for every demo user, with perUnit, the L1 warning and a read in the access log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from demo.world import USERS
from models import AccessLogEntry, CaseOutcome
from rules.calendar import office_today
from tests.conftest import Client
from tests.dashboard_support import Built, days_ago
from tests.helpers import error_codes

YEAR = office_today().year
COUNTS = """
  unit { code } year
  tipoffs { total overdue byStatus { key count } byChannel { key count } }
  cases { total overdue byStatus { key count } byOutcome { key count } }
  instruments { talks inquiryLetters admonishments }
  audits { total byRating { key count } }
  selections { total decided }
  warning { level reasons { rule detail records } }
"""
STATISTICS = f"""
query($unit: String!, $year: Int!) {{
  statistics(unitCode: $unit, year: $year) {{ {COUNTS} perUnit {{ {COUNTS} }} }}
}}
"""
TOTALS = """
query($first: Date, $last: Date) {
  tipoffs { totalCount } overdueTipoffs: tipoffs(filter: {overdue: true}) { totalCount }
  cases { totalCount } overdueCases: cases(filter: {overdue: true}) { totalCount }
  auditCommissions { totalCount }
  selections { totalCount } decided: selections(filter: {status: DECIDED}) { totalCount }
  talks(filter: {from: $first, to: $last}) { totalCount }
  inquiryLetters(filter: {from: $first, to: $last}) { totalCount }
  admonishments(filter: {from: $first, to: $last}) { totalCount }
}
"""
BY_STATUS = """
query($tipoff: TipoffStatus, $channel: TipoffChannel, $case: CaseStatus) {
  byStatus: tipoffs(filter: {status: $tipoff}) { totalCount }
  byChannel: tipoffs(filter: {channel: $channel}) { totalCount }
  cases(filter: {status: $case}) { totalCount }
}
"""
USERNAMES = [username for username, *_ in USERS]


async def stats(client: Client, user: str, unit: str = "city") -> dict[str, Any]:
    data = await client.data(STATISTICS, {"unit": unit, "year": YEAR}, user=user)
    result: dict[str, Any] = data["statistics"]
    return result


@pytest.mark.parametrize("user", USERNAMES)
async def test_statistics_equal_the_lists_total_counts_for_every_demo_user(
    client: Client, user: str
) -> None:
    s = await stats(client, user)
    year = {"first": f"{YEAR}-01-01", "last": f"{YEAR}-12-31"}
    lists = await client.data(TOTALS, year, user=user)
    assert s["tipoffs"]["total"] == lists["tipoffs"]["totalCount"]
    assert s["tipoffs"]["overdue"] == lists["overdueTipoffs"]["totalCount"]
    assert s["cases"]["total"] == lists["cases"]["totalCount"]
    assert s["cases"]["overdue"] == lists["overdueCases"]["totalCount"]
    assert s["audits"]["total"] == lists["auditCommissions"]["totalCount"]
    assert s["selections"]["total"] == lists["selections"]["totalCount"]
    assert s["selections"]["decided"] == lists["decided"]["totalCount"]
    instruments = s["instruments"]
    assert instruments["talks"] == lists["talks"]["totalCount"]
    assert instruments["inquiryLetters"] == lists["inquiryLetters"]["totalCount"]
    assert instruments["admonishments"] == lists["admonishments"]["totalCount"]
    statuses = {e["key"]: e["count"] for e in s["tipoffs"]["byStatus"]}
    channels = {e["key"]: e["count"] for e in s["tipoffs"]["byChannel"]}
    cases = {e["key"]: e["count"] for e in s["cases"]["byStatus"]}
    for status, channel, case in zip(statuses, channels, [*cases, *cases], strict=False):
        one = await client.data(
            BY_STATUS, {"tipoff": status, "channel": channel, "case": case}, user=user
        )
        assert statuses[status] == one["byStatus"]["totalCount"]
        assert channels[channel] == one["byChannel"]["totalCount"]
        assert cases[case] == one["cases"]["totalCount"]
    assert sum(statuses.values()) == sum(channels.values()) == s["tipoffs"]["total"]
    assert sum(cases.values()) == s["cases"]["total"]


async def test_per_unit_lists_the_jurisdictions_directly_below_with_their_own_counts(
    client: Client,
) -> None:
    s = await stats(client, "city.supervisor")
    below = [e["unit"]["code"] for e in s["perUnit"]]
    assert below == ["county-a", "county-b", "dept-finance", "soe-energy"]
    for entry in s["perUnit"]:
        code = entry["unit"]["code"]
        data = await client.data(
            "query($u: String!) { tipoffs(filter: {jurisdiction: $u}) { totalCount } }",
            {"u": code},
            user="city.supervisor",
        )
        assert entry["tipoffs"]["total"] == data["tipoffs"]["totalCount"]
        direct = await stats(client, "city.supervisor", code)
        assert entry == {k: v for k, v in direct.items() if k != "perUnit"}
    county = await stats(client, "county-a.supervisor", "county-a")
    assert county["perUnit"] == []  # a township is not a jurisdiction: it counts in the county's
    assert county["tipoffs"] == next(
        e["tipoffs"] for e in s["perUnit"] if e["unit"]["code"] == "county-a"
    )


async def test_a_user_linked_to_a_cadre_gets_counts_without_that_cadres_tipoffs(
    client: Client,
) -> None:
    deputy = await stats(client, "city.deputy")  # C-0003 (J5)
    supervisor = await stats(client, "city.supervisor")  # the same role, unlinked
    about_deputy = await client.data(
        'query { tipoffs(filter: {cadreCode: "C-0003"}) { totalCount } }', user="city.supervisor"
    )
    seen_by_deputy = await client.data("query { tipoffs { totalCount } }", user="city.deputy")
    hidden = about_deputy["tipoffs"]["totalCount"]
    assert hidden >= 1
    # at least the routed ones are hidden (J5 also hides unrouted ones naming him)
    assert deputy["tipoffs"]["total"] <= supervisor["tipoffs"]["total"] - hidden
    assert deputy["tipoffs"]["total"] == seen_by_deputy["tipoffs"]["totalCount"]


async def test_the_statement_count_does_not_grow_with_the_data(
    client: Client, statements: Callable[[], Any]
) -> None:
    async def cost() -> int:
        await stats(client, "city.supervisor")  # warm the access log's tip
        with statements() as sent:
            await stats(client, "city.supervisor")
        return len(sent)

    before = await cost()
    # principal, the unit with its tree, the units below for the scope, ONE statement for every
    # count (a GROUP BY per table in a UNION ALL, the overdue and decided counts as FILTER
    # columns of their table's), the L1 rule, the access-log entry
    assert before == 6
    async with Built() as built:
        for unit in ("county-a", "county-b", "dept-finance"):
            cadre = await built.cadre(unit)
            for day in range(3):
                await built.founded_case(cadre, days_ago(day))
        assert await cost() == before


async def test_a_number_is_a_read_logged_with_the_unit_and_year(client: Client) -> None:
    await stats(client, "county-b.supervisor", "county-b")
    entry = await AccessLogEntry.all().order_by("-id").first()
    assert entry is not None and entry.username == "county-b.supervisor"
    assert entry.resource == "statistics" and entry.roles == "supervisor@county-b"
    counted = entry.record_ids.removeprefix("statistics:").split(",")
    assert f"tipoff:county-b/{YEAR}" in counted and f"case:county-b/{YEAR}" in counted


async def test_repeated_founded_major_cases_warn_about_the_jurisdiction(client: Client) -> None:
    async with Built() as built:
        cadre = await built.cadre("county-b")
        await built.founded_case(cadre, days_ago(100), measures="REMOVAL")
        green = await stats(client, "city.supervisor")
        county = next(e for e in green["perUnit"] if e["unit"]["code"] == "county-b")
        assert county["warning"]["level"] == "GREEN"  # once is not repeated
        await built.founded_case(cadre, days_ago(10), CaseOutcome.PARTLY_FOUNDED, "DEMOTION")
        await built.founded_case(cadre, days_ago(5), measures="ADMONISHMENT")  # not major
        red = await stats(client, "city.supervisor")
        county = next(e for e in red["perUnit"] if e["unit"]["code"] == "county-b")
        assert county["warning"]["level"] == "RED"
        (reason,) = county["warning"]["reasons"]
        assert reason["rule"] == "REPEATED_MAJOR_CASES" and len(reason["records"]) == 2
        assert red["warning"]["level"] == "GREEN"  # the city's own cadres are not concerned
        # the county's own supervisor sees the warning on its own dashboard too
        own = await stats(client, "county-b.supervisor", "county-b")
        assert own["warning"]["level"] == "RED"
        # a user who reads no cases gets no warning from them
        selector = await stats(client, "city.selector")
        assert all(e["warning"]["level"] == "GREEN" for e in selector["perUnit"])


async def test_unknown_units_bad_years_and_anonymous_callers(client: Client) -> None:
    body = await client.post(STATISTICS, {"unit": "nowhere", "year": YEAR}, user="admin")
    assert body["data"]["statistics"] is None and "errors" not in body
    body = await client.post(STATISTICS, {"unit": "city", "year": 20260}, user="city.supervisor")
    assert error_codes(body) == ["BAD_USER_INPUT"]
    body = await client.post(STATISTICS, {"unit": "city", "year": YEAR})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_the_administrator_counts_nothing_of_supervision_data(client: Client) -> None:
    s = await stats(client, "admin")  # J7
    assert s["tipoffs"]["total"] == s["cases"]["total"] == s["audits"]["total"] == 0
