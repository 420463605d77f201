"""The JavaScript, Java and C++ dev-set builder: signatures and value literals (:mod:`.signatures`), test
programs (:mod:`.harness`), the translated problems (:mod:`.problems`, data in ``devset/problems/<lang>.txt``),
token-level edits (:mod:`.edit`, :mod:`.rewrites`, :mod:`.mutations`), running programs (:mod:`.runner`), and
the build (:mod:`.build`)."""
