"""The signature carried by every score: everything that changes the numbers, in one line (as sacrebleu does).

Example::

    nrefs:1|model:neulab/codebert-python@rev:1a2b3c4d5e6f|layer:11|idf:no|ctx:yes|punc:paper|win:512/0.5|
    trunc:no|dtype:fp32|rescale:no|F:F3|cbs:0.1.0|torch:2.13.0|tf:5.24.0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import metadata


def package_version(dist: str) -> str:
    """The installed version of distribution ``dist``, or "none" (the one place versions are read for signatures
    and reports)."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "none"


@dataclass(frozen=True)
class Signature:
    nrefs: str  # "1", "3", or "var" when candidates have different numbers of references
    model: str
    model_ident: str  # weights sha256 prefix or hub revision
    layer: int
    idf: str  # "no", "refs:<sha12>" (computed from the call's references) or "table:<sha12>"
    context: bool
    no_punc: bool
    window: int
    overlap: float
    truncate: bool
    dtype: str
    rescale: str  # "no" or "table:<sha12>"
    headline: str
    version: str
    torch: str
    transformers: str
    token_filter: str = ""  # the token filter's name (codebertscore.scoring.filters); "" = named by no_punc

    @property
    def filter_name(self) -> str:
        return self.token_filter or ("paper" if self.no_punc else "none")

    def format(self) -> str:
        name = self.model
        if "/" in name and (name.startswith("/") or name.startswith(".")):
            name = name.rstrip("/").rsplit("/", 1)[-1]  # a local folder: its name; the hash identifies it
        parts = [
            f"nrefs:{self.nrefs}",
            f"model:{name}@{self.model_ident}",
            f"layer:{self.layer}",
            f"idf:{self.idf}",
            f"ctx:{'yes' if self.context else 'no'}",
            f"punc:{self.filter_name}",
            f"win:{self.window}/{self.overlap:g}",
            f"trunc:{'yes' if self.truncate else 'no'}",
            f"dtype:{self.dtype}",
            f"rescale:{self.rescale}",
            f"F:{self.headline}",
            f"cbs:{self.version}",
            f"torch:{self.torch}",
            f"tf:{self.transformers}",
        ]
        return "|".join(parts)

    def __str__(self) -> str:
        return self.format()

    def to_dict(self) -> dict:
        return asdict(self)


def library_versions() -> dict[str, str]:
    from codebertscore import __version__

    return {"version": __version__, "torch": package_version("torch"),
            "transformers": package_version("transformers")}
