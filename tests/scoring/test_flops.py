"""FLOP counting: hand-computed values, the weights of a real layer, and torch's own FLOP counter."""

from __future__ import annotations

import math

import pytest
import torch

from codebertscore.errors import ArgumentError
from codebertscore.scoring.flops import (
    EncoderShape,
    encoder_matmul_rate,
    flop_bound_fraction,
    forward_flops,
    layer_flops,
    matmul_rate,
    padded_flops,
)


def test_hand_computed_layer_and_forward():
    shape = EncoderShape(hidden=2, intermediate=3, layers=3)
    assert shape.params_per_layer == 4 * 2 * 2 + 2 * 2 * 3 == 28
    # 2 T params + 4 T^2 H = 2*5*28 + 4*25*2
    assert layer_flops(5, shape) == 280 + 200
    assert forward_flops([5, 0], shape) == 3 * 480
    assert forward_flops([], shape) == 0
    assert padded_flops([(2, 5)], shape) == 2 * 3 * 480
    assert padded_flops([(2, 5)], shape) >= forward_flops([5, 3], shape)


def test_bert_base_dense_part_is_twice_the_layer_weights():
    from transformers import BertConfig, BertModel

    cfg = BertConfig(hidden_size=64, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4, vocab_size=50)
    layer = BertModel(cfg, add_pooling_layer=False).encoder.layer[0]
    weights = sum(p.numel() for name, p in layer.named_parameters() if p.dim() == 2)
    shape = EncoderShape.from_config(cfg)
    assert shape.params_per_layer == weights
    assert shape.layers == 2
    assert EncoderShape.from_config(cfg, layers=1).layers == 1
    base = EncoderShape(hidden=768, intermediate=3072, layers=12)
    assert base.params_per_layer == 7_077_888  # BERT-base: 7.08M weights per layer (biases and norms excluded)


@pytest.mark.parametrize("length", [1, 7, 33])
def test_count_equals_torch_flop_counter_on_a_real_forward(length):
    """torch.utils.flop_counter counts every matrix product of the forward pass (embeddings are lookups). With eager
    attention, Q K^T and the weighted sum of V are matrix products it sees too; the CPU's fused SDPA kernel it does
    not count, so there it sees the dense part alone."""
    from torch.utils.flop_counter import FlopCounterMode
    from transformers import RobertaConfig, RobertaModel

    cfg = RobertaConfig(hidden_size=32, intermediate_size=80, num_hidden_layers=3, num_attention_heads=4,
                        vocab_size=100, max_position_embeddings=64)
    shape = EncoderShape.from_config(cfg)
    ids = torch.randint(5, 100, (1, length))
    counted = {}
    for attn in ("eager", "sdpa"):
        cfg._attn_implementation = attn
        model = RobertaModel(cfg, add_pooling_layer=False).eval()
        assert model.config._attn_implementation == attn
        with torch.inference_mode(), FlopCounterMode(display=False) as counter:
            model(input_ids=ids, attention_mask=torch.ones_like(ids))
        counted[attn] = counter.get_total_flops()
    assert counted["eager"] == forward_flops([length], shape)
    assert counted["sdpa"] == forward_flops([length], shape) - shape.layers * 4 * length * length * shape.hidden


def test_bad_shapes_and_lengths_raise():
    with pytest.raises(ArgumentError, match="hidden"):
        EncoderShape(hidden=0, intermediate=3, layers=1)
    with pytest.raises(ArgumentError, match="layers"):
        EncoderShape(hidden=2, intermediate=3, layers=-1)
    with pytest.raises(ArgumentError, match="lengths"):
        forward_flops([3, -1], EncoderShape(hidden=2, intermediate=3, layers=1))
    with pytest.raises(ArgumentError):
        flop_bound_fraction(1.0, 0.0, 1.0)


def test_flop_bound_fraction():
    # 1e12 FLOPs at 1e11 FLOP/s take 10 s at best; done in 20 s -> half the bound
    assert flop_bound_fraction(1e12, 20.0, 1e11) == pytest.approx(0.5)


def test_matmul_rates_are_measured_and_positive():
    rate = matmul_rate(64, 32, 48, min_seconds=0.01, repeats=1)
    assert math.isfinite(rate) and rate > 0
    rates = encoder_matmul_rate(EncoderShape(hidden=32, intermediate=64, layers=1), 64, min_seconds=0.01)
    assert set(rates) == {"qkvo", "ffn_up", "ffn_down", "layer_mix"}
    # the mix is a weighted harmonic mean: between the slowest and the fastest product
    parts = [rates["qkvo"], rates["ffn_up"], rates["ffn_down"]]
    assert min(parts) <= rates["layer_mix"] <= max(parts)
