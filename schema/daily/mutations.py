"""Daily-supervision mutations (D1–D6): one per module."""

from __future__ import annotations

import strawberry

from schema.daily.admonish import admonish
from schema.daily.complete_rectification import complete_rectification
from schema.daily.conclude_inquiry import conclude_inquiry
from schema.daily.record_inquiry_reply import record_inquiry_reply
from schema.daily.record_life_meeting import record_life_meeting
from schema.daily.record_major_decision import record_major_decision
from schema.daily.record_personal_matters_report import record_personal_matters_report
from schema.daily.record_supervision_information import record_supervision_information
from schema.daily.record_talk import record_talk
from schema.daily.review_admonishment import review_admonishment
from schema.daily.review_life_meeting import review_life_meeting
from schema.daily.send_inquiry_letter import send_inquiry_letter
from schema.daily.submit_top_leader_report import submit_top_leader_report


@strawberry.type
class DailyMutations:
    record_talk = record_talk
    send_inquiry_letter = send_inquiry_letter
    record_inquiry_reply = record_inquiry_reply
    conclude_inquiry = conclude_inquiry
    admonish = admonish
    review_admonishment = review_admonishment
    record_personal_matters_report = record_personal_matters_report
    submit_top_leader_report = submit_top_leader_report
    record_major_decision = record_major_decision
    record_life_meeting = record_life_meeting
    complete_rectification = complete_rectification
    review_life_meeting = review_life_meeting
    record_supervision_information = record_supervision_information
