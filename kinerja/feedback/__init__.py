"""Individual feedback pages (umpan balik): one record per ASN, pages per ASN and per unit."""

from __future__ import annotations

from kinerja.feedback.build import (
    build_feedback,
    page_names,
    write_feedback_pages,
)
from kinerja.feedback.records import (
    CAPAIAN_RISE,
    DEFAULT_ON_TIME_STANDARD,
    INDICATOR_MET,
    AsnFeedback,
    FeedbackData,
    FeedbackOptions,
    FeedbackResult,
    Finding,
    Indicator,
    ObservationNote,
    Observations,
    ProgramAdvice,
    QuarterSnapshot,
    SkpLinks,
    TrainingRecord,
    WorkMinutes,
)

__all__ = [
    "CAPAIAN_RISE",
    "DEFAULT_ON_TIME_STANDARD",
    "INDICATOR_MET",
    "AsnFeedback",
    "FeedbackData",
    "FeedbackOptions",
    "FeedbackResult",
    "Finding",
    "Indicator",
    "ObservationNote",
    "Observations",
    "ProgramAdvice",
    "QuarterSnapshot",
    "SkpLinks",
    "TrainingRecord",
    "WorkMinutes",
    "build_feedback",
    "page_names",
    "write_feedback_pages",
]
