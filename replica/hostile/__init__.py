"""The hostile-input corpus: inputs a nightly crawl meets (and an attacker sends), generated.

``build_corpus(out, seed)`` writes them to a folder and returns one ``Case`` per file; tests
run them through ``xxgk extract`` and ``benchmarks/hostile.py`` measures them.
"""

from replica.hostile.corpus import Case, build_corpus

__all__ = ["Case", "build_corpus"]
