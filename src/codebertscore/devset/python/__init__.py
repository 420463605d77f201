"""The Python dev-set builder: HumanEval problems (:mod:`.humaneval`), their hand-written solutions
(:mod:`.problems`, data in ``devset/problems/python.txt``), generated rewrites and faults (:mod:`.source`,
:mod:`.rewrites`, :mod:`.faults`, :mod:`.variants`), and the build (:mod:`.build`)."""
