"""Training and adapting encoders for CodeBERTScore (``codebertscore train``).

* :mod:`.corpus` — reading a code corpus, the hash-based held-out split;
* :mod:`.mining`, :mod:`.rewrite`, :mod:`.pairs` — positive pairs: doc comment <-> function, and
  function <-> semantics-preserving rewrite;
* :mod:`.textdata`, :mod:`.masking` — tokenisation, packing, a new BPE tokenizer, dynamic masking;
* :mod:`.heads` — the masked-LM head and the two similarity heads (mean-pool; token matching = CodeBERTScore's F);
* :mod:`.mlm`, :mod:`.contrastive` — the two training objectives (``train_mlm``, ``train_contrastive``);
* :mod:`.schedule`, :mod:`.runtime`, :mod:`.checkpoint` — budgets, the loop, exact resume;
* :mod:`.export`, :mod:`.delta` — the output folder with its model card, and deltas against a base folder.

Nothing here is imported by the scorer; torch and transformers are imported only by the modules that train.
"""

from __future__ import annotations

__all__ = ["corpus", "pairs", "mlm", "contrastive", "delta"]
