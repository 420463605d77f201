"""Progress you can see (issue 12, item 11): a bar in encoded tokens with an ETA over the whole run, a line while the
model loads, and nothing when stderr is not a terminal."""

from __future__ import annotations

import io

from codebertscore import CodeBERTScorer
from codebertscore.cli import main
from codebertscore.scoring.progress import TokenProgress, show_progress
from tests.conftest import CODE_SAMPLES


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class Recorder:
    def __init__(self) -> None:
        self.plans: list[tuple[int, int]] = []
        self.updates: list[int] = []

    def plan(self, n_items: int, tokens: int) -> None:
        self.plans.append((n_items, tokens))

    def update(self, n: int) -> None:
        self.updates.append(n)


def test_the_decision_follows_the_flag_then_the_terminal():
    assert show_progress(None, FakeTTY()) is True
    assert show_progress(None, io.StringIO()) is False
    assert show_progress(True, io.StringIO()) is True and show_progress(False, FakeTTY()) is False

    class Closed:
        def isatty(self):
            raise ValueError("I/O operation on closed file")

    assert show_progress(None, Closed()) is False


def test_the_bar_moves_with_encoded_tokens_batch_by_batch(tiny_roberta_path):
    rec = Recorder()
    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2, token_budget=256, progress=rec)
    cands, refs = CODE_SAMPLES[:12], CODE_SAMPLES[5:17]
    scorer.score(cands=cands, refs=refs)
    need = sum(scorer.forward_lengths(cands=cands, refs=refs))
    assert rec.plans == [(12, need)]
    assert sum(rec.updates) == need and len(rec.updates) > 3  # many small steps, not one per call
    assert all(u > 0 for u in rec.updates)


def test_eta_extrapolates_the_tokens_of_the_candidates_still_to_come():
    out = FakeTTY()
    prog = TokenProgress(total_items=100, file=out)
    prog.plan(10, 500)  # 10 of 100 candidates planned: 500 tokens -> about 5,000 in all
    assert prog.bar.total == 5000
    prog.update(500)
    prog.plan(90, 4000)  # everything known now: the exact total
    assert prog.bar.total == 4500
    prog.close()
    assert "tok" in out.getvalue() and "100/100 cand" in out.getvalue()


def test_cli_shows_loading_line_and_token_bar_only_when_asked(capsys, tmp_path, tiny_roberta_path):
    cands = tmp_path / "c.jsonl"
    cands.write_text("".join(f'{{"task_id": {i}, "completion": "x = {i}", "canonical_solution": "x = 1"}}\n'
                             for i in range(5)))
    assert main(["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", str(cands), "--quiet"]) == 0
    err = capsys.readouterr()[1]
    assert "loading model" not in err and "tok" not in err  # stderr is not a terminal here
    assert main(["score", "--model", tiny_roberta_path, "--layer", "2", "--cands", str(cands), "--quiet",
                 "--progress"]) == 0
    err = capsys.readouterr()[1]
    assert f"loading model {tiny_roberta_path}" in err and "tok" in err and "5/5 cand" in err


def test_cached_texts_count_at_once(tiny_roberta_path, tmp_path):
    cands, refs = CODE_SAMPLES[:6], CODE_SAMPLES[2:8]
    CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path / "c").score(cands=cands, refs=refs)
    rec = Recorder()
    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2, cache_dir=tmp_path / "c", progress=rec)
    scorer.score(cands=cands, refs=refs)
    assert rec.updates == [sum(scorer.forward_lengths(cands=cands, refs=refs))]  # all from the cache, one step


def test_a_tiny_memory_budget_encodes_some_texts_again_and_the_bar_stays_whole(tiny_roberta_path):
    """Under a budget too small to keep texts for later steps (matching.plan_chunks), texts are encoded again: the bar
    counts every encoded token, and its total grows to match instead of running past it."""
    rec = Recorder()
    scorer = CodeBERTScorer(model=tiny_roberta_path, layer=2, progress=rec, memory_budget=1, pair_chunk=2)
    refs = [CODE_SAMPLES[0]] * 3 + [CODE_SAMPLES[1]] * 3
    cands = [CODE_SAMPLES[2]] * 6  # one candidate text, needed by every step: dropped and encoded again
    scorer.score(cands=cands, refs=refs)
    need = sum(scorer.forward_lengths(cands=cands, refs=refs))
    assert rec.plans == [(6, need)] and sum(rec.updates) > need
    prog = TokenProgress(total_items=6, file=FakeTTY())
    prog.plan(6, need)
    for u in rec.updates:
        prog.update(u)
    assert prog.bar.n == prog.bar.total == sum(rec.updates)
    prog.close()
