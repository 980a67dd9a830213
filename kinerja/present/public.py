"""The pages for citizens: each service unit's SKM (IKM) results and those of all units, at privacy ``publik``.

PermenPANRB 14/2017 asks a unit to publish the results of its community
satisfaction survey (SKM) and what it does about them. :class:`PublicPages`
turns the quarter's one evaluation
(:class:`~kinerja.quarter.evaluation.QuarterResults`) into one page per
service unit and one for all units pooled (the run's ``index.html``): the
IKM with its mutu and kinerja, the NRR of each unsur in plain words, the
survey period, the respondents and their profile, whether the sample meets
the Krejcie–Morgan minimum, the complaints, the follow-up register under
"Yang sudah kami lakukan" (:class:`~kinerja.present.participation.ParticipationPage`)
and how many forum topics concerned each unsur.

The pages compute no figure the evaluation has not; from the responses they
read only the first and last survey day and the comments a moderator marked
publishable (column ``comment_public``). They name no person: no NIP, no
name, nothing about an ASN, no forum topic's text, no comment that is not
marked, and a marked comment with the names of employees masked
(:func:`~kinerja.core.privacy.mask_names`) and escaped by the template. A
group of fewer respondents than the policy's smallest group is hidden with
:meth:`~kinerja.core.privacy.PrivacyPolicy.suppress`, on the table of units
by group whose totals the pages show (a unit's respondents on its page, the
group's respondents on the kecamatan's page), so that no hidden count can be
worked out from another page; a unit with fewer respondents shows no result.
Education and occupation are answers as respondents wrote them: an answer
fewer people gave is pooled into one group, so that its words are not shown.
The pages print on one or two A4 sheets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja.core.formatting import OFFICE_TIMEZONE, local_time, long_date
from kinerja.core.privacy import PrivacyPolicy, SuppressedCounts, mask_names
from kinerja.core.text import phrases
from kinerja.data.dataset import Dataset
from kinerja.data.vocabulary import UNSUR_NAMES
from kinerja.metrics import ikm
from kinerja.present.participation import ParticipationPage
from kinerja.present.satisfaction import SatisfactionPage
from kinerja.present.templating import render
from kinerja.present.wording import Wording
from kinerja.quarter.evaluation import QuarterResults
from kinerja.quarter.figures import PROFILE_CHARACTERISTICS

__all__ = ["COMMENTS_SHOWN", "INDEX", "SERVICE_UNIT_TYPES", "PublicPages", "write_public_pages"]

SERVICE_UNIT_TYPES = ("kecamatan", "kelurahan", "puskesmas", "layanan")
"""The kinds of unit that serve citizens: each has a page, with or without responses in the quarter."""
COMMENTS_SHOWN = 3
"""The most comments marked publishable a page quotes, the latest first."""
COMMENT_LENGTH = 300
"""Characters of a comment shown; a longer one is cut with an ellipsis, so that the page still prints on two sheets."""
INDEX = "index.html"
"""The page of all units, which links each unit's page."""
_PUBLISHABLE = "yes"
"""The value of ``comment_public`` that marks a comment fit for the public page."""
_WRITTEN = ("education", "occupation")
"""Profile characteristics whose groups are answers as respondents wrote them, not a fixed list."""


@dataclass(frozen=True, eq=False)
class PublicPages:
    """The public pages of one quarter.

    Attributes
    ----------
    results
        The quarter's evaluation.
    units
        The units table (``unit_code``, ``unit_name``, ``unit_type``).
    responses
        The quarter's SKM responses (``unit_code``, ``survey_date``, and
        ``comment`` and ``comment_public`` where the survey has them).
    policy
        The run's privacy policy: its smallest group hides small groups of respondents.
    employee_names
        Names masked wherever they appear in a comment or an action.
    language
        ``"id"`` (default) or ``"en"``.
    populations
        Unit code -> service users in the quarter, for the minimum sample; None for the visits in the data.
    timezone
        The office's time zone, for the moment the pages were made.
    demo
        The data are the built-in synthetic demo: every page says so.
    """

    results: QuarterResults
    units: pd.DataFrame
    responses: pd.DataFrame
    policy: PrivacyPolicy
    employee_names: tuple[str, ...] = ()
    language: str = "id"
    populations: dict[str, int] | None = None
    timezone: str = OFFICE_TIMEZONE
    demo: bool = False
    words: Wording = field(init=False, repr=False)
    satisfaction: SatisfactionPage = field(init=False, repr=False)
    participation: ParticipationPage = field(init=False, repr=False)
    profile: dict[str, tuple[SuppressedCounts, SuppressedCounts]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        names = self.units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
        set_ = object.__setattr__
        set_(self, "words", Wording("publik", self.language))
        set_(self, "satisfaction", SatisfactionPage(self.results, names, self.language, self.populations))
        set_(self, "participation", ParticipationPage(self.results, names, self.employee_names, self.language))
        set_(self, "profile", {characteristic: self._suppressed(characteristic)
                               for characteristic in PROFILE_CHARACTERISTICS})

    @classmethod
    def build(cls, results: QuarterResults, dataset: Dataset, policy: PrivacyPolicy, language: str = "id", *,
              populations: dict[str, int] | None = None, timezone: str = OFFICE_TIMEZONE,
              demo: bool = False) -> PublicPages:
        """The pages of ``results``: unit names and types, the names to mask and the responses from ``dataset``."""
        units = dataset.units if dataset.has("units") else \
            pd.DataFrame({"unit_code": [], "unit_name": [], "unit_type": []}, dtype="object")
        people = tuple(dataset.employees["name"].dropna()) \
            if dataset.has("employees") and "name" in dataset.employees else ()
        if dataset.has("ikm_responses"):
            responses = dataset.to_pandas("ikm_responses")
            responses = responses[ikm.period_of(responses["survey_date"], "quarter") == results.quarter.label]
        else:
            responses = pd.DataFrame({"unit_code": [], "survey_date": pd.Series([], dtype="datetime64[ns]")})
        return cls(results, units, responses.reset_index(drop=True), policy, people, language, populations, timezone,
                   demo)

    # Which pages ------------------------------------------------------------------------------------------

    def unit_codes(self) -> list[str]:
        """The units with a page: every service unit, and any other unit with responses, in the units table's order."""
        surveyed = set(self.results.satisfaction.per_unit["unit_code"])
        types = self.units["unit_type"] if "unit_type" in self.units else pd.Series("", index=self.units.index)
        listed = [code for code, kind in zip(self.units["unit_code"], types)
                  if kind in SERVICE_UNIT_TYPES or code in surveyed]
        return list(dict.fromkeys([*listed, *sorted(surveyed - set(listed))]))

    def file_names(self) -> dict[str, str]:
        """Unit code -> its page's file name, ``unit-<code>.html``.

        A character a file name should not hold is written ``_``; should two
        codes then give one name, the second page gets ``-2``, never the first's file.
        """
        names: dict[str, str] = {}
        for code in self.unit_codes():
            stem = f"unit-{re.sub(r'[^A-Za-z0-9_-]', '_', str(code))}"
            name, copy = f"{stem}.html", 1
            while name in names.values():
                copy += 1
                name = f"{stem}-{copy}.html"
            names[code] = name
        return names

    def write(self, folder: str | Path) -> list[Path]:
        """Write ``index.html`` (all units) and each unit's page to ``folder``; return the files written."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        pages = {INDEX: self.page(None), **{name: self.page(code) for code, name in self.file_names().items()}}
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")
        return [folder / name for name in pages]

    def page(self, unit: str | None) -> str:
        """The HTML page of ``unit``, or of all units pooled when None."""
        w = self.words
        title = w.say("title.all") if unit is None else w.say("title.unit", unit=self._name(unit))
        return render("public.html.j2", title=title, language=self.language, back=None, demo=self.demo,
                      w=phrases("publik", self.language), page=self._content(unit))

    # What a page says ---------------------------------------------------------------------------------------

    def _name(self, code: str) -> str:
        return str(self.satisfaction.names.get(code, code))

    def _row(self, unit: str | None) -> pd.Series | None:
        """The evaluation's IKM row of ``unit`` (of all units when None); None without responses."""
        table = self.results.satisfaction.overall if unit is None else \
            self.results.satisfaction.per_unit[self.results.satisfaction.per_unit["unit_code"] == unit]
        return None if table.empty else table.iloc[0]

    def _shown(self, unit: str | None) -> bool:
        """Whether the page of ``unit`` shows results: an IKM from enough respondents."""
        row = self._row(unit)
        return row is not None and pd.notna(row["ikm_rounded"]) and not self.policy.too_small(int(row["n"]))

    def _content(self, unit: str | None) -> dict[str, Any]:
        w, quarter = self.words, self.words.quarter(self.results.quarter)
        kind = "all" if unit is None else "unit"
        shown = self._shown(unit)
        return {
            "heading": w.say(f"heading.{kind}", unit=self._name(unit) if unit else ""),
            "quarter": quarter,
            "subtitle": w.say("all_units", units=w.number(len(self.unit_codes()))) if unit is None else "",
            "back": None if unit is None else INDEX,
            "period": self._period(unit),
            "result": self._headline(unit) if shown else None,
            "no_result": "" if shown else self._no_result(unit),
            "sample": self._sample(unit) if shown else "",
            "units": self._units_table() if unit is None else None,
            "unsur": self._unsur(unit) if shown else [],
            "profile": self._profile(unit) if shown else [],
            "profile_lead": w.say("profile.lead", n=w.number(self._row(unit)["n"])) if shown else "",
            "hidden_note": w.say("profile.hidden", minimum=self.policy.min_group) if self._hides(unit) else "",
            "complaints": self._complaints(unit),
            "follow_up": self.participation.follow_up_lead(unit),
            "actions": self._actions(unit),
            "forums": self.participation.forum_lead(unit),
            "topics": self._table(self.participation.topics_by_unsur(unit))
            if not self.results.why("forums", self.language) else None,
            "comments": self._comments(unit) if shown else [],
            "footer": self._footer(),
        }

    def _period(self, unit: str | None) -> str:
        """The first and last survey day of the quarter's responses; empty without responses."""
        days = self.responses["survey_date"] if unit is None else \
            self.responses.loc[self.responses["unit_code"] == unit, "survey_date"]
        days = days.dropna()
        if days.empty:
            return ""
        return self.words.say("period", first=long_date(days.min().date(), self.language),
                              last=long_date(days.max().date(), self.language),
                              quarter=self.words.quarter(self.results.quarter))

    def _headline(self, unit: str | None) -> dict[str, str]:
        """The IKM, its mutu and kinerja, the respondents and the change from the previous quarter."""
        row, w = self._row(unit), self.words
        change = row.get("change")
        return {"ikm": w.number(row["ikm_rounded"], 2), "grade": str(row["grade"]),
                "label": self.satisfaction.kinerja_label(row),
                "n": w.number(row["n"]), "change": "" if change is None or pd.isna(change) else
                w.say("change", previous=w.quarter(self.results.previous), change=w.change(change, 0, 2))}

    def _no_result(self, unit: str | None) -> str:
        """Why the page shows no IKM: the survey data are unknown, the unit has no responses, or too few."""
        w, quarter = self.words, self.words.quarter(self.results.quarter)
        reason, row = self.results.why("satisfaction", self.language), self._row(unit)
        if reason is None and row is None:
            reason = w.say("no_responses" if unit else "no_responses_all")
        elif reason is None and self.policy.too_small(int(row["n"])):
            reason = w.say("too_few", minimum=self.policy.min_group)
        elif reason is None:
            reason = w.say("unanswered", unsur=", ".join(UNSUR_NAMES[name] for name in ikm.UNSUR_COLUMNS
                                                         if pd.isna(row[name])))
        return w.say("no_result_all" if unit is None else "no_result", quarter=quarter, reason=reason)

    def _sample(self, unit: str | None) -> str:
        """Whether the sample meets the Krejcie–Morgan minimum, as the IKM page judges it; unknown said so."""
        adequacy, w = self.satisfaction.sample_check(), self.words  # the IKM page's own judgement, not a second one
        if unit is None:
            adequate = adequacy["adequate"].reindex(self.results.satisfaction.per_unit["unit_code"])
            return w.say("sample.all", adequate=w.number(int(adequate.fillna(False).sum())),
                         short=w.number(int((~adequate.fillna(True)).sum())),
                         unknown=w.number(int(adequate.isna().sum())))
        row = adequacy.loc[unit]
        if pd.isna(row["adequate"]):
            return w.say("sample.unknown", n=w.number(row["actual"]))
        return w.say("sample.adequate" if row["adequate"] else "sample.short", n=w.number(row["actual"]),
                     minimum=w.number(row["minimum"]), population=w.number(row["population"]))

    def _units_table(self) -> list[dict[str, str]]:
        """Per unit with a page: its name, link, respondents, IKM, mutu and kinerja, or that it has no result."""
        w, rows = self.words, []
        unknown = self.results.why("satisfaction", self.language) is not None  # then no unit's respondents are known
        for code, link in self.file_names().items():
            row = self._row(code)
            if row is None:
                n = "–" if unknown else w.number(0)
            else:
                n = f"<{self.policy.min_group}" if self.policy.too_small(int(row["n"])) else w.number(row["n"])
            if self._shown(code):
                rows.append({"unit": self._name(code), "link": link, "n": n, "ikm": w.number(row["ikm_rounded"], 2),
                             "grade": str(row["grade"]), "label": self.satisfaction.kinerja_label(row)})
            else:
                rows.append({"unit": self._name(code), "link": link, "n": n, "ikm": w.say("no_result_cell"),
                             "grade": "–", "label": "–"})
        return rows

    def _unsur(self, unit: str | None) -> list[dict[str, str]]:
        """Each unsur's name, plain meaning, NRR and the NRR's place on the 1–4 scale (for a bar)."""
        row, w = self._row(unit), self.words
        return [{"name": UNSUR_NAMES[name], "meaning": w.say(f"unsur.meaning.{name}"),
                 "nrr": w.number(row[name], 2), "width": f"{max(0.0, (row[name] - 1) / 3 * 100):.0f}"
                 if pd.notna(row[name]) else "0"} for name in ikm.UNSUR_COLUMNS]

    def _group(self, characteristic: str, group: object) -> str:
        """A profile group as the page names it: "Perempuan", "25–34", "tidak diisi", an education as written."""
        if group is None or pd.isna(group):
            return self.words.say("profile.missing")
        return self.words.say(f"profile.gender.{group}") if characteristic == "gender" else str(group)

    def _suppressed(self, characteristic: str) -> tuple[SuppressedCounts, SuppressedCounts]:
        """Respondents by unit and group of ``characteristic``, and by group for all units, small groups hidden.

        The table of units by group is suppressed as a whole: its rows add up to
        each unit's respondents and its columns to the groups of all units, both
        shown, so a hidden count cannot be worked out from its unit's page or
        from the other units' pages.
        """
        profile = self.results.satisfaction.profile
        rows = profile[profile["characteristic"] == characteristic]
        labels = pd.Series([self._group(characteristic, group) for group in rows["group"]], index=rows.index)
        if characteristic in _WRITTEN:
            # An answer as someone wrote it can name a person or single one out: the answers fewer people than the
            # smallest group gave in all units are pooled, so that no such answer is shown. The answers many gave
            # are occupations and schools, not names; masking them would turn "Ibu Rumah Tangga" into "[nama]".
            given = rows.groupby("group")["respondents"].sum()  # a blank is no answer: it keeps its own group
            rare = rows["group"].isin(given.index[self.policy.too_small(given)])
            labels = labels.where(~rare, self.words.say("profile.rare", minimum=self.policy.min_group))
        rows = rows.assign(group=labels)
        groups = list(dict.fromkeys(rows["group"]))
        table = rows.pivot_table(index="unit_code", columns="group", values="respondents", aggfunc="sum",
                                 fill_value=0).reindex(columns=groups).astype("int64")
        return self.policy.suppress(table), self.policy.suppress(table.sum().to_frame("respondents"))

    def _counts(self, unit: str | None, characteristic: str) -> tuple[pd.Series, pd.Series, pd.Series]:
        """The page's respondents by group of ``characteristic``: counts (NA where hidden), labels, and hidden."""
        by_unit, total = self.profile[characteristic]
        if unit is None:
            return total.counts["respondents"], total.labels(self.language)["respondents"], total.hidden["respondents"]
        return by_unit.counts.loc[unit], by_unit.labels(self.language).loc[unit], by_unit.hidden.loc[unit]

    def _hides(self, unit: str | None) -> bool:
        """Whether the page of ``unit`` hides a group of its profile."""
        return self._shown(unit) and any(self._counts(unit, characteristic)[2].any()
                                         for characteristic in PROFILE_CHARACTERISTICS)

    def _profile(self, unit: str | None) -> list[dict[str, Any]]:
        """Per characteristic: its name and each group's respondents and share, hidden where too few."""
        w, n = self.words, int(self._row(unit)["n"])
        blocks = []
        for characteristic in PROFILE_CHARACTERISTICS:
            counts, labels, _ = self._counts(unit, characteristic)
            rows = [{"group": group, "count": label, "share": "–" if pd.isna(count) else w.percent(count / n)}
                    for group, count, label in zip(counts.index, counts, labels)]
            blocks.append({"key": characteristic, "title": w.say(f"profile.characteristic.{characteristic}"),
                           "rows": rows})
        return blocks

    def _complaints(self, unit: str | None) -> str:
        """The complaints received and the share resolved within the standard; unknown said so, never 0."""
        w, quarter = self.words, self.words.quarter(self.results.quarter)
        reason = self.results.why("complaints", self.language)
        if reason:
            return w.say("complaints.unknown", quarter=quarter, reason=reason)
        table = self.results.satisfaction.complaints_overall if unit is None else \
            self.results.satisfaction.complaints[self.results.satisfaction.complaints["unit_code"] == unit]
        if table.empty or not table["received"].iloc[0]:
            return w.say("complaints.none", quarter=quarter)
        row = table.iloc[0]
        return w.say(f"complaints.{'all' if unit is None else 'unit'}", quarter=quarter,
                     received=w.number(row["received"]), share=w.percent(row["share_within_standard"]),
                     days=w.number(self.results.options.complaint_standard_days))

    def _actions(self, unit: str | None) -> list[dict[str, Any]]:
        """A unit's actions of last quarter with their outcome and its plan for this one; none on the page of all."""
        if unit is None or self.results.why("follow_ups", self.language):
            return []
        w = self.words
        return [{"title": w.say("done.previous", previous=w.quarter(self.results.previous)),
                 "table": self._table(self.participation.previous_table(unit, public=True))},
                {"title": w.say("done.new", quarter=w.quarter(self.results.quarter)),
                 "table": self._table(self.participation.new_table(unit, public=True))}]

    @staticmethod
    def _table(frame: pd.DataFrame) -> dict[str, list]:
        """A table for the template: its headers and its rows as text."""
        return {"columns": [str(column) for column in frame.columns],
                "rows": [[str(value) for value in row] for row in frame.itertuples(index=False, name=None)]}

    def _comments(self, unit: str | None) -> list[dict[str, str]]:
        """Up to :data:`COMMENTS_SHOWN` comments marked publishable, the latest first, names masked and cut short.

        Only comments of units whose results the pages show are quoted.
        """
        responses = self.responses
        if "comment_public" not in responses or "comment" not in responses:
            return []
        shown = [code for code in responses["unit_code"].unique() if self._shown(code)]
        chosen = responses[(responses["comment_public"] == _PUBLISHABLE) & responses["comment"].notna()
                           & responses["unit_code"].isin(shown if unit is None else [unit])]
        chosen = chosen.sort_values("survey_date", ascending=False, kind="stable").head(COMMENTS_SHOWN)
        texts = mask_names(chosen["comment"].astype("str"), self.employee_names)
        return [{"unit": self._name(code) if unit is None else "",
                 "text": text if len(text) <= COMMENT_LENGTH else text[:COMMENT_LENGTH - 1].rstrip() + "…"}
                for code, text in zip(chosen["unit_code"], texts)]

    def _footer(self) -> list[str]:
        """The data source, the weight, the moment the page was made and the regulation."""
        w, weight = self.words, self.results.options.weight
        if weight != "exact":
            weight = w.number(float(weight), len(weight.split(".")[1]))
        return [w.say("footer.source"), w.say("footer.weight", weight="1/9" if weight == "exact" else weight),
                w.say("footer.generated", moment=local_time(datetime.now().astimezone(), self.timezone,
                                                            self.language)),
                w.say("footer.regulation")]


def write_public_pages(dataset: Dataset, results: QuarterResults, folder: str | Path, language: str,
                       policy: PrivacyPolicy, *, populations: dict[str, int] | None = None,
                       timezone: str = OFFICE_TIMEZONE, demo: bool = False) -> list[Path]:
    """Write the quarter's public pages to ``folder``: ``index.html`` for all units and ``unit-<code>.html`` each.

    Parameters
    ----------
    dataset
        The data: unit names and types, the names to mask, the responses' days and comments.
    results
        The quarter's evaluation: every figure the pages show.
    folder
        Where the pages go.
    language
        ``"id"`` or ``"en"``.
    policy
        The run's privacy policy (``publik``): its smallest group hides small groups of respondents.
    populations
        Unit code -> service users, for the minimum sample; None for the visits in the data.
    timezone
        The office's time zone, for the moment the pages were made.
    demo
        Whether the data are the built-in demo (a banner on every page).

    Returns
    -------
    list of Path
        The pages written, ``index.html`` first.
    """
    return PublicPages.build(results, dataset, policy, language, populations=populations, timezone=timezone,
                             demo=demo).write(folder)
