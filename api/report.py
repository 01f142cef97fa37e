"""The public reporting page (CONTRACT.md): `GET/POST /report` to report, `GET/POST /report/status`
to follow a tip-off by its receipt code and answer the office.

Server-rendered Chinese pages (Jinja2) that work without scripts; the page's own script
(`/static/report/report.js`) adds the proof of work under a flood, copying the receipt and moving
focus to messages. Every form is a POST, so the receipt code never appears in a URL; no cookie is
set; nothing about the visitor's address is kept (the rate limits key their buckets by a keyed
hash). Each form runs the same GraphQL operation a client would (`submitTipoff`, `tipoffStatus`,
`replyToTipoff`) in-process, so limits, logging and errors are those of the API, and the errors'
codes are turned into plain messages here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.templating import Jinja2Templates

from api import throttle
from models import OrgUnit

if TYPE_CHECKING:
    from api.app import CadreGraphQL

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")

SUBMIT = """
mutation($input: SubmitTipoffInput!) { submitTipoff(input: $input) { receiptCode } }
"""
STATUS_FIELDS = "status receivedAt acknowledgedAt messages { at body fromReporter }"
STATUS = f"query($code: String!) {{ tipoffStatus(receiptCode: $code) {{ {STATUS_FIELDS} }} }}"
REPLY = f"""
mutation($code: String!, $body: String!) {{
  replyToTipoff(receiptCode: $code, body: $body) {{ {STATUS_FIELDS} }}
}}
"""

HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "worker-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'"
    ),
}

PROGRESS = {
    "RECEIVED": ("已收到", "您的举报已进入受理队列，等待分办。"),
    "ACCEPTED": ("已受理", "您的举报已由有管辖权的单位受理。"),
    "UNDER_VERIFICATION": ("正在核查", "有关问题正在核查中。"),
    "CONCLUDED": ("已办结", "有关问题已办理完毕。"),
}
FIELDS = {
    "input.content": "举报内容",
    "input.subjectName": "被举报人姓名",
    "input.subjectPost": "被举报人职务",
    "input.subjectUnit": "被举报人所在单位",
    "input.reporterName": "您的姓名",
    "input.reporterContact": "您的联系方式",
    "body": "补充内容",
}
FORM_FIELDS = (
    *("content", "subject_name", "subject_post", "subject_unit", "subject_unit_text"),
    *("reporter_name", "reporter_contact"),
)


@dataclass
class Problem:
    """What went wrong, said plainly, and the proof of work to do when that is the answer."""

    message: str
    status: int = 400
    retry_after: int | None = None
    proof_of_work: dict[str, Any] | None = None
    fields: list[str] = field(default_factory=list)


def problem_of(errors: list[dict[str, Any]], *, submitting: bool) -> Problem:
    """The first error of an operation as a message for the public."""
    extensions = errors[0].get("extensions", {}) if errors else {}
    code = extensions.get("code")
    if code == "RATE_LIMITED" and "proofOfWork" in extensions:
        return Problem(
            "当前提交的人较多。为防止恶意灌水，本页面需要先在您的设备上完成一次自动计算"
            "（通常一两秒），完成后会自动提交，请不要关闭页面。",
            status=429,
            proof_of_work=extensions["proofOfWork"],
        )
    if code == "RATE_LIMITED":
        wait = int(extensions.get("retryAfterSeconds", 60))
        when = f"约 {max(1, round(wait / 60))} 分钟" if wait >= 90 else f"约 {wait} 秒"
        what = "提交" if submitting else "查询"
        return Problem(
            f"{what}过于频繁。为防止滥用，同一网络在一段时间内的{what}次数有限，请{when}后再试。"
            "您填写的内容没有丢失。",
            status=429,
            retry_after=wait,
        )
    if code == "NOT_FOUND":
        return Problem(
            "没有找到与这个查询码对应的举报。请核对查询码：不区分大小写，短横线和空格可以省略。",
            status=404,
            fields=["receipt"],
        )
    if code == "BAD_USER_INPUT":
        argument = str(extensions.get("argument", ""))
        if argument == "input.proofOfWork":
            return Problem(
                "自动计算的结果已过期，页面将重新计算后提交。",
                status=400,
                proof_of_work=extensions.get("proofOfWork"),
            )
        name = FIELDS.get(argument, "填写的内容")
        return Problem(f"请检查“{name}”：不能为空，也不能过长。", fields=[argument])
    return Problem("系统暂时无法处理，请稍后再试。您填写的内容没有提交成功。", status=503)


class ReportPages:
    def __init__(self, graphql: CadreGraphQL) -> None:
        self.graphql = graphql
        self.zone = ZoneInfo(graphql.settings.office_timezone)

    async def run(
        self, request: Request, query: str, variables: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """One GraphQL operation as the anonymous visitor, in-process."""
        context = await self.graphql.get_context(request, Response())
        result = await self.graphql.schema.execute(
            query, variable_values=variables, context_value=context
        )
        errors = [self.graphql.format_error(e) for e in result.errors or []]
        return result.data, errors

    def page(self, request: Request, template: str, status: int = 200, **values: Any) -> Response:
        values.setdefault("problem", None)
        values["active"] = "status" if "status" in template else "report"
        response = TEMPLATES.TemplateResponse(
            request, template, {"local": self.local, **values}, status_code=status
        )
        response.headers.update(HEADERS)
        problem: Problem | None = values["problem"]
        if problem is not None and problem.retry_after is not None:
            response.headers["Retry-After"] = str(problem.retry_after)
        return response

    def local(self, value: str | None) -> str:
        if not value:
            return ""
        at = datetime.datetime.fromisoformat(value).astimezone(self.zone)
        return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"

    async def form(self, request: Request) -> Response:
        settings = self.graphql.settings
        flooded = await throttle.exhausted(settings, throttle.flood(settings))
        return self.page(
            request,
            "report/form.html",
            units=await _units(),
            values={},
            proof=throttle.new_challenge(settings) if flooded else None,
        )

    async def submit(self, request: Request) -> Response:
        form = await request.form()
        values = {name: str(form.get(name) or "") for name in FORM_FIELDS}
        tipoff: dict[str, Any] = {
            "channel": "ONLINE",
            "content": values["content"],
            "subjectName": values["subject_name"] or None,
            "subjectPost": values["subject_post"] or None,
            "subjectUnit": values["subject_unit"] or values["subject_unit_text"] or None,
            "reporterName": values["reporter_name"] or None,
            "reporterContact": values["reporter_contact"] or None,
        }
        if form.get("pow_challenge") and form.get("pow_nonce"):
            tipoff["proofOfWork"] = {
                "challenge": str(form["pow_challenge"]),
                "nonce": str(form["pow_nonce"]),
            }
        data, errors = await self.run(request, SUBMIT, {"input": tipoff})
        if errors or data is None:
            problem = problem_of(errors, submitting=True)
            return self.page(
                request,
                "report/form.html",
                problem.status,
                units=await _units(),
                values=values,
                problem=problem,
                proof=problem.proof_of_work,
            )
        code = data["submitTipoff"]["receiptCode"]
        return self.page(request, "report/receipt.html", receipt=code)

    async def status_form(self, request: Request) -> Response:
        return self.page(request, "report/status_form.html")

    async def status(self, request: Request) -> Response:
        form = await request.form()
        code = str(form.get("receipt") or "").strip()
        reply = str(form.get("body") or "")
        if not code:
            problem = Problem("请输入查询码。", fields=["receipt"])
            return self.page(request, "report/status_form.html", 400, problem=problem)
        if "body" in form:
            data, errors = await self.run(request, REPLY, {"code": code, "body": reply})
            report = data["replyToTipoff"] if data and not errors else None
        else:
            data, errors = await self.run(request, STATUS, {"code": code})
            report = data["tipoffStatus"] if data and not errors else None
        if report is None:
            problem = problem_of(errors, submitting=False)
            if "receipt" in problem.fields or "body" not in form:
                return self.page(
                    request, "report/status_form.html", problem.status, problem=problem
                )
            data, _ = await self.run(request, STATUS, {"code": code})
            return self.page(
                request,
                "report/status.html",
                problem.status,
                receipt=code,
                report=data["tipoffStatus"] if data else None,
                progress=PROGRESS,
                problem=problem,
                reply=reply,
            )
        return self.page(
            request,
            "report/status.html",
            receipt=code,
            report=report,
            progress=PROGRESS,
            sent="body" in form,
            reply="",
        )


async def _units() -> list[dict[str, Any]]:
    """The organisation's directory (names and codes), so that a report lands in the queue of the
    right committee; nothing else about a unit."""
    return await OrgUnit.all().order_by("path").values("code", "name")


def report_routes(graphql: CadreGraphQL) -> list[BaseRoute]:
    pages = ReportPages(graphql)
    return [
        Route("/report", pages.form, methods=["GET"]),
        Route("/report", pages.submit, methods=["POST"]),
        Route("/report/status", pages.status_form, methods=["GET"]),
        Route("/report/status", pages.status, methods=["POST"]),
    ]
