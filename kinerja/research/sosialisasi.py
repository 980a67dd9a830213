"""Whether sosialisasi attendees differ from non-attendees, and what that can show about cause.

`compare_sosialisasi` compares attendees with non-attendees on resistance or
adoption: the unadjusted difference of means (`mean_difference`, Welch's t),
the difference with controls (`kinerja.research.adoption_models.adoption_regression`),
and a plain statement, in Indonesian and English, of what the design can and
cannot show about cause (`design_statement`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from kinerja.core.formatting import number
from kinerja.research.adoption_models import (
    DEFAULT_CONTROLS,
    RegressionResult,
    adoption_regression,
)
from kinerja.research.groups import _check_ci, _score_column
from kinerja.research.scales import TOTAL
from kinerja.research.survival import format_p

__all__ = [
    "DesignStatement",
    "MeanDifference",
    "SosialisasiResult",
    "compare_sosialisasi",
    "design_statement",
    "mean_difference",
]


@dataclass(frozen=True)
class MeanDifference:
    """Difference of two means with Welch's t interval (group a minus group b).

    Attributes
    ----------
    outcome : str
    group_a, group_b : str
        Labels, e.g. ``"attended"`` and ``"did not attend"``.
    n_a, n_b : int
    mean_a, mean_b : float
    difference : float
        ``mean_a - mean_b``.
    se : float
        ``sqrt(var_a / n_a + var_b / n_b)``.
    df : float
        Welch-Satterthwaite degrees of freedom.
    statistic : float
        Welch's t.
    p_value : float
        Two-sided.
    ci_low, ci_high : float
    ci : float
    """

    outcome: str
    group_a: str
    group_b: str
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float
    difference: float
    se: float
    df: float
    statistic: float
    p_value: float
    ci_low: float
    ci_high: float
    ci: float

    def apa(self) -> str:
        """E.g. ``M = 3.14 vs 3.62, difference = -0.48, 95% CI [-0.60, -0.36], t(652.3) = -7.90, p < .001``."""
        level = f"{round(self.ci * 100):d}%"
        return (f"M = {self.mean_a:.2f} vs {self.mean_b:.2f}, difference = {self.difference:.2f}, "
                f"{level} CI [{self.ci_low:.2f}, {self.ci_high:.2f}], t({self.df:.1f}) = {self.statistic:.2f}, "
                f"{format_p(self.p_value)}")

    def to_frame(self) -> pd.DataFrame:
        """One row with every field."""
        return pd.DataFrame([self.__dict__])


def mean_difference(a: Sequence[float], b: Sequence[float], *, outcome: str = "", group_a: str = "a",
                    group_b: str = "b", ci: float = 0.95) -> MeanDifference:
    """Welch's two-sample comparison of means: difference, t, df, p and interval.

    The test of R's ``t.test(var.equal = FALSE)``.  Missing values are
    dropped.

    Raises
    ------
    ValueError
        A group with fewer than 2 values, or both groups without spread.
    """
    _check_ci(ci)
    x = pd.Series(a, dtype="Float64").dropna().to_numpy(dtype=float)
    y = pd.Series(b, dtype="Float64").dropna().to_numpy(dtype=float)
    for values, name in ((x, group_a), (y, group_b)):
        if len(values) < 2:
            raise ValueError(f"group {name!r} has {len(values)} value(s) of {outcome or 'the outcome'}; "
                             f"at least 2 are needed.")
    va, vb = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = math.sqrt(va + vb)
    if se == 0:
        raise ValueError(f"neither group varies in {outcome or 'the outcome'}; the interval is undefined.")
    df = (va + vb) ** 2 / (va ** 2 / (len(x) - 1) + vb ** 2 / (len(y) - 1))
    difference = float(x.mean() - y.mean())
    t = difference / se
    half = float(stats.t.ppf(1 - (1 - ci) / 2, df) * se)
    return MeanDifference(outcome=outcome, group_a=group_a, group_b=group_b, n_a=len(x), n_b=len(y),
                          mean_a=float(x.mean()), mean_b=float(y.mean()), difference=difference, se=se,
                          df=float(df), statistic=float(t), p_value=float(2 * stats.t.sf(abs(t), df)),
                          ci_low=difference - half, ci_high=difference + half, ci=float(ci))


@dataclass(frozen=True)
class DesignStatement:
    """What a comparison of sosialisasi attendees with non-attendees can and cannot show.

    Attributes
    ----------
    id, en : str
        The statement in Bahasa Indonesia and in English.
    randomised : bool
        Whether attendance was stated to be assigned at random.
    """

    id: str
    en: str
    randomised: bool

    def get(self, language: str = "id") -> str:
        """The statement in ``language`` (``"id"`` or ``"en"``)."""
        if language not in ("id", "en"):
            raise ValueError(f"language must be 'id' or 'en', got {language!r}.")
        return getattr(self, language)


def design_statement(randomised: bool = False, controls: Sequence[str] = DEFAULT_CONTROLS) -> DesignStatement:
    """The plain statement about cause that goes with every sosialisasi comparison.

    Parameters
    ----------
    randomised : bool, default False
        True only when the records show that *attendance itself* was
        assigned at random (a lottery of who attends, kept to).  The data
        tables have no such field, so the analyst has to know it; otherwise
        attendance is observational and the statement says so.
    controls : sequence of str
        The controls used in the regression, named in the statement.
    """
    names_en = {"age": "age", "tenure_years": "years of service", "employment_type": "PNS/PPPK status",
                "unit_type": "type of unit", "golongan_group": "golongan", "unit_code": "unit"}
    names_id = {"age": "usia", "tenure_years": "masa kerja", "employment_type": "status PNS/PPPK",
                "unit_type": "jenis unit", "golongan_group": "golongan", "unit_code": "unit kerja"}
    listed_en = ", ".join(names_en.get(c, c) for c in controls) or "nothing"
    listed_id = ", ".join(names_id.get(c, c) for c in controls) or "tidak ada"
    if randomised:
        en = ("Attendance at sosialisasi was assigned at random (as stated by the analyst), so attendees and "
              "non-attendees differ only by chance in everything else, and the difference estimates the effect "
              "of attending for the employees who answered the survey, within its confidence interval. Two "
              "conditions remain: that employees kept to their assignment, and that answering the survey did "
              "not depend on it. Resistance was measured once, after the sessions: the random assignment, not a "
              "baseline measurement, is what makes the groups comparable.")
        id_ = ("Kehadiran sosialisasi ditentukan secara acak (menurut keterangan analis), sehingga peserta dan "
               "bukan peserta hanya berbeda karena kebetulan dalam hal lain, dan selisihnya memperkirakan "
               "pengaruh menghadiri sosialisasi bagi pegawai yang mengisi survei, dalam batas selang "
               "kepercayaannya. Dua syarat tetap berlaku: pegawai mengikuti penugasannya, dan kesediaan mengisi "
               "survei tidak bergantung pada penugasan itu. Resistensi hanya diukur sekali, setelah sosialisasi: "
               "yang membuat kedua kelompok sebanding adalah pengacakan, bukan pengukuran awal.")
        return DesignStatement(id=id_, en=en, randomised=True)
    en = ("What this can show: whether employees who attended sosialisasi before the survey report a different "
          "level of resistance, or adopted e-Kinerja at a different pace, than those who did not, how large the "
          f"difference is and how uncertain, also after allowing for {listed_en}. What it cannot show: that "
          "attending caused the difference. As far as the data show, attendance was not assigned at random, so "
          "those who attended may differ from those who did not in ways that also shape resistance and adoption "
          "(motivation, workload, their supervisor's support): selection into attendance. Resistance was "
          "measured once, after the sessions, so there is no baseline against which to see a change in anyone. "
          "The controls remove only differences in the characteristics measured, and who answered the survey "
          "may itself differ between the groups. An estimate of the effect needs attendance assigned at random "
          "(for example, units invited in a random order) or resistance measured before and after the sessions "
          "in both groups.")
    id_ = ("Yang dapat ditunjukkan: apakah pegawai yang menghadiri sosialisasi sebelum survei melaporkan tingkat "
           "resistensi yang berbeda, atau mulai memakai e-Kinerja dengan kecepatan berbeda, dibandingkan pegawai "
           "yang tidak hadir, seberapa besar selisihnya dan seberapa pasti, juga setelah memperhitungkan "
           f"{listed_id}. Yang tidak dapat ditunjukkan: bahwa kehadiran itulah penyebab selisih tersebut. Sejauh "
           "yang tercatat dalam data, kehadiran tidak ditentukan secara acak, sehingga pegawai yang hadir bisa "
           "berbeda dari yang tidak hadir dalam hal-hal yang juga memengaruhi resistensi dan adopsi (motivasi, "
           "beban kerja, dukungan atasan): seleksi dalam kehadiran. Resistensi hanya diukur sekali, setelah "
           "sosialisasi, sehingga tidak ada pengukuran awal untuk melihat perubahan pada setiap orang. Variabel "
           "kontrol hanya menghapus perbedaan pada karakteristik yang diukur, dan siapa yang mengisi survei pun "
           "bisa berbeda antara kedua kelompok. Untuk memperkirakan pengaruhnya diperlukan kehadiran yang "
           "ditentukan secara acak (misalnya urutan undangan unit diacak) atau pengukuran resistensi sebelum dan "
           "sesudah sosialisasi pada kedua kelompok.")
    return DesignStatement(id=id_, en=en, randomised=False)


_OUTCOME_PHRASES: dict[str, dict[str, str]] = {
    # {x}: the size of the difference; {more}/{less}: the direction words.
    TOTAL: {
        "en": "scored {x} points {dir} on total resistance (1-6)", "en+": "higher", "en-": "lower",
        "id": "memiliki skor resistensi total (1-6) {x} poin {dir}", "id+": "lebih tinggi", "id-": "lebih rendah",
    },
    "days_to_first_report": {
        "en": "made their first e-Kinerja report {x} days {dir} after the rollout", "en+": "later",
        "en-": "earlier",
        "id": "membuat laporan e-Kinerja pertama {x} hari {dir} setelah peluncuran", "id+": "lebih lambat",
        "id-": "lebih cepat",
    },
}


def _phrase(outcome: str, size: float, language: str) -> str:
    words = _OUTCOME_PHRASES.get(outcome)
    x = number(abs(size), 2, language)
    if words is None:
        if language == "en":
            return f"had a {outcome} {x} {'higher' if size > 0 else 'lower'}"
        return f"memiliki {outcome} {x} {'lebih tinggi' if size > 0 else 'lebih rendah'}"
    return words[language].format(x=x, dir=words[language + ("+" if size > 0 else "-")])


@dataclass(frozen=True)
class SosialisasiResult:
    """Attendees against non-attendees on one outcome, with what the design can show.

    Attributes
    ----------
    outcome : str
    difference : MeanDifference
        Attended minus did not attend, unadjusted.
    regression : RegressionResult
        OLS of the outcome on attendance (0/1) and the controls, HC3.
    design : DesignStatement
    """

    outcome: str
    difference: MeanDifference
    regression: RegressionResult
    design: DesignStatement

    def finding(self, language: str = "id") -> str:
        """One sentence with the unadjusted and adjusted estimates, in ``language``."""
        if language not in ("id", "en"):
            raise ValueError(f"language must be 'id' or 'en', got {language!r}.")
        d, r = self.difference, self.regression
        level = round(d.ci * 100)
        n = lambda value: number(value, 2, language)  # noqa: E731 - local shorthand
        if language == "en":
            return (f"Respondents who attended sosialisasi (n = {d.n_a}) {_phrase(self.outcome, d.difference, 'en')} "
                    f"than those who did not (n = {d.n_b}): difference {n(d.difference)}, {level}% CI "
                    f"[{n(d.ci_low)}, {n(d.ci_high)}]; with controls {n(r.estimate)}, {level}% CI "
                    f"[{n(r.ci_low)}, {n(r.ci_high)}] (n = {r.n}).")
        return (f"Responden yang menghadiri sosialisasi (n = {d.n_a}) {_phrase(self.outcome, d.difference, 'id')} "
                f"daripada yang tidak hadir (n = {d.n_b}): selisih {n(d.difference)}, IK {level}% "
                f"[{n(d.ci_low)}; {n(d.ci_high)}]; dengan variabel kontrol {n(r.estimate)}, IK {level}% "
                f"[{n(r.ci_low)}; {n(r.ci_high)}] (n = {r.n}).")

    def statement(self, language: str = "id") -> str:
        """The finding followed by what the design can and cannot show."""
        return f"{self.finding(language)} {self.design.get(language)}"

    def to_frame(self) -> pd.DataFrame:
        """One row: unadjusted and adjusted differences with their intervals."""
        d, r = self.difference, self.regression
        return pd.DataFrame([{
            "outcome": self.outcome, "n_attended": d.n_a, "n_not_attended": d.n_b,
            "mean_attended": d.mean_a, "mean_not_attended": d.mean_b, "difference": d.difference,
            "ci_low": d.ci_low, "ci_high": d.ci_high, "p_value": d.p_value,
            "adjusted_difference": r.estimate, "adjusted_ci_low": r.ci_low, "adjusted_ci_high": r.ci_high,
            "adjusted_p_value": r.p_value, "adjusted_n": r.n, "randomised": self.design.randomised,
        }])


def compare_sosialisasi(table: pd.DataFrame, outcome: str = TOTAL, *, attended: str = "sosialisasi_attended",
                        controls: Sequence[str] = DEFAULT_CONTROLS, randomised: bool = False,
                        cov_type: str = "HC3", ci: float = 0.95) -> SosialisasiResult:
    """Compare attendees with non-attendees of sosialisasi on resistance or adoption.

    Parameters
    ----------
    table : pandas.DataFrame
        From `respondent_table`.
    outcome : str, default "total"
        E.g. ``"total"`` (resistance) or ``"days_to_first_report"``.
    attended : str, default "sosialisasi_attended"
        Boolean column; respondents with NA (not linked) are left out.
    controls : sequence of str, default DEFAULT_CONTROLS
    randomised : bool, default False
        Whether attendance was assigned at random; changes only the
        statement, never the numbers (see `design_statement`).
    cov_type : str, default "HC3"
    ci : float, default 0.95

    Returns
    -------
    SosialisasiResult
        The unadjusted Welch difference, the adjusted OLS coefficient of
        attendance, and the design statement in both languages.

    Raises
    ------
    ValueError
        Unknown columns, or fewer than 2 respondents in either group.
    """
    if attended not in table.columns:
        raise ValueError(f"attended {attended!r} is not a column of the table; columns are "
                         f"{', '.join(map(str, table.columns))}.")
    if not isinstance(randomised, bool):
        raise ValueError(f"randomised must be True or False, got {randomised!r}.")
    values = _score_column(table, outcome, "outcome")
    flag = table[attended].astype("boolean")
    yes = values[(flag == True).fillna(False).to_numpy(dtype=bool)]  # noqa: E712 - nullable boolean
    no = values[(flag == False).fillna(False).to_numpy(dtype=bool)]  # noqa: E712
    difference = mean_difference(yes, no, outcome=outcome, group_a="attended", group_b="did not attend", ci=ci)
    frame = table.assign(**{attended: flag.astype("Float64")})
    regression = adoption_regression(frame, outcome=outcome, exposure=attended, controls=controls,
                                     cov_type=cov_type, ci=ci)
    return SosialisasiResult(outcome=outcome, difference=difference, regression=regression,
                             design=design_statement(randomised, controls=[c for c in controls
                                                                           if c not in regression.dropped_controls]))
