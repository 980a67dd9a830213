"""Research on resistance to change (Oreg, 2003) and the adoption of e-Kinerja.

The research questions of DOMAIN.md ("Resistance to change"): how resistance
relates to e-Kinerja adoption and to age, tenure, rank and unit, and whether
attending sosialisasi goes with lower resistance or faster adoption.  Every
function is pure: tables in, a DataFrame or a small dataclass out.

Steps
-----
0. `with_survey` swaps in a survey file (another wave, or another
   instrument) for the data folder's change_survey table, and
   `sample_summary` counts respondents and response rates by group.
1. `respondent_table` joins the change survey to the employees, units,
   sosialisasi and activity tables: one row per respondent with scores,
   attributes and adoption measures (`respondents`, with `attributes` and
   `adoption_measures`).
2. `describe_by_group`: n, mean, sd, median and the 95% CI of the mean per
   group, with small groups suppressed (`groups`).
3. `compare_groups`: Welch's ANOVA or Kruskal-Wallis by a stated rule, with
   an effect size and a seeded bootstrap interval (`groups`, with the tests
   in `omnibus_tests`).
4. `adoption_regression` (OLS, HC3), `adoption_logit` and
   `adoption_survival` (Kaplan-Meier by resistance tertile, log-rank);
   `regression_terms` names the variable, level and reference category of
   each coefficient, for labelled tables (`adoption_models`).
5. `compare_sosialisasi`: attendees against non-attendees, with a plain
   statement, in Indonesian and English, of what the design can and cannot
   show about cause (`sosialisasi`).
6. `resistance_study` runs steps 0-5 and the reliability in one call, as the
   report ``resistensi_perubahan`` shows them: a `ResistanceStudy` with a
   sentence for each analysis the data cannot support (`study`).

The instrument and its scores are in `scales`, their reliability in
`reliability`, and the Kaplan-Meier estimator and log-rank test in
`survival`; import those from their modules.
"""

from __future__ import annotations

from kinerja.research.adoption_models import (
    DEFAULT_CONTROLS,
    AdoptionSurvival,
    RegressionResult,
    adoption_logit,
    adoption_regression,
    adoption_survival,
    regression_terms,
)
from kinerja.research.attributes import (
    AGE_BAND_EDGES,
    GOLONGAN_GROUPS,
    TENURE_BAND_EDGES,
)
from kinerja.research.groups import (
    GROUP_ATTRIBUTES,
    MIN_GROUP_N,
    WELCH_MIN_N,
    GroupComparison,
    SampleSummary,
    compare_groups,
    describe_by_group,
    sample_summary,
)
from kinerja.research.omnibus_tests import (
    OmnibusTest,
    epsilon_squared,
    kruskal_wallis,
    omega_squared,
    omega_squared_from_f,
    welch_anova,
)
from kinerja.research.respondents import (
    TERTILE_LABELS,
    research_extract,
    respondent_linkage,
    respondent_table,
    survey_schema,
    tertiles,
    with_survey,
)
from kinerja.research.sosialisasi import (
    DesignStatement,
    MeanDifference,
    SosialisasiResult,
    compare_sosialisasi,
    design_statement,
    mean_difference,
)
from kinerja.research.study import ResistanceStudy, StudyOptions, resistance_study

__all__ = [
    "AGE_BAND_EDGES",
    "DEFAULT_CONTROLS",
    "GOLONGAN_GROUPS",
    "GROUP_ATTRIBUTES",
    "MIN_GROUP_N",
    "TENURE_BAND_EDGES",
    "TERTILE_LABELS",
    "WELCH_MIN_N",
    "AdoptionSurvival",
    "DesignStatement",
    "GroupComparison",
    "MeanDifference",
    "OmnibusTest",
    "RegressionResult",
    "ResistanceStudy",
    "SampleSummary",
    "SosialisasiResult",
    "StudyOptions",
    "adoption_logit",
    "adoption_regression",
    "adoption_survival",
    "compare_groups",
    "compare_sosialisasi",
    "describe_by_group",
    "design_statement",
    "epsilon_squared",
    "kruskal_wallis",
    "mean_difference",
    "omega_squared",
    "omega_squared_from_f",
    "regression_terms",
    "research_extract",
    "resistance_study",
    "respondent_linkage",
    "respondent_table",
    "sample_summary",
    "survey_schema",
    "tertiles",
    "welch_anova",
    "with_survey",
]
