"""A doc's lower-case word ids, read once per doc (bilat.annotations.nlp.lower_ids)."""

from __future__ import annotations

from spacy.attrs import LOWER

from bilat.annotations.nlp import load_nlp, lower_ids, word_ids


def test_the_ids_are_the_docs_lower_case_forms_read_once() -> None:
    doc = load_nlp().make_doc("Putin VISITED Pyongyang")
    ids = lower_ids(doc)
    assert ids == doc.to_array(LOWER).tolist()
    assert ids[1] in word_ids(["visited"])
    assert lower_ids(doc) is ids  # kept on the doc, not read again


def test_ids_kept_before_the_parse_still_hold_after_it() -> None:
    """The screen reads them on the tokenised paragraph, extraction on the parsed one."""
    nlp = load_nlp()
    doc = nlp.make_doc("The Foreign Minister met Wang Yi in Beijing on Tuesday.")
    kept = list(lower_ids(doc))
    parsed = nlp(doc)
    assert lower_ids(parsed) == kept == parsed.to_array(LOWER).tolist()
