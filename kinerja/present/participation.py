"""What the pages show of citizens in the loop: forum topics and the follow-up register, from the one evaluation.

:class:`ParticipationPage` turns the quarter's
:class:`~kinerja.quarter.figures.ParticipationFigures` into sentences and
tables for the IKM page, the quarterly page, the summary and the public
page. It computes nothing the evaluation has not. Free text (a topic, an
action) is shown with the names of employees masked; the public page shows
no topic text at all, only the actions the unit itself wrote and the jabatan
responsible, never a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kinerja.core.privacy import mask_names
from kinerja.data.vocabulary import UNSUR_NAMES, unsur_named
from kinerja.present.report import escape_markdown
from kinerja.present.wording import Wording
from kinerja.quarter.evaluation import QuarterResults

__all__ = ["ParticipationPage"]


@dataclass(frozen=True, eq=False)
class ParticipationPage:
    """The forum and follow-up sections of a quarter's pages.

    Attributes
    ----------
    results
        The quarter's evaluation.
    names
        unit_code -> unit name.
    employee_names
        Names masked wherever they appear in a topic or an action.
    language
        ``"id"`` (default) or ``"en"``; topics and actions stay as the units wrote them.
    """

    results: QuarterResults
    names: pd.Series
    employee_names: tuple[str, ...] = ()
    language: str = "id"
    words: Wording = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", Wording("partisipasi", self.language))

    @classmethod
    def build(cls, results: QuarterResults, units: pd.DataFrame, employees: pd.DataFrame | None = None,
              language: str = "id") -> ParticipationPage:
        """The sections of ``results``; ``units`` gives the unit names, ``employees`` the names to mask."""
        names = units.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
        people = () if employees is None or "name" not in employees else tuple(employees["name"].dropna())
        return cls(results, names, people, language)

    def _name(self, code: str) -> str:
        return str(self.names.get(code, code))

    def _text(self, texts: pd.Series) -> list[str]:
        return list(mask_names(texts.fillna("").astype("str"), self.employee_names))

    def _date(self, value: object) -> str:
        return "–" if pd.isna(value) else pd.Timestamp(value).strftime("%d/%m/%Y")

    def _unsur(self, name: object) -> str:
        return UNSUR_NAMES.get(name, self.words.say("other_unsur")) if isinstance(name, str) else \
            self.words.say("other_unsur")

    def _source(self, kind: str, ref: object, public: bool = False) -> str:
        """An action's source in words: "Unsur IKM: U3 Waktu Penyelesaian", "Topik forum: FRM-2026-060".

        A public page names a forum topic's source only as a forum topic: its reference may be the topic's text.
        """
        words = self.words.phrases("source")
        if kind == "ikm_unsur" and unsur_named(ref) is not None:
            return f"{words[kind]}: {UNSUR_NAMES[unsur_named(ref)]}"
        if pd.isna(ref) or (public and kind == "forum_topic"):
            return words[kind]
        return f"{words[kind]}: {self._text(pd.Series([ref]))[0]}"

    def _units(self, frame: pd.DataFrame, unit: str | None) -> pd.DataFrame:
        return frame if unit is None else frame[frame["unit_code"] == unit]

    # Forums -------------------------------------------------------------------------------------------------

    def forum_lead(self, unit: str | None = None) -> str:
        """The quarter's forum topics in one sentence, or why they are unknown."""
        reason, w = self.results.why("forums", self.language), self.words
        if reason:
            return reason
        response = self._units(self.results.participation.response, unit)
        quarter = w.quarter(self.results.quarter)
        if response.empty:
            return w.say("forums.none", quarter=quarter)
        counts = {"topics": w.number(response["topics"].sum()), "quarter": quarter,
                  "answered": w.number(response["answered"].sum()), "open": w.number(response["open"].sum())}
        return w.say("forums.lead", units=w.number(len(response)), **counts) if unit is None else \
            w.say("forums.lead_unit", **counts)

    def weakest_table(self) -> pd.DataFrame:
        """Per unit surveyed that held a forum: its weakest unsur and NRR, the topics about it, the topics in all."""
        overlap, w = self.results.participation.weakest_overlap, self.words
        overlap = overlap[overlap["topics"] > 0]
        topics = self.results.participation.weakest_topics
        column = w.phrases("column")
        about = [self._text(topics.loc[topics["unit_code"] == code, "topic"]) for code in overlap["unit_code"]]
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in overlap["unit_code"]],
            column["weakest"]: [self._unsur(u) for u in overlap["unsur"]],
            column["nrr"]: [w.number(v, 2) for v in overlap["nrr"]],
            column["topics"]: [w.number(v) for v in overlap["topics"]],
            column["topics_on_weakest"]: [w.number(v) for v in overlap["topics_on_weakest"]],
            column["topic_texts"]: ["; ".join(texts) if texts else "–" for texts in about],
        })

    def weakest_lead(self) -> str:
        """How many units heard, at their forums, about the unsur their survey rates lowest."""
        overlap, w = self.results.participation.weakest_overlap, self.words
        if self.results.why("forums", self.language) or overlap.empty:
            return ""
        linked = overlap[overlap["topics_on_weakest"] > 0]
        return w.say("forums.weakest", linked=w.number(len(linked)), units=w.number(len(overlap)),
                     which=", ".join(f"{escape_markdown(self._name(u))} ({self._unsur(s)})"
                                     for u, s in zip(linked["unit_code"], linked["unsur"])) or "–")

    def response_table(self) -> pd.DataFrame:
        """Per unit: topics raised, answered, the median days to a response, open and the oldest open."""
        response, w = self.results.participation.response, self.words
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in response["unit_code"]],
            column["topics"]: response["topics"].map(w.number).to_numpy(),
            column["answered"]: response["answered"].map(w.number).to_numpy(),
            column["median_days"]: response["median_days"].map(lambda v: w.number(v, 1)).to_numpy(),
            column["open"]: response["open"].map(w.number).to_numpy(),
            column["oldest_open"]: response["oldest_open_days"].astype("float").map(w.number).to_numpy(),
        })

    def open_table(self) -> pd.DataFrame:
        """Every topic still without a response at the end of the quarter, oldest first."""
        still_open, w = self.results.participation.open_topics, self.words
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in still_open["unit_code"]],
            column["forum_date"]: still_open["forum_date"].map(self._date).to_numpy(),
            column["unsur"]: [self._unsur(u) for u in still_open["unsur"]],
            column["topic"]: self._text(still_open["topic"]),
            column["age"]: still_open["age_days"].map(w.number).to_numpy(),
        })

    def categories_table(self) -> pd.DataFrame:
        """Forum topics beside the complaints received about the same subject in the same unit."""
        categories, w = self.results.participation.categories, self.words
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in categories["unit_code"]],
            column["category"]: categories["category"].to_numpy(),
            column["topics"]: categories["topics"].map(w.number).to_numpy(),
            column["complaints"]: categories["complaints"].map(w.number).to_numpy(),
        })

    def topics_by_unsur(self, unit: str | None = None) -> pd.DataFrame:
        """How many topics concerned each unsur (counts only, no text: fit for the public page)."""
        topics, w = self._units(self.results.participation.topics, unit), self.words
        counted = topics.assign(what=topics["unsur"].map(self._unsur)).groupby("what", sort=False)["topics"].sum()
        column = w.phrases("column")
        return pd.DataFrame({column["unsur"]: counted.index, column["topics"]: counted.map(w.number).to_numpy()})

    # Follow-ups -----------------------------------------------------------------------------------------------

    def follow_up_lead(self, unit: str | None = None) -> str:
        """Last quarter's actions and what became of them, the overdue ones and the new ones, in one paragraph."""
        reason, w = self.results.why("follow_ups", self.language), self.words
        if reason:
            return reason
        figures = self.results.participation
        previous = self._units(figures.previous_actions, unit)["outcome"].value_counts()
        sentences = [w.say("follow_ups.previous", planned=w.number(previous.sum()),
                           previous=w.quarter(self.results.previous),
                           done=w.number(previous.get("done_on_time", 0) + previous.get("done_late", 0)),
                           late=w.number(previous.get("done_late", 0)),
                           overdue=w.number(previous.get("overdue", 0)),
                           waiting=w.number(previous.get("not_yet_due", 0)),
                           dropped=w.number(previous.get("dropped", 0)))
                     if previous.sum() else w.say("follow_ups.no_previous", previous=w.quarter(self.results.previous))]
        overdue = len(self._units(figures.overdue_actions, unit))
        if overdue:
            sentences.append(w.say("follow_ups.overdue", overdue=w.number(overdue)))
        sentences.append(w.say("follow_ups.new", new=w.number(len(self._units(figures.new_actions, unit))),
                               quarter=w.quarter(self.results.quarter)))
        return " ".join(sentences)

    def _actions(self, actions: pd.DataFrame, extra: dict[str, list[str]], public: bool) -> pd.DataFrame:
        column = self.words.phrases("column")
        table = {} if public else {column["unit"]: [self._name(u) for u in actions["unit_code"]]}
        table |= {
            column["action"]: self._text(actions["action"]),
            column["source"]: [self._source(k, r, public)
                               for k, r in zip(actions["source_kind"], actions["source_ref"])],
            column["owner"]: actions["owner_position"].fillna("–").to_numpy(),
            column["due"]: actions["due_date"].map(self._date).to_numpy(),
        }
        return pd.DataFrame(table | extra)

    def previous_table(self, unit: str | None = None, public: bool = False) -> pd.DataFrame:
        """Last quarter's actions and their outcome; ``public`` leaves out the unit column of a unit's own page."""
        actions = self._units(self.results.participation.previous_actions, unit)
        outcome = self.words.phrases("outcome")
        return self._actions(actions, {self.words.say("column.outcome"): [outcome[o] for o in actions["outcome"]],
                                       self.words.say("column.done"): actions["done_date"].map(self._date).tolist()},
                             public)

    def previous_misses(self, unit: str | None = None) -> list[bool]:
        """Per row of :meth:`previous_table`, whether the action is overdue: the rows a page highlights."""
        return list(self._units(self.results.participation.previous_actions, unit)["outcome"] == "overdue")

    def overdue_table(self, unit: str | None = None) -> pd.DataFrame:
        """Actions past their due date and not done, the longest overdue first."""
        actions, w = self._units(self.results.participation.overdue_actions, unit), self.words
        return self._actions(actions, {w.say("column.planned_in"): [w.quarter(q) for q in actions["quarter"]],
                                       w.say("column.days_overdue"): actions["days_overdue"].map(w.number).tolist()},
                             False)

    def new_table(self, unit: str | None = None, public: bool = False) -> pd.DataFrame:
        """The actions planned in the quarter, with their status."""
        actions = self._units(self.results.participation.new_actions, unit)
        status = self.words.phrases("status")
        return self._actions(actions, {self.words.say("column.status"): [status[s] for s in actions["status"]]},
                             public)

    def after_table(self) -> pd.DataFrame:
        """The NRR of each unsur an action of last quarter answered, before and after it was done."""
        after, w = self.results.participation.after_actions, self.words
        column = w.phrases("column")
        return pd.DataFrame({
            column["unit"]: [self._name(u) for u in after["unit_code"]],
            column["unsur"]: [self._unsur(u) for u in after["unsur"]],
            column["action"]: self._text(after["action"]),
            w.say("column.nrr_in", quarter=w.quarter(self.results.previous)): after["nrr_before"].map(
                lambda v: w.number(v, 2)).to_numpy(),
            w.say("column.nrr_in", quarter=w.quarter(self.results.quarter)): after["nrr_after"].map(
                lambda v: w.number(v, 2)).to_numpy(),
            column["change"]: [w.change(a, b, 2) for a, b in zip(after["nrr_after"], after["nrr_before"])],
        })

    def headlines(self) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        """Headlines and attention items for the leadership summary: open topics, overdue actions."""
        w, figures = self.words, self.results.participation
        headlines: list[dict[str, str]] = []
        for part, key, count in (("forums", "open_topics", len(figures.open_topics)),
                                 ("follow_ups", "overdue_actions", len(figures.overdue_actions))):
            reason = self.results.why(part, self.language)
            headlines.append({"label": w.say(f"headlines.{key}"), "value": "–" if reason else w.number(count),
                              "change": reason or ""})
        overdue = figures.overdue_actions.groupby("unit_code", sort=True).agg(
            actions=("action", "size"), days=("days_overdue", "max"))
        attention = [{"unit": self._name(code), "why": w.say("headlines.overdue", actions=w.number(row["actions"]),
                                                             days=w.number(row["days"]))}
                     for code, row in overdue.iterrows()]
        return headlines, attention
