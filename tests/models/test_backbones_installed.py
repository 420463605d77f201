"""The real backbones, where installed (`codebertscore models install mpnet|gemma`; skipped otherwise): the folder
verifies against the pinned sha256s, loads through models/hf.py with per-layer hidden states, attends both ways,
and scores by name with the published name in the signature. Slow (loads 0.4-1.2 GB of weights)."""

from __future__ import annotations

import pytest
import torch

from codebertscore.errors import ModelLoadError
from codebertscore.models import install as inst

pytestmark = pytest.mark.slow


def _installed(name: str) -> str:
    try:
        return str(inst.installed_folder(name))
    except ModelLoadError:
        pytest.skip(f"{name} is not installed (codebertscore models install {name})")


@pytest.mark.parametrize("name", ["mpnet", "gemma"])
def test_installed_backbone_verifies_loads_and_scores(name: str) -> None:
    folder = _installed(name)
    b = inst.backbone(name)
    assert inst.verify_folder(b, inst.install_folder(name)) == []  # the pinned weights, hashed again
    from codebertscore import CodeBERTScorer

    scorer = CodeBERTScorer(model=name, lang="python", device="cpu")
    enc = scorer.encoder
    assert enc.info.name == folder and enc.total_layers == b.num_layers and scorer.layer == b.layer
    assert sum(p.numel() for p in enc.model.parameters()) == b.parameters
    # bidirectional: the first code token's state at the scored layer depends on the tokens after it
    a = enc.prefix_ids + enc.tokenize(["def f(x): return x + 1"])[0][0].tolist() + enc.suffix_ids
    c = enc.prefix_ids + enc.tokenize(["def f(x): return x * 2 - y"])[0][0].tolist() + enc.suffix_ids
    n = len(enc.prefix_ids)
    states = []
    for ids in (a, c):
        t = torch.tensor([ids])
        h = enc.hidden_states(t, torch.ones_like(t), list(range(b.num_layers + 1)))
        assert h.shape[0] == b.num_layers + 1 and torch.isfinite(h).all()
        states.append(h[b.layer, 0, n])
    assert not torch.allclose(states[0], states[1])
    # the early-stopping taps (forward pass cut after the scored layer) give the model's own states, padding included
    assert enc._taps is not None
    batch = torch.tensor([a + [enc.pad_id] * (len(c) - len(a)), c]) if len(c) >= len(a) else \
        torch.tensor([a, c + [enc.pad_id] * (len(a) - len(c))])
    mask = (torch.arange(batch.shape[1])[None, :] < torch.tensor([[len(a)], [len(c)]])).long()
    tapped = enc.hidden_states(batch, mask, [b.layer])
    taps, enc._taps = enc._taps, None
    try:
        full = enc.hidden_states(batch, mask, [b.layer])
    finally:
        enc._taps = taps
    assert torch.equal(tapped, full)
    res = scorer.score(cands=["def add(a, b):\n    return a + b\n", "print('hello')\n"],
                       refs=["def add(x, y):\n    return x + y\n"] * 2)
    assert f"model:{b.display}@sha256:" in res.signature.format()
    assert res.F[0] > res.F[1]  # a renamed copy of the reference beats an unrelated line
