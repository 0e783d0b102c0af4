"""Kano classification gives the same categories whatever form the answers take (codes as floats or
small integers, text, a categorical column), and bad answers still name their column and rows."""
import numpy as np
import pandas as pd
import pytest

from sedamkit.core.errors import SedamError
from sedamkit.methods import kano

WORDS = np.array([None, "I like it", "I expect it", "I am neutral", "I can live with it", "I dislike it"],
                 dtype=object)


@pytest.mark.parametrize("form", ["float", "int8", "int64", "text", "categorical"])
def test_every_answer_form_gives_the_same_categories(form):
    rng = np.random.default_rng(0)
    f, d = rng.integers(0, 6, 800), rng.integers(0, 6, 800)
    conv = {"float": lambda x: x.astype(float), "int8": lambda x: x.astype(np.int8), "int64": lambda x: x,
            "text": lambda x: WORDS[x], "categorical": lambda x: pd.Categorical(WORDS[x])}[form]
    ref = kano.classify_survey(pd.DataFrame({"app_functional": f.astype(float), "app_dysfunctional": d.astype(float)}))
    got = kano.classify_survey(pd.DataFrame({"app_functional": conv(f), "app_dysfunctional": conv(d)}))
    assert got["category"].equals(ref["category"])
    assert got["functional"].tolist() == np.where(f > 0, f, 0).tolist()
    assert kano.summary(got).equals(kano.summary(ref))


def test_bad_answers_in_categorical_and_integer_columns_name_the_rows():
    data = pd.DataFrame({"app_functional": pd.Categorical(["I like it", "nope", "nope"]),
                         "app_dysfunctional": np.array([1, 2, 7])})
    with pytest.raises(SedamError) as ei:
        kano.classify_survey(data)
    text = " | ".join(str(p) for p in ei.value.problems)
    assert ei.value.codes == ["KANO001", "KANO002"]
    assert "'app_functional', rows 3, 4" in text and "'nope'" in text
    assert "'app_dysfunctional', row 4" in text and "answer 7" in text
