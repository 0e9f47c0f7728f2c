"""Columns of strings pandas keeps in Arrow, tested whole (schemas/arrow_strings.py)."""

import numpy as np
import pandas as pd
import pytest

from schemas.arrow_strings import held_by_arrow, is_in

COLUMN = pd.Series(["doc-1", None, "doc-3", "doc-1", "doc-9"], dtype="str", index=[4, 5, 6, 7, 8])


@pytest.mark.parametrize(
    "values",
    [
        {"doc-1", "doc-9"},
        ["doc-3", np.nan],  # a missing value matches the missing one, as pandas has it
        [None, 3, "doc-9"],  # a number is no string: pandas leaves it out
        pd.Series(["doc-3", None, "doc-4"], dtype="str"),
        {"a": 1}.keys(),
        [],
    ],
)
def test_is_in_answers_as_pandas_isin_does(values):
    assert held_by_arrow(COLUMN)
    expected = COLUMN.isin(list(values) if not isinstance(values, pd.Series) else values)
    pd.testing.assert_series_equal(is_in(COLUMN, values), expected)


def test_is_in_leaves_a_column_not_held_by_arrow_to_pandas():
    numbers = pd.Series([1, 2, 3])
    assert not held_by_arrow(numbers)
    assert is_in(numbers, {2}).tolist() == [False, True, False]
