"""The enums of daily supervision (D1–D6), each value described."""

from __future__ import annotations

from models import AdmonishmentGround as AdmonishmentGroundModel
from models import AdmonishmentStatus as AdmonishmentStatusModel
from models import InformationSource as InformationSourceModel
from models import InquiryOutcome as InquiryOutcomeModel
from models import InquiryStatus as InquiryStatusModel
from models import LifeMeetingVerdict as LifeMeetingVerdictModel
from models import MajorMatterKind as MajorMatterKindModel
from models import ReviewProposal as ReviewProposalModel
from models import Severity as SeverityModel
from models import TalkKind as TalkKindModel
from schema.enums import described_enum

TalkKind = described_enum(
    TalkKindModel,
    name="TalkKind",
    description="Why a talk (谈话) with a cadre was held (D3, D4).",
    values={
        TalkKindModel.REMINDER: "A reminder (提醒、打招呼) from the superior about a concern (D3).",
        TalkKindModel.PERIODIC: "A periodic talk with a top leader (定期谈话, D3).",
        TalkKindModel.APPOINTMENT: "The talk before an appointment takes effect (任前谈话, D4).",
        TalkKindModel.AFTER_INSPECTION: (
            "Feedback after inspection or assessment, owed to every inspected cadre whether "
            "promoted or not (D4)."
        ),
    },
)
InquiryStatus = described_enum(
    InquiryStatusModel,
    name="InquiryStatus",
    description="Where a letter of inquiry (函询) stands (D4).",
    values={
        InquiryStatusModel.AWAITING_REPLY: "Sent; the cadre's written reply has not come in.",
        InquiryStatusModel.REPLIED: "The written reply is recorded; not yet concluded.",
        InquiryStatusModel.CONCLUDED: "Concluded with an outcome.",
    },
)
InquiryOutcome = described_enum(
    InquiryOutcomeModel,
    name="InquiryOutcome",
    description="How a letter of inquiry was concluded (D4).",
    values={
        InquiryOutcomeModel.EXPLAINED: "The reply explains the matter; nothing further (了结).",
        InquiryOutcomeModel.TALK: "A talk and reminder follows (谈话提醒).",
        InquiryOutcomeModel.ADMONISHMENT: "An admonishment follows (诫勉, recorded by `admonish`).",
        InquiryOutcomeModel.CASE_OPENED: (
            "A case about the cadre was opened in the same step, for verification (D5)."
        ),
    },
)
AdmonishmentGround = described_enum(
    AdmonishmentGroundModel,
    name="AdmonishmentGround",
    description="Grounds for an admonishment (诫勉, D4).",
    values={
        AdmonishmentGroundModel.LACK_OF_DRIVE: "Inaction, not taking responsibility (不作为).",
        AdmonishmentGroundModel.MEDIOCRE_WORK: "Mediocre work without results (工作平庸).",
        AdmonishmentGroundModel.REPEATED_MISTAKES: "Repeated mistakes (屡犯错误).",
        AdmonishmentGroundModel.DISUNITY: "Disunity in the leadership team (班子不团结).",
        AdmonishmentGroundModel.PUBLIC_COMPLAINTS: "Strong complaints from the public.",
        AdmonishmentGroundModel.CONDUCT: "Problems of work style or conduct (作风问题).",
        AdmonishmentGroundModel.OTHER: "Other grounds, stated in the facts.",
    },
)
AdmonishmentStatus = described_enum(
    AdmonishmentStatusModel,
    name="AdmonishmentStatus",
    description="Where an admonishment stands (D4).",
    values={
        AdmonishmentStatusModel.CORRECTING: "Correcting: the review is due on `correctBy`.",
        AdmonishmentStatusModel.REVIEWED: "Reviewed at the deadline; `review` holds the outcome.",
    },
)
ReviewProposal = described_enum(
    ReviewProposalModel,
    name="ReviewProposal",
    description=(
        "What the review of an admonishment proposes (D4): a clear improvement with no new "
        "problems lifts it; otherwise demotion or removal."
    ),
    values={
        ReviewProposalModel.LIFTED: "Lifted: clear improvement and no new problems.",
        ReviewProposalModel.DEMOTION: "Demotion proposed (降职).",
        ReviewProposalModel.REMOVAL: "Removal from the post proposed (免职).",
    },
)
MajorMatterKind = described_enum(
    MajorMatterKindModel,
    name="MajorMatterKind",
    description="The kinds of major matter a team decides collectively (三重一大, D1).",
    values={
        MajorMatterKindModel.MAJOR_DECISION: "A major decision (重大决策).",
        MajorMatterKindModel.IMPORTANT_APPOINTMENT: "An important appointment or removal.",
        MajorMatterKindModel.MAJOR_PROJECT: "A major project (重大项目安排).",
        MajorMatterKindModel.LARGE_SUM: "The use of a large sum (大额资金); names its amount.",
    },
)
LifeMeetingVerdict = described_enum(
    LifeMeetingVerdictModel,
    name="LifeMeetingVerdict",
    description="The superior organisation department's verdict on a life meeting (D2).",
    values={
        LifeMeetingVerdictModel.SATISFACTORY: "The meeting met the standard.",
        LifeMeetingVerdictModel.REDO: "The meeting must be held again (重新召开).",
    },
)
InformationSource = described_enum(
    InformationSourceModel,
    name="InformationSource",
    description="Where supervision information about a cadre came from (D6).",
    values={
        InformationSourceModel.DISCIPLINE: "The discipline inspection and supervision commission.",
        InformationSourceModel.LAW_ENFORCEMENT: "Law enforcement (police, procuratorate, courts).",
        InformationSourceModel.AUDIT: "The audit bureau.",
        InformationSourceModel.LETTERS_AND_VISITS: "The letters and visits office (信访).",
        InformationSourceModel.ASSESSMENT: "Annual or special assessment (考核).",
        InformationSourceModel.JOINT_MEETING: "The joint meeting of supervision departments.",
        InformationSourceModel.OTHER: "Another source, named in the summary.",
    },
)
Severity = described_enum(
    SeverityModel,
    name="Severity",
    description="How serious a piece of supervision information is (D6).",
    values={
        SeverityModel.LOW: "For the record.",
        SeverityModel.MEDIUM: "Worth following up.",
        SeverityModel.HIGH: "Serious: raises the cadre's warning level.",
    },
)
