"""Hand-written source snippets for the training tests (functions with and without doc comments)."""

PY_DOC = '''
import os


def read_config(path, default=None):
    """Read a configuration file and return its lines without comments."""
    if not os.path.exists(path):
        return default
    with open(path) as fh:
        lines = [line.strip() for line in fh]
    return [line for line in lines if line and not line.startswith("#")]


def clamp(value, low, high):
    """Limit a number to the closed interval between low and high."""
    return max(low, min(value, high))


def undocumented(xs):
    total = 0
    for x in xs:
        total += x
    return total
'''

JAVA_DOC = '''
package demo;

/*
 * Copyright (c) 2020 Example. Licensed under the Apache License.
 */
public class Stats {
    /**
     * Returns the largest element of the array.
     * @param xs the values
     */
    public static int max(int[] xs) {
        int best = xs[0];
        for (int x : xs) {
            if (x > best) best = x;
        }
        return best;
    }

    // Adds two numbers together and returns their sum.
    public int add(int a, int b) {
        return a + b;
    }

    /** A comment separated by a blank line is not a doc comment of the method. */

    private void reset() {
        count = 0;
    }
}
'''

JS_DOC = '''
// Computes the mean of a list of numbers.
// Returns NaN for an empty list.
function mean(values) {
  let total = 0;
  for (const v of values) {
    total += v;
  }
  return total / values.length;
}

/**
 * Capitalises the first letter of a word.
 */
const capitalise = (word) => {
  return word.charAt(0).toUpperCase() + word.slice(1);
};

if (typeof module !== "undefined") {
  module.exports = { mean, capitalise };
}
'''

CPP_DOC = '''
#include <vector>

/// Sums the elements of a vector of integers.
/// Works for empty vectors too.
int sum(const std::vector<int>& xs) {
  int total = 0;
  for (int x : xs) {
    total += x;
  }
  return total;
}

namespace util {
/* Swaps the two referenced integers in place. */
void swap_ints(int &a, int &b) {
  int tmp = a;
  a = b;
  b = tmp;
}
}
'''

C_DOC = '''
#include <string.h>

/* Counts the characters c in the string s. */
static int count_char(const char *s, char c)
{
  int n = 0;
  for (; *s; s++)
    if (*s == c)
      n++;
  return n;
}
'''
