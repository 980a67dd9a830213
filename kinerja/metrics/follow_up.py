"""The follow-up register (tindak lanjut): were last quarter's actions done, which are overdue, what is new.

One row of the follow_ups table is an action a unit plans in a quarter in
answer to a finding (an IKM unsur, a complaint surge, a flag, a forum topic),
with the jabatan responsible, a due date and a status.

Conventions
-----------
State on a day
    The state is read on ``as_of`` (default: the evaluated quarter's last
    day). An action is done on that day when its status is ``done`` and its
    ``done_date`` falls on or before it; a dropped action is dropped; any
    other action is not done yet.
Outcome
    ``done_on_time`` (done, on or before the due date), ``done_late`` (done
    after it), ``overdue`` (not done and not dropped, the due date before
    ``as_of``), ``not_yet_due`` (not done, the due date not passed) and
    ``dropped``.
Last quarter, this quarter
    An action belongs to the quarter it is planned in (its ``quarter``).
    Evaluating a quarter, "last quarter's actions" are those planned in the
    quarter before it, judged on ``as_of``; "new actions" those planned in the
    quarter itself.

Without a follow_ups table in the dataset the functions raise the dataset's
:class:`~kinerja.core.errors.DataError` naming the file to add: no register is
not "nothing was planned".
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from kinerja.core.periods import Quarter, as_date
from kinerja.data.dataset import Dataset
from kinerja.data.dictionary import unsur_named
from kinerja.metrics import ikm
from kinerja.metrics.registers import reading_day, register, shown_columns

__all__ = ["OUTCOMES", "new_actions", "outcomes", "overdue_actions", "previous_quarter_actions", "unsur_after_actions"]

OUTCOMES: tuple[str, ...] = ("done_on_time", "done_late", "overdue", "not_yet_due", "dropped")
"""What became of an action, as :func:`outcomes` names it."""

_LIST_COLUMNS = ("action_id", "quarter", "unit_code", "source_kind", "source_ref", "owner_position", "action",
                 "due_date", "status", "done_date")








def _listed(actions: pd.DataFrame) -> pd.DataFrame:
    return shown_columns(actions, _LIST_COLUMNS)


def outcomes(follow_ups: pd.DataFrame | Dataset, as_of: date | str) -> pd.Series:
    """What became of each action by ``as_of``: one of :data:`OUTCOMES`.

    Parameters
    ----------
    follow_ups
        The follow_ups table, or a dataset holding it.
    as_of
        The day the state is read on.

    Returns
    -------
    pandas.Series
        On the table's index, named ``outcome``.
    """
    actions = register(follow_ups, "follow_ups")
    day = pd.Timestamp(as_date(as_of))
    done = actions["status"].eq("done") & actions["done_date"].notna() & (actions["done_date"] <= day)
    late = done & (actions["done_date"] > actions["due_date"])
    dropped = actions["status"].eq("dropped") & ~done
    overdue = ~done & ~dropped & (actions["due_date"] < day)
    outcome = np.select([done & ~late, late, dropped, overdue], ["done_on_time", "done_late", "dropped", "overdue"],
                        default="not_yet_due")
    return pd.Series(outcome, index=actions.index, name="outcome", dtype="str")


def previous_quarter_actions(follow_ups: pd.DataFrame | Dataset, quarter: Quarter | str,
                             as_of: date | str | None = None) -> pd.DataFrame:
    """The actions planned in the quarter before ``quarter``, and what became of each by ``as_of``.

    Parameters
    ----------
    follow_ups
        The follow_ups table, or a dataset holding it.
    quarter
        The quarter evaluated.
    as_of
        The day the state is read on; default the last day of ``quarter``.

    Returns
    -------
    pandas.DataFrame
        One row per action: its columns (``action_id`` when the table has it,
        ``quarter``, ``unit_code``, ``source_kind``, ``source_ref``,
        ``owner_position``, ``action``, ``due_date``, ``status``,
        ``done_date``) and ``outcome``; sorted by unit and due date.
    """
    wanted = Quarter.parse(quarter)
    day = reading_day(wanted, as_of)
    actions = register(follow_ups, "follow_ups")
    before = actions[actions["quarter"] == wanted.previous().label]
    listed = _listed(before).assign(outcome=outcomes(before, day))
    return listed.sort_values(["unit_code", "due_date"]).reset_index(drop=True)


def overdue_actions(follow_ups: pd.DataFrame | Dataset, quarter: Quarter | str,
                    as_of: date | str | None = None) -> pd.DataFrame:
    """The actions planned in or before ``quarter`` whose due date passed before ``as_of`` without their being done.

    Returns
    -------
    pandas.DataFrame
        One row per overdue action: its columns and ``days_overdue``
        (calendar days from the due date to ``as_of``), the longest overdue
        first. A dropped action is not overdue.
    """
    wanted = Quarter.parse(quarter)
    day = reading_day(wanted, as_of)
    actions = register(follow_ups, "follow_ups")
    planned = actions[actions["quarter"].map(lambda label: Quarter.parse(label) <= wanted)]
    late = planned[outcomes(planned, day) == "overdue"]
    listed = _listed(late).assign(days_overdue=(day - late["due_date"]).dt.days.astype("int64"))
    return listed.sort_values(["days_overdue", "unit_code"], ascending=[False, True]).reset_index(drop=True)


def new_actions(follow_ups: pd.DataFrame | Dataset, quarter: Quarter | str) -> pd.DataFrame:
    """The actions planned in ``quarter``, sorted by unit and due date."""
    actions = register(follow_ups, "follow_ups")
    return _listed(actions[actions["quarter"] == Quarter.parse(quarter).label]).sort_values(
        ["unit_code", "due_date"]).reset_index(drop=True)


def unsur_after_actions(follow_ups: pd.DataFrame | Dataset, responses: pd.DataFrame | Dataset,
                        quarter: Quarter | str) -> pd.DataFrame:
    """The NRR of each unsur an action of the quarter before ``quarter`` answered, before and after it was done.

    Only actions with ``source_kind`` ``ikm_unsur`` that were done in the
    quarter before ``quarter`` count: the NRR of their unsur in their unit in
    that quarter ("before") is set beside the NRR in ``quarter`` ("after").
    That the NRR rose is what the unit can show, not proof the action raised it.

    Parameters
    ----------
    follow_ups
        The follow_ups table, or a dataset holding it.
    responses
        The SKM responses (the ikm_responses table), or a dataset holding them.
    quarter
        The quarter after the one the actions were done in.

    Returns
    -------
    pandas.DataFrame
        One row per action: its columns, ``unsur`` (canonical name), ``code``,
        ``nrr_before``, ``nrr_after`` and ``change`` (missing where a quarter
        has no answer to the unsur in the unit).
    """
    wanted = Quarter.parse(quarter)
    before_quarter = wanted.previous()
    actions = register(follow_ups, "follow_ups")
    done_in = actions["done_date"].dt.normalize().between(pd.Timestamp(before_quarter.start),
                                                          pd.Timestamp(before_quarter.end))
    chosen = actions[actions["source_kind"].eq("ikm_unsur") & actions["status"].eq("done") & done_in]
    frame = register(responses, "ikm_responses")
    labels = ikm.period_of(frame["survey_date"], "quarter")
    nrr = {label: ikm.ikm_by(rows, "unit_code").set_index("unit_code") if len(rows) else pd.DataFrame()
           for label in (before_quarter.label, wanted.label) for rows in [frame[labels == label]]}
    listed = _listed(chosen).copy()
    listed["unsur"] = chosen["source_ref"].map(unsur_named)
    listed["code"] = listed["unsur"].map({name: f"U{i}" for i, name in enumerate(ikm.UNSUR_COLUMNS, start=1)})

    def nrr_in(label: str) -> list[float]:
        table = nrr[label]
        return [float(table.at[unit, unsur]) if unit in table.index else np.nan
                for unit, unsur in zip(listed["unit_code"], listed["unsur"])]

    listed["nrr_before"] = nrr_in(before_quarter.label)
    listed["nrr_after"] = nrr_in(wanted.label)
    listed["change"] = listed["nrr_after"] - listed["nrr_before"]
    return listed.sort_values(["unit_code", "due_date"]).reset_index(drop=True)
