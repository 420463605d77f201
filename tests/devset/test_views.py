"""Views of the bundled dev sets: which origins each keeps, and the alt-reference view's swapped reference."""

from __future__ import annotations

import pytest

from codebertscore.devset import load_bundled
from codebertscore.errors import ArgumentError


@pytest.mark.parametrize("lang", ["python", "java"])
def test_views_partition_by_origin(lang):
    everything = load_bundled(lang, view="all")
    realistic = load_bundled(lang, view="realistic")
    near = load_bundled(lang, view="near-copies")
    assert realistic and near
    assert all(r.origin.startswith("alternative") for r in realistic)
    assert all(r.origin.startswith(("rewrite", "mutation")) for r in near)
    samples = load_bundled(lang, view="samples")
    assert all(r.origin.startswith("sample:") for r in samples)
    canonical = [r for r in everything if r.origin == "canonical"]
    # realistic + samples + near-copies + the reference itself is everything, with no record in two views
    assert len(realistic) + len(samples) + len(near) + len(canonical) == len(everything)
    ids = [{r.id for r in view} for view in (realistic, samples, near)]
    assert not (ids[0] & ids[1] or ids[0] & ids[2] or ids[1] & ids[2])


@pytest.mark.parametrize("lang", ["python", "cpp"])
def test_alt_reference_view_scores_canonical_rewrites_and_wrong_against_the_first_alternative(lang):
    everything = load_bundled(lang, view="all")
    first_alt = {}
    for r in everything:
        if r.origin == "alternative":
            first_alt.setdefault(r.problem_id, r.candidate)
    view = load_bundled(lang, view="alt-reference")
    assert view
    assert {r.origin.split(":")[0] for r in view} <= {"canonical", "rewrite", "alternative"}
    assert all(r.origin in ("canonical", "alternative:wrong") or r.origin.startswith("rewrite:") for r in view)
    for r in view:
        assert r.references == [first_alt[r.problem_id]]
        assert r.candidate != r.references[0]
    # labels are the execution labels of the candidates, untouched by the swap
    labels = {r.id: r.label for r in everything}
    assert all(r.label == labels[r.id] for r in view)
    assert {r.label for r in view} == {0.0, 1.0}


def test_unknown_view_is_a_clear_error():
    with pytest.raises(ArgumentError, match="view: expected one of realistic, samples, alt-reference"):
        load_bundled("python", view="independent")
