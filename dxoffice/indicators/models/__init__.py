"""The indicators module's records: definitions (frameworks) apart from values (DHIS2), and the
derived tables (scores, indices, ranks) recomputed from approved values."""

from dxoffice.indicators.models.collection import (
    Campaign,
    DataValue,
    Flag,
    FlagKind,
    FlagStatus,
    Submission,
    SubmissionStatus,
    ValueStatus,
)
from dxoffice.indicators.models.derived import IndexScore, IndicatorScore
from dxoffice.indicators.models.frameworks import (
    Aggregation,
    Component,
    Framework,
    FrameworkVersion,
    IndexMean,
    Indicator,
    MissingRule,
    ParentRule,
    PeriodType,
    Polarity,
    Rule,
    ScoringMethod,
    SourceKind,
    ValueType,
)
from dxoffice.indicators.models.gaps import Gap

__all__ = [
    "Aggregation",
    "Campaign",
    "Component",
    "DataValue",
    "Flag",
    "FlagKind",
    "FlagStatus",
    "Framework",
    "FrameworkVersion",
    "Gap",
    "IndexMean",
    "IndexScore",
    "Indicator",
    "IndicatorScore",
    "MissingRule",
    "ParentRule",
    "PeriodType",
    "Polarity",
    "Rule",
    "ScoringMethod",
    "SourceKind",
    "Submission",
    "SubmissionStatus",
    "ValueStatus",
    "ValueType",
]
