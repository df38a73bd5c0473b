"""Checks of the banks' numeric answers, one module per group of banks (see
``tests/content/test_reference_numbers.py``). A module holds ``BANKS``, the bank slugs it answers
for, and ``CHECKS``, question id -> a function that computes the answer again from the prompt's
quantities with the library or formula the prompt names; it may hold ``FIGURES`` too, question id ->
a function asserting the figures quoted by a question that has no typed number."""
