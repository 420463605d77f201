"""Hand-written alternative solutions to the HumanEval problems, for the Python dev set.

Written for this project (not taken from any model output, benchmark release or solution collection), in the
styles a code model produces: other algorithms, library calls instead of loops and loops instead of library calls,
other names. ``alternative`` bodies are meant to be correct and ``alternative:wrong`` bodies to be plausible
solutions of a misread problem (an inclusive bound read as exclusive, a case-sensitive count, the last of equal
elements instead of the first...); the dev-set builder labels every one of them by running the tests, so a
mistake here changes a label, never makes it wrong.

Bodies are written without their indentation; :func:`alternatives_for` and :func:`wrong_for` indent them to the
function-body level, shaped like HumanEval's ``canonical_solution``.
"""

from __future__ import annotations

import textwrap

_ALTERNATIVES: dict[int, tuple[str, ...]] = {}
_WRONG: dict[int, tuple[str, ...]] = {}


def _body(code: str) -> str:
    return textwrap.indent(textwrap.dedent(code).strip("\n") + "\n", "    ")


def _number(task_id: str) -> int:
    return int(task_id.rsplit("/", 1)[1])


def alternatives_for(task_id: str) -> list[str]:
    """The hand-written correct alternatives of a problem (``"HumanEval/12"``), as indented bodies."""
    return [_body(code) for code in _ALTERNATIVES.get(_number(task_id), ())]


def wrong_for(task_id: str) -> list[str]:
    """The hand-written plausible-but-wrong solutions of a problem, as indented bodies."""
    return [_body(code) for code in _WRONG.get(_number(task_id), ())]


def covered() -> list[int]:
    """The problem numbers with at least one alternative."""
    return sorted(_ALTERNATIVES)


# ---- HumanEval/0-29 -------------------------------------------------------------------------------------------

_ALTERNATIVES[0] = (r'''
for i in range(len(numbers)):
    for j in range(i + 1, len(numbers)):
        if abs(numbers[i] - numbers[j]) < threshold:
            return True
return False
''', r'''
sorted_numbers = sorted(numbers)
for a, b in zip(sorted_numbers, sorted_numbers[1:]):
    if b - a < threshold:
        return True
return False
''')
_WRONG[0] = (r'''
for i in range(len(numbers) - 1):
    if abs(numbers[i] - numbers[i + 1]) < threshold:
        return True
return False
''',)

_ALTERNATIVES[1] = (r'''
groups = []
depth = 0
start = 0
s = paren_string.replace(' ', '')
for i, ch in enumerate(s):
    if ch == '(':
        if depth == 0:
            start = i
        depth += 1
    elif ch == ')':
        depth -= 1
        if depth == 0:
            groups.append(s[start:i + 1])
return groups
''', r'''
result = []
buf = ''
balance = 0
for ch in paren_string:
    if ch == ' ':
        continue
    buf += ch
    balance += 1 if ch == '(' else -1
    if balance == 0:
        result.append(buf)
        buf = ''
return result
''')
_WRONG[1] = (r'''
return [group for group in paren_string.split(' ') if group]
''',)

_ALTERNATIVES[2] = (r'''
return number - int(number)
''', r'''
import math
return number - math.floor(number)
''')
_WRONG[2] = (r'''
return int(number)
''',)

_ALTERNATIVES[3] = (r'''
total = 0
for amount in operations:
    total = total + amount
    if total < 0:
        return True
return False
''', r'''
from itertools import accumulate
return any(balance < 0 for balance in accumulate(operations))
''')
_WRONG[3] = (r'''
return sum(operations) < 0
''',)

_ALTERNATIVES[4] = (r'''
n = len(numbers)
avg = sum(numbers) / n
total = 0.0
for x in numbers:
    total += abs(x - avg)
return total / n
''', r'''
import statistics
center = statistics.mean(numbers)
return statistics.mean([abs(value - center) for value in numbers])
''')
_WRONG[4] = (r'''
mean = sum(numbers) / len(numbers)
return (sum((x - mean) ** 2 for x in numbers) / len(numbers)) ** 0.5
''',)

_ALTERNATIVES[5] = (r'''
result = []
for i, n in enumerate(numbers):
    if i > 0:
        result.append(delimeter)
    result.append(n)
return result
''', r'''
if len(numbers) == 0:
    return []
out = [numbers[0]]
for x in numbers[1:]:
    out.extend([delimeter, x])
return out
''')
_WRONG[5] = (r'''
result = []
for n in numbers:
    result.append(n)
    result.append(delimeter)
return result
''',)

_ALTERNATIVES[6] = (r'''
depths = []
for group in paren_string.split():
    level = 0
    deepest = 0
    for ch in group:
        if ch == '(':
            level += 1
            deepest = max(deepest, level)
        elif ch == ')':
            level -= 1
    depths.append(deepest)
return depths
''', r'''
from itertools import accumulate

def depth(group):
    return max(accumulate(1 if c == '(' else -1 for c in group))

return [depth(g) for g in paren_string.split() if g]
''')
_WRONG[6] = (r'''
return [group.count('(') for group in paren_string.split()]
''',)

_ALTERNATIVES[7] = (r'''
result = []
for s in strings:
    if substring in s:
        result.append(s)
return result
''', r'''
return list(filter(lambda s: s.find(substring) != -1, strings))
''')

_ALTERNATIVES[8] = (r'''
from functools import reduce
import operator
return sum(numbers), reduce(operator.mul, numbers, 1)
''', r'''
total, product = 0, 1
for x in numbers:
    total += x
    product = product * x
return (total, product)
''')

_ALTERNATIVES[9] = (r'''
result = []
current = float('-inf')
for n in numbers:
    current = max(current, n)
    result.append(current)
return result
''', r'''
from itertools import accumulate
return list(accumulate(numbers, max))
''')
_WRONG[9] = (r'''
return [max(numbers[max(0, i - 1):i + 1]) for i in range(len(numbers))]
''',)

_ALTERNATIVES[10] = (r'''
for i in range(len(string)):
    if is_palindrome(string[i:]):
        return string + string[:i][::-1]
return string
''', r'''
n = len(string)
for k in range(n, 0, -1):
    suffix = string[n - k:]
    if suffix == suffix[::-1]:
        return string + string[:n - k][::-1]
return ''
''')
_WRONG[10] = (r'''
return string + string[:-1][::-1]
''',)

_ALTERNATIVES[11] = (r'''
return ''.join('0' if x == y else '1' for x, y in zip(a, b))
''', r'''
result = ''
for i in range(len(a)):
    result += str(int(a[i]) ^ int(b[i]))
return result
''')
_WRONG[11] = (r'''
return bin(int(a, 2) ^ int(b, 2))[2:]
''',)

_ALTERNATIVES[12] = (r'''
if not strings:
    return None
best = strings[0]
for s in strings[1:]:
    if len(s) > len(best):
        best = s
return best
''', r'''
return max(strings, key=len) if strings else None
''')
_WRONG[12] = (r'''
if not strings:
    return None
best = strings[0]
for s in strings:
    if len(s) >= len(best):
        best = s
return best
''',)

_ALTERNATIVES[13] = (r'''
if b == 0:
    return a
return greatest_common_divisor(b, a % b)
''', r'''
for d in range(min(a, b), 0, -1):
    if a % d == 0 and b % d == 0:
        return d
return 1
''', r'''
import math
return math.gcd(a, b)
''')

_ALTERNATIVES[14] = (r'''
return [string[:i] for i in range(1, len(string) + 1)]
''', r'''
prefixes = []
prefix = ''
for ch in string:
    prefix += ch
    prefixes.append(prefix)
return prefixes
''')
_WRONG[14] = (r'''
return [string[:i] for i in range(len(string) + 1)]
''',)

_ALTERNATIVES[15] = (r'''
return ' '.join(map(str, range(n + 1)))
''', r'''
parts = []
for i in range(n + 1):
    parts.append(str(i))
return ' '.join(parts)
''')
_WRONG[15] = (r'''
return ' '.join(str(i) for i in range(n))
''',)

_ALTERNATIVES[16] = (r'''
seen = set()
for ch in string:
    seen.add(ch.lower())
return len(seen)
''', r'''
return len({c.casefold() for c in string})
''')
_WRONG[16] = (r'''
return len(set(string))
''',)

_ALTERNATIVES[17] = (r'''
beats = {'o': 4, 'o|': 2, '.|': 1}
result = []
for token in music_string.split():
    result.append(beats[token])
return result
''', r'''
result = []
for note in music_string.split():
    if note == 'o':
        result.append(4)
    elif note == 'o|':
        result.append(2)
    elif note == '.|':
        result.append(1)
return result
''')
_WRONG[17] = (r'''
result = []
for note in music_string.split():
    if note.startswith('o'):
        result.append(4)
    else:
        result.append(1)
return result
''',)

_ALTERNATIVES[18] = (r'''
count = 0
start = 0
while True:
    idx = string.find(substring, start)
    if idx == -1:
        return count
    count += 1
    start = idx + 1
''', r'''
return sum(1 for i in range(len(string)) if string.startswith(substring, i))
''')
_WRONG[18] = (r'''
return string.count(substring)
''',)

_ALTERNATIVES[19] = (r'''
words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']
parts = [w for w in numbers.split() if w]
parts.sort(key=words.index)
return ' '.join(parts)
''', r'''
names = 'zero one two three four five six seven eight nine'.split()
digits = sorted(names.index(w) for w in numbers.split())
return ' '.join(names[d] for d in digits)
''')
_WRONG[19] = (r'''
return ' '.join(sorted(numbers.split()))
''',)

_ALTERNATIVES[20] = (r'''
ordered = sorted(numbers)
best = (ordered[0], ordered[1])
for a, b in zip(ordered, ordered[1:]):
    if b - a < best[1] - best[0]:
        best = (a, b)
return best
''', r'''
best_pair = None
best_gap = float('inf')
for i in range(len(numbers)):
    for j in range(i + 1, len(numbers)):
        gap = abs(numbers[i] - numbers[j])
        if gap < best_gap:
            best_gap = gap
            best_pair = (min(numbers[i], numbers[j]), max(numbers[i], numbers[j]))
return best_pair
''')
_WRONG[20] = (r'''
best = None
for i in range(len(numbers)):
    for j in range(i + 1, len(numbers)):
        if best is None or abs(numbers[i] - numbers[j]) < abs(best[0] - best[1]):
            best = (numbers[i], numbers[j])
return best
''',)

_ALTERNATIVES[21] = (r'''
lo, hi = min(numbers), max(numbers)
span = hi - lo
return [(x - lo) / span for x in numbers]
''', r'''
smallest = min(numbers)
shifted = [x - smallest for x in numbers]
largest = max(shifted)
return [x / largest for x in shifted]
''')
_WRONG[21] = (r'''
largest = max(numbers)
return [x / largest for x in numbers]
''',)

_ALTERNATIVES[22] = (r'''
result = []
for v in values:
    if type(v) is int:
        result.append(v)
return result
''', r'''
return list(filter(lambda v: isinstance(v, int), values))
''')
_WRONG[22] = (r'''
return [v for v in values if isinstance(v, (int, float))]
''',)

_ALTERNATIVES[23] = (r'''
count = 0
for _ in string:
    count += 1
return count
''', r'''
return sum(1 for _ in string)
''')

_ALTERNATIVES[24] = (r'''
for d in range(n // 2, 0, -1):
    if n % d == 0:
        return d
return 1
''', r'''
i = 2
while i * i <= n:
    if n % i == 0:
        return n // i
    i += 1
return 1
''')
_WRONG[24] = (r'''
for i in range(2, n):
    if n % i == 0:
        return i
return 1
''',)

_ALTERNATIVES[25] = (r'''
factors = []
d = 2
while d * d <= n:
    while n % d == 0:
        factors.append(d)
        n //= d
    d += 1
if n > 1:
    factors.append(n)
return factors
''', r'''
result = []
divisor = 2
while n > 1:
    if n % divisor == 0:
        result.append(divisor)
        n = n // divisor
    else:
        divisor += 1
return result
''')
_WRONG[25] = (r'''
primes = []
d = 2
while n > 1:
    if n % d == 0:
        if d not in primes:
            primes.append(d)
        n //= d
    else:
        d += 1
return primes
''',)

_ALTERNATIVES[26] = (r'''
return [x for x in numbers if numbers.count(x) == 1]
''', r'''
counts = {}
for x in numbers:
    counts[x] = counts.get(x, 0) + 1
return [x for x in numbers if counts[x] == 1]
''')
_WRONG[26] = (r'''
seen = set()
result = []
for x in numbers:
    if x not in seen:
        seen.add(x)
        result.append(x)
return result
''',)

_ALTERNATIVES[27] = (r'''
return ''.join(c.lower() if c.isupper() else c.upper() for c in string)
''', r'''
out = []
for ch in string:
    if ch.islower():
        out.append(ch.upper())
    elif ch.isupper():
        out.append(ch.lower())
    else:
        out.append(ch)
return ''.join(out)
''')

_ALTERNATIVES[28] = (r'''
result = ''
for s in strings:
    result += s
return result
''', r'''
from functools import reduce
return reduce(lambda acc, s: acc + s, strings, '')
''')
_WRONG[28] = (r'''
return ' '.join(strings)
''',)

_ALTERNATIVES[29] = (r'''
return [s for s in strings if s[:len(prefix)] == prefix]
''', r'''
result = []
for s in strings:
    if s.startswith(prefix):
        result.append(s)
return result
''')

# ---- HumanEval/130-163 ----------------------------------------------------------------------------------------

_ALTERNATIVES[130] = (r'''
values = [1, 3]
for i in range(2, n + 1):
    if i % 2 == 0:
        values.append(1 + i / 2)
    else:
        values.append(values[-1] + values[-2] + 1 + (i + 1) / 2)
return values[:n + 1]
''', r'''
from functools import lru_cache

@lru_cache(maxsize=None)
def t(k):
    if k == 0:
        return 1
    if k == 1:
        return 3
    if k % 2 == 0:
        return 1 + k / 2
    return t(k - 1) + t(k - 2) + t(k + 1)

return [t(i) for i in range(n + 1)]
''')
_WRONG[130] = (r'''
values = [1, 3]
for i in range(2, n + 1):
    if i % 2 == 0:
        values.append(1 + i / 2)
    else:
        values.append(values[-1] + values[-2] + 1 + i / 2)
return values[:n + 1]
''',)

_ALTERNATIVES[131] = (r'''
odd_digits = [int(d) for d in str(n) if int(d) % 2 == 1]
if not odd_digits:
    return 0
result = 1
for d in odd_digits:
    result *= d
return result
''', r'''
import math
odds = [int(c) for c in str(n) if c in '13579']
return math.prod(odds) if odds else 0
''')
_WRONG[131] = (r'''
product = 1
for d in str(n):
    if int(d) % 2:
        product *= int(d)
return product
''',)

_ALTERNATIVES[132] = (r'''
first = string.find('[')
if first == -1:
    return False
second = string.find('[', first + 1)
if second == -1:
    return False
return string[second + 1:].count(']') >= 2
''', r'''
import re
return re.search(r'\[.*\[.*\].*\]', string) is not None
''')
_WRONG[132] = (r'''
return '[[' in string and ']]' in string
''',)

_ALTERNATIVES[133] = (r'''
import math
return sum(math.ceil(x) ** 2 for x in lst)
''', r'''
total = 0
for x in lst:
    r = int(x)
    if r < x:
        r += 1
    total += r * r
return total
''')
_WRONG[133] = (r'''
return sum(round(x) ** 2 for x in lst)
''',)

_ALTERNATIVES[134] = (r'''
if not txt or not txt[-1].isalpha():
    return False
return len(txt) == 1 or txt[-2] == ' '
''', r'''
import re
return re.search(r'(^|\s)[A-Za-z]$', txt) is not None
''')
_WRONG[134] = (r'''
return len(txt) > 0 and txt[-1].isalpha()
''',)

_ALTERNATIVES[135] = (r'''
for i in range(len(arr) - 1, 0, -1):
    if arr[i] < arr[i - 1]:
        return i
return -1
''', r'''
return max((i for i in range(1, len(arr)) if arr[i] < arr[i - 1]), default=-1)
''')
_WRONG[135] = (r'''
for i in range(1, len(arr)):
    if arr[i] < arr[i - 1]:
        return i
return -1
''',)

_ALTERNATIVES[136] = (r'''
largest_negative = None
smallest_positive = None
for x in lst:
    if x < 0 and (largest_negative is None or x > largest_negative):
        largest_negative = x
    elif x > 0 and (smallest_positive is None or x < smallest_positive):
        smallest_positive = x
return (largest_negative, smallest_positive)
''', r'''
a = max((x for x in lst if x < 0), default=None)
b = min((x for x in lst if x > 0), default=None)
return a, b
''')
_WRONG[136] = (r'''
negatives = [x for x in lst if x < 0]
positives = [x for x in lst if x > 0]
return (min(negatives) if negatives else None, min(positives) if positives else None)
''',)

_ALTERNATIVES[137] = (r'''
def to_float(v):
    return float(v.replace(',', '.')) if isinstance(v, str) else float(v)

fa, fb = to_float(a), to_float(b)
if fa == fb:
    return None
return a if fa > fb else b
''', r'''
values = []
for v in (a, b):
    if isinstance(v, str):
        v = v.replace(',', '.')
    values.append(float(v))
if values[0] > values[1]:
    return a
if values[1] > values[0]:
    return b
return None
''')
_WRONG[137] = (r'''
fa = float(str(a).replace(',', '.'))
fb = float(str(b).replace(',', '.'))
if fa == fb:
    return None
return max(fa, fb)
''',)

_ALTERNATIVES[138] = (r'''
for a in range(2, n, 2):
    for b in range(2, n, 2):
        for c in range(2, n, 2):
            d = n - a - b - c
            if d > 0 and d % 2 == 0:
                return True
return False
''', r'''
if n % 2 != 0:
    return False
return n // 2 >= 4
''')
_WRONG[138] = (r'''
return n % 2 == 0 and n >= 4
''',)

_ALTERNATIVES[139] = (r'''
import math
result = 1
for k in range(1, n + 1):
    result *= math.factorial(k)
return result
''', r'''
from functools import reduce
from math import factorial
return reduce(lambda acc, k: acc * factorial(k), range(1, n + 1), 1)
''')
_WRONG[139] = (r'''
import math
return math.factorial(n)
''',)

_ALTERNATIVES[140] = (r'''
import re
text = re.sub(r' {3,}', '-', text)
return text.replace(' ', '_')
''', r'''
result = []
run = 0
for ch in text + '\0':
    if ch == ' ':
        run += 1
        continue
    if run > 2:
        result.append('-')
    else:
        result.append('_' * run)
    run = 0
    result.append(ch)
return ''.join(result)[:-1]
''')
_WRONG[140] = (r'''
import re
return re.sub(r' {2,}', '-', text).replace(' ', '_')
''',)

_ALTERNATIVES[141] = (r'''
import re
if file_name.count('.') != 1:
    return 'No'
name, ext = file_name.split('.')
if ext not in ('txt', 'exe', 'dll'):
    return 'No'
if not re.match(r'[A-Za-z]', name):
    return 'No'
if sum(ch.isdigit() for ch in name) > 3:
    return 'No'
return 'Yes'
''', r'''
import re
pattern = r'[A-Za-z][^.]*\.(txt|exe|dll)'
if not re.fullmatch(pattern, file_name):
    return 'No'
return 'Yes' if len(re.findall(r'\d', file_name)) <= 3 else 'No'
''')
_WRONG[141] = (r'''
if not file_name[:1].isalpha():
    return 'No'
if sum(c.isdigit() for c in file_name) > 3:
    return 'No'
return 'Yes' if file_name.endswith(('.txt', '.exe', '.dll')) else 'No'
''',)

_ALTERNATIVES[142] = (r'''
total = 0
for i, x in enumerate(lst):
    if i % 3 == 0:
        total += x ** 2
    elif i % 4 == 0:
        total += x ** 3
    else:
        total += x
return total
''', r'''
return sum(x ** 2 if i % 3 == 0 else x ** 3 if i % 4 == 0 else x for i, x in enumerate(lst))
''')
_WRONG[142] = (r'''
return sum(x ** 3 if i % 4 == 0 else x ** 2 if i % 3 == 0 else x for i, x in enumerate(lst))
''',)

_ALTERNATIVES[143] = (r'''
def is_prime(k):
    return k > 1 and all(k % d for d in range(2, int(k ** 0.5) + 1))

return ' '.join(w for w in sentence.split() if is_prime(len(w)))
''', r'''
primes = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97}
kept = []
for word in sentence.split(' '):
    if len(word) in primes:
        kept.append(word)
return ' '.join(kept)
''')
_WRONG[143] = (r'''
return ' '.join(w for w in sentence.split() if len(w) % 2 == 1)
''',)

_ALTERNATIVES[144] = (r'''
from fractions import Fraction
product = Fraction(x) * Fraction(n)
return product.denominator == 1
''', r'''
xn, xd = map(int, x.split('/'))
nn, nd = map(int, n.split('/'))
return (xn * nn) % (xd * nd) == 0
''')
_WRONG[144] = (r'''
xn, xd = map(int, x.split('/'))
nn, nd = map(int, n.split('/'))
return xn % nd == 0 and nn % xd == 0
''',)

_ALTERNATIVES[145] = (r'''
def key(value):
    s = str(abs(value))
    total = sum(int(ch) for ch in s)
    if value < 0:
        total -= 2 * int(s[0])
    return total

return sorted(nums, key=key)
''', r'''
def signed_digits(v):
    digits = [int(c) for c in str(abs(v))]
    if v < 0:
        digits[0] *= -1
    return sum(digits)

indexed = sorted(range(len(nums)), key=lambda i: (signed_digits(nums[i]), i))
return [nums[i] for i in indexed]
''')
_WRONG[145] = (r'''
return sorted(nums, key=lambda v: sum(int(c) for c in str(abs(v))))
''',)

_ALTERNATIVES[146] = (r'''
count = 0
for num in nums:
    s = str(num)
    if num > 10 and s[0] in '13579' and s[-1] in '13579':
        count += 1
return count
''', r'''
def odd_ends(v):
    last = v % 10
    first = v
    while first >= 10:
        first //= 10
    return first % 2 == 1 and last % 2 == 1

return len([v for v in nums if v > 10 and odd_ends(v)])
''')
_WRONG[146] = (r'''
return sum(1 for v in nums if str(abs(v))[0] in '13579' and str(abs(v))[-1] in '13579')
''',)

_ALTERNATIVES[147] = (r'''
from itertools import combinations
values = [i * i - i + 1 for i in range(1, n + 1)]
return sum(1 for t in combinations(values, 3) if sum(t) % 3 == 0)
''', r'''
from math import comb
zeros = sum(1 for i in range(1, n + 1) if (i * i - i + 1) % 3 == 0)
ones = n - zeros
return comb(zeros, 3) + comb(ones, 3)
''')
_WRONG[147] = (r'''
from itertools import combinations
values = [i * i - i + 1 for i in range(n)]
return sum(1 for t in combinations(values, 3) if sum(t) % 3 == 0)
''',)

_ALTERNATIVES[148] = (r'''
planets = ["Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"]
if planet1 not in planets or planet2 not in planets:
    return ()
i, j = sorted((planets.index(planet1), planets.index(planet2)))
return tuple(planets[i + 1:j])
''', r'''
order = {name: k for k, name in enumerate(
    ("Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"))}
if planet1 not in order or planet2 not in order:
    return tuple()
lo, hi = min(order[planet1], order[planet2]), max(order[planet1], order[planet2])
return tuple(name for name, k in order.items() if lo < k < hi)
''')
_WRONG[148] = (r'''
planets = ("Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune")
if planet1 not in planets or planet2 not in planets:
    return ()
return planets[planets.index(planet1) + 1:planets.index(planet2)]
''',)

_ALTERNATIVES[149] = (r'''
return sorted((w for w in lst if len(w) % 2 == 0), key=lambda w: (len(w), w))
''', r'''
even = [w for w in lst if len(w) % 2 == 0]
even.sort()
even.sort(key=len)
return even
''')
_WRONG[149] = (r'''
return sorted([w for w in lst if len(w) % 2 == 0], key=len)
''',)

_ALTERNATIVES[150] = (r'''
if n < 2:
    return y
for d in range(2, int(n ** 0.5) + 1):
    if n % d == 0:
        return y
return x
''', r'''
is_prime = n > 1 and all(n % k for k in range(2, n))
return x if is_prime else y
''')
_WRONG[150] = (r'''
for d in range(2, n):
    if n % d == 0:
        return y
return x
''',)

_ALTERNATIVES[151] = (r'''
return sum(x * x for x in lst if isinstance(x, int) and x > 0 and x % 2 == 1)
''', r'''
total = 0
for value in lst:
    if type(value) is int and value > 0 and value % 2 != 0:
        total += value ** 2
return total
''')
_WRONG[151] = (r'''
return sum(x * x for x in lst if isinstance(x, int) and x % 2 == 1)
''',)

_ALTERNATIVES[152] = (r'''
result = []
for score, guess_value in zip(game, guess):
    result.append(0 if score == guess_value else abs(score - guess_value))
return result
''', r'''
return list(map(lambda pair: abs(pair[0] - pair[1]), zip(game, guess)))
''')
_WRONG[152] = (r'''
return [y - x for x, y in zip(game, guess)]
''',)

_ALTERNATIVES[153] = (r'''
def strength(ext):
    return sum(1 for ch in ext if ch.isupper()) - sum(1 for ch in ext if ch.islower())

best = max(extensions, key=strength)
return f"{class_name}.{best}"
''', r'''
best_name, best_score = None, None
for ext in extensions:
    cap = len([c for c in ext if c.isupper()])
    sm = len([c for c in ext if c.islower()])
    if best_score is None or cap - sm > best_score:
        best_name, best_score = ext, cap - sm
return class_name + '.' + best_name
''')
_WRONG[153] = (r'''
best = extensions[0]
best_score = None
for ext in extensions:
    score = sum(c.isupper() for c in ext) - sum(c.islower() for c in ext)
    if best_score is None or score >= best_score:
        best, best_score = ext, score
return class_name + '.' + best
''',)

_ALTERNATIVES[154] = (r'''
return any(b[i:] + b[:i] in a for i in range(len(b)))
''', r'''
rotation = b
for _ in range(len(b)):
    if rotation in a:
        return True
    rotation = rotation[1:] + rotation[0]
return False
''')
_WRONG[154] = (r'''
return b in a + a
''',)

_ALTERNATIVES[155] = (r'''
digits = str(abs(num))
evens = sum(1 for d in digits if d in '02468')
return (evens, len(digits) - evens)
''', r'''
num = abs(num)
even = odd = 0
while True:
    if num % 10 % 2 == 0:
        even += 1
    else:
        odd += 1
    num //= 10
    if num == 0:
        break
return (even, odd)
''')
_WRONG[155] = (r'''
even = odd = 0
for d in str(num):
    if int(d) % 2 == 0:
        even += 1
    else:
        odd += 1
return (even, odd)
''',)

_ALTERNATIVES[156] = (r'''
table = [(1000, 'm'), (900, 'cm'), (500, 'd'), (400, 'cd'), (100, 'c'), (90, 'xc'),
         (50, 'l'), (40, 'xl'), (10, 'x'), (9, 'ix'), (5, 'v'), (4, 'iv'), (1, 'i')]
result = ''
for value, symbol in table:
    while number >= value:
        result += symbol
        number -= value
return result
''', r'''
ones = ['', 'i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix']
tens = ['', 'x', 'xx', 'xxx', 'xl', 'l', 'lx', 'lxx', 'lxxx', 'xc']
hundreds = ['', 'c', 'cc', 'ccc', 'cd', 'd', 'dc', 'dcc', 'dccc', 'cm']
thousands = ['', 'm']
return (thousands[number // 1000] + hundreds[number // 100 % 10]
        + tens[number // 10 % 10] + ones[number % 10])
''')
_WRONG[156] = (r'''
table = [(1000, 'm'), (500, 'd'), (100, 'c'), (50, 'l'), (10, 'x'), (5, 'v'), (1, 'i')]
result = ''
for value, symbol in table:
    while number >= value:
        result += symbol
        number -= value
return result
''',)

_ALTERNATIVES[157] = (r'''
x, y, z = sorted([a, b, c])
return x * x + y * y == z * z
''', r'''
sides = sorted((a, b, c))
return abs(sides[0] ** 2 + sides[1] ** 2 - sides[2] ** 2) < 1e-9
''')
_WRONG[157] = (r'''
return a * a + b * b == c * c
''',)

_ALTERNATIVES[158] = (r'''
best = None
for w in words:
    if best is None or len(set(w)) > len(set(best)) or (len(set(w)) == len(set(best)) and w < best):
        best = w
return best
''', r'''
return min(words, key=lambda w: (-len(set(w)), w))
''')
_WRONG[158] = (r'''
return max(words, key=lambda w: len(set(w)))
''',)

_ALTERNATIVES[159] = (r'''
eaten = min(need, remaining)
return [number + eaten, remaining - eaten]
''', r'''
left = max(remaining - need, 0)
return [number + remaining - left, left]
''')
_WRONG[159] = (r'''
return [number + need, max(remaining - need, 0)]
''',)

_ALTERNATIVES[160] = (r'''
parts = [str(operand[0])]
for op, value in zip(operator, operand[1:]):
    parts.append(op)
    parts.append(str(value))
return eval(' '.join(parts))
''', r'''
tokens = [operand[0]]
for o, v in zip(operator, operand[1:]):
    tokens += [o, v]
i = len(tokens) - 2
while i > 0:
    if tokens[i] == '**':
        tokens[i - 1:i + 2] = [tokens[i - 1] ** tokens[i + 1]]
    i -= 2
terms = [tokens[0]]
for k in range(1, len(tokens), 2):
    o, v = tokens[k], tokens[k + 1]
    if o == '*':
        terms[-1] *= v
    elif o == '//':
        terms[-1] //= v
    else:
        terms += [o, v]
total = terms[0]
for k in range(1, len(terms), 2):
    if terms[k] == '+':
        total += terms[k + 1]
    else:
        total -= terms[k + 1]
return total
''')
_WRONG[160] = (r'''
result = operand[0]
for o, v in zip(operator, operand[1:]):
    if o == '+':
        result += v
    elif o == '-':
        result -= v
    elif o == '*':
        result *= v
    elif o == '//':
        result //= v
    elif o == '**':
        result **= v
return result
''',)

_ALTERNATIVES[161] = (r'''
if not any(ch.isalpha() for ch in s):
    return s[::-1]
return s.swapcase()
''', r'''
result = []
has_letter = False
for ch in s:
    if ch.isalpha():
        has_letter = True
        result.append(ch.lower() if ch.isupper() else ch.upper())
    else:
        result.append(ch)
return ''.join(result) if has_letter else ''.join(reversed(result))
''')
_WRONG[161] = (r'''
return s.swapcase()
''',)

_ALTERNATIVES[162] = (r'''
if text == '':
    return None
import hashlib
digest = hashlib.md5()
digest.update(text.encode())
return digest.hexdigest()
''', r'''
from hashlib import md5
return md5(text.encode('utf-8')).hexdigest() if text else None
''')
_WRONG[162] = (r'''
import hashlib
return hashlib.md5(text.encode()).hexdigest()
''',)

_ALTERNATIVES[163] = (r'''
lo, hi = sorted((a, b))
return [d for d in (2, 4, 6, 8) if lo <= d <= hi]
''', r'''
start, stop = min(a, b), max(a, b)
result = []
for k in range(max(start, 2), min(stop, 8) + 1):
    if k % 2 == 0:
        result.append(k)
return result
''')
_WRONG[163] = (r'''
lo, hi = min(a, b), max(a, b)
return [k for k in range(lo, hi + 1) if k % 2 == 0]
''',)
# ---- HumanEval/30-61 ------------------------------------------------------------------------------------------

_ALTERNATIVES[30] = (r'''
result = []
for x in l:
    if x > 0:
        result.append(x)
return result
''', r'''
return list(filter(lambda x: x > 0, l))
''')
_WRONG[30] = (r'''
return [x for x in l if x >= 0]
''',)

_ALTERNATIVES[31] = (r'''
if n <= 1:
    return False
i = 2
while i * i <= n:
    if n % i == 0:
        return False
    i += 1
return True
''', r'''
if n < 2:
    return False
return all(n % d != 0 for d in range(2, int(n ** 0.5) + 1))
''')
_WRONG[31] = (r'''
if n < 2:
    return False
for d in range(2, int(n ** 0.5)):
    if n % d == 0:
        return False
return True
''',)

_ALTERNATIVES[32] = (r'''
x = 0.0
for _ in range(1000):
    value = poly(xs, x)
    slope = sum(i * c * x ** (i - 1) for i, c in enumerate(xs) if i > 0)
    if slope == 0:
        x += 1.0
        continue
    step = value / slope
    x -= step
    if abs(step) < 1e-12:
        break
return x
''', r'''
lo, hi = -1.0, 1.0
while poly(xs, lo) * poly(xs, hi) > 0:
    lo, hi = lo * 2, hi * 2
for _ in range(200):
    mid = (lo + hi) / 2
    if poly(xs, lo) * poly(xs, mid) <= 0:
        hi = mid
    else:
        lo = mid
return (lo + hi) / 2
''')
_WRONG[32] = (r'''
return -xs[0] / xs[1]
''',)

_ALTERNATIVES[33] = (r'''
thirds = sorted(l[i] for i in range(0, len(l), 3))
result = list(l)
for k, i in enumerate(range(0, len(l), 3)):
    result[i] = thirds[k]
return result
''', r'''
values = iter(sorted(l[::3]))
return [next(values) if i % 3 == 0 else x for i, x in enumerate(l)]
''')
_WRONG[33] = (r'''
result = list(l)
result[2::3] = sorted(l[2::3])
return result
''',)

_ALTERNATIVES[34] = (r'''
result = []
for x in sorted(l):
    if not result or result[-1] != x:
        result.append(x)
return result
''', r'''
return sorted(dict.fromkeys(l))
''')
_WRONG[34] = (r'''
return list(dict.fromkeys(l))
''',)

_ALTERNATIVES[35] = (r'''
return max(l)
''', r'''
best = None
for x in l:
    if best is None or x > best:
        best = x
return best
''', r'''
from functools import reduce
return reduce(lambda a, b: a if a > b else b, l)
''')

_ALTERNATIVES[36] = (r'''
count = 0
for i in range(n):
    if i % 11 == 0 or i % 13 == 0:
        count += str(i).count('7')
return count
''', r'''
return sum(str(i).count('7') for i in range(n) if i % 11 == 0 or i % 13 == 0)
''')
_WRONG[36] = (r'''
return sum(1 for i in range(n) if (i % 11 == 0 or i % 13 == 0) and '7' in str(i))
''',)

_ALTERNATIVES[37] = (r'''
result = list(l)
result[::2] = sorted(l[::2])
return result
''', r'''
evens = sorted(l[i] for i in range(0, len(l), 2))
out = []
for i, x in enumerate(l):
    if i % 2 == 0:
        out.append(evens[i // 2])
    else:
        out.append(x)
return out
''')
_WRONG[37] = (r'''
result = list(l)
result[1::2] = sorted(l[1::2])
return result
''',)

_ALTERNATIVES[38] = (r'''
groups = [s[i:i + 3] for i in range(0, len(s), 3)]
decoded = [g[-1] + g[:-1] if len(g) == 3 else g for g in groups]
return ''.join(decoded)
''', r'''
result = ''
for i in range(0, len(s), 3):
    chunk = s[i:i + 3]
    if len(chunk) == 3:
        chunk = chunk[2] + chunk[0] + chunk[1]
    result += chunk
return result
''')
_WRONG[38] = (r'''
return encode_cyclic(s)
''',)

_ALTERNATIVES[39] = (r'''
def is_prime(k):
    if k < 2:
        return False
    d = 2
    while d * d <= k:
        if k % d == 0:
            return False
        d += 1
    return True

a, b = 1, 2
count = 0
while True:
    if is_prime(b):
        count += 1
        if count == n:
            return b
    a, b = b, a + b
''', r'''
import math
primes_found = []
fibs = [0, 1]
while len(primes_found) < n:
    nxt = fibs[-1] + fibs[-2]
    fibs.append(nxt)
    if nxt > 1 and all(nxt % d for d in range(2, math.isqrt(nxt) + 1)):
        primes_found.append(nxt)
return primes_found[-1]
''')
_WRONG[39] = (r'''
def is_prime(k):
    return all(k % d for d in range(2, k))

a, b = 0, 1
found = 0
while True:
    a, b = b, a + b
    if is_prime(a):
        found += 1
        if found == n:
            return a
''',)

_ALTERNATIVES[40] = (r'''
from itertools import combinations
return any(a + b + c == 0 for a, b, c in combinations(l, 3))
''', r'''
nums = sorted(l)
for i in range(len(nums) - 2):
    lo, hi = i + 1, len(nums) - 1
    while lo < hi:
        total = nums[i] + nums[lo] + nums[hi]
        if total == 0:
            return True
        if total < 0:
            lo += 1
        else:
            hi -= 1
return False
''')
_WRONG[40] = (r'''
from itertools import combinations
return any(sum(t) == 0 for t in combinations(set(l), 3))
''',)

_ALTERNATIVES[41] = (r'''
return n * n
''', r'''
collisions = 0
for _ in range(n):
    collisions += n
return collisions
''')
_WRONG[41] = (r'''
return n * (n - 1) // 2
''',)

_ALTERNATIVES[42] = (r'''
return list(map(lambda x: x + 1, l))
''', r'''
result = []
for x in l:
    result.append(x + 1)
return result
''')

_ALTERNATIVES[43] = (r'''
seen = set()
for x in l:
    if -x in seen:
        return True
    seen.add(x)
return False
''', r'''
from itertools import combinations
return any(a + b == 0 for a, b in combinations(l, 2))
''')
_WRONG[43] = (r'''
return any(-x in l for x in l)
''',)

_ALTERNATIVES[44] = (r'''
if x == 0:
    return '0'
digits = []
while x:
    x, r = divmod(x, base)
    digits.append(str(r))
return ''.join(reversed(digits))
''', r'''
if x < base:
    return str(x)
return change_base(x // base, base) + str(x % base)
''')
_WRONG[44] = (r'''
result = ''
while x > 0:
    result += str(x % base)
    x //= base
return result
''',)

_ALTERNATIVES[45] = (r'''
return 0.5 * a * h
''', r'''
area = a * h / 2
return area
''')
_WRONG[45] = (r'''
return a * h
''',)

_ALTERNATIVES[46] = (r'''
a, b, c, d = 0, 0, 2, 0
for _ in range(n):
    a, b, c, d = b, c, d, a + b + c + d
return a
''', r'''
values = [0, 0, 2, 0]
while len(values) <= n:
    values.append(sum(values[-4:]))
return values[n]
''')

_ALTERNATIVES[47] = (r'''
s = sorted(l)
n = len(s)
mid = n // 2
if n % 2:
    return s[mid]
return (s[mid - 1] + s[mid]) / 2
''', r'''
import statistics
return statistics.median(l)
''')
_WRONG[47] = (r'''
s = sorted(l)
return s[len(s) // 2]
''',)

_ALTERNATIVES[48] = (r'''
return text == text[::-1]
''', r'''
i, j = 0, len(text) - 1
while i < j:
    if text[i] != text[j]:
        return False
    i += 1
    j -= 1
return True
''')

_ALTERNATIVES[49] = (r'''
return pow(2, n, p)
''', r'''
result = 1
base = 2 % p
while n > 0:
    if n & 1:
        result = result * base % p
    base = base * base % p
    n >>= 1
return result
''')
_WRONG[49] = (r'''
return (2 ^ n) % p
''',)

_ALTERNATIVES[50] = (r'''
result = []
for ch in s:
    shifted = (ord(ch) - ord('a') - 5) % 26
    result.append(chr(shifted + ord('a')))
return ''.join(result)
''', r'''
import string
letters = string.ascii_lowercase
table = str.maketrans(letters, letters[-5:] + letters[:-5])
return s.translate(table)
''')
_WRONG[50] = (r'''
return encode_shift(s)
''',)

_ALTERNATIVES[51] = (r'''
vowels = set('aeiouAEIOU')
return ''.join(ch for ch in text if ch not in vowels)
''', r'''
import re
return re.sub(r'[aeiou]', '', text, flags=re.IGNORECASE)
''')
_WRONG[51] = (r'''
return ''.join(c for c in text if c not in 'aeiou')
''',)

_ALTERNATIVES[52] = (r'''
return all(x < t for x in l)
''', r'''
return max(l) < t
''')
_WRONG[52] = (r'''
return all(x <= t for x in l)
''',)

_ALTERNATIVES[53] = (r'''
return sum([x, y])
''', r'''
result = x
result += y
return result
''')

_ALTERNATIVES[54] = (r'''
return sorted(set(s0)) == sorted(set(s1))
''', r'''
for ch in s0:
    if ch not in s1:
        return False
for ch in s1:
    if ch not in s0:
        return False
return True
''')
_WRONG[54] = (r'''
return all(c in s1 for c in s0)
''',)

_ALTERNATIVES[55] = (r'''
a, b = 0, 1
for _ in range(n):
    a, b = b, a + b
return a
''', r'''
if n < 2:
    return n
prev, cur = 0, 1
for _ in range(n - 1):
    prev, cur = cur, prev + cur
return cur
''')
_WRONG[55] = (r'''
a, b = 1, 1
for _ in range(n):
    a, b = b, a + b
return a
''',)

_ALTERNATIVES[56] = (r'''
balance = 0
for ch in brackets:
    balance += 1 if ch == '<' else -1
    if balance < 0:
        return False
return balance == 0
''', r'''
stack = []
for ch in brackets:
    if ch == '<':
        stack.append(ch)
    elif not stack:
        return False
    else:
        stack.pop()
return not stack
''')
_WRONG[56] = (r'''
return brackets.count('<') == brackets.count('>')
''',)

_ALTERNATIVES[57] = (r'''
increasing = all(a <= b for a, b in zip(l, l[1:]))
decreasing = all(a >= b for a, b in zip(l, l[1:]))
return increasing or decreasing
''', r'''
diffs = [b - a for a, b in zip(l, l[1:])]
return all(d >= 0 for d in diffs) or all(d <= 0 for d in diffs)
''')
_WRONG[57] = (r'''
return all(a < b for a, b in zip(l, l[1:])) or all(a > b for a, b in zip(l, l[1:]))
''',)

_ALTERNATIVES[58] = (r'''
return sorted(set(l1) & set(l2))
''', r'''
result = []
for x in l1:
    if x in l2 and x not in result:
        result.append(x)
result.sort()
return result
''')

_ALTERNATIVES[59] = (r'''
factor = 2
largest = 1
while factor * factor <= n:
    while n % factor == 0:
        largest = factor
        n //= factor
    factor += 1
if n > 1:
    largest = n
return largest
''', r'''
d = 2
while n > 1:
    if n % d == 0:
        n //= d
    else:
        d += 1
return d
''')
_WRONG[59] = (r'''
for d in range(n - 1, 1, -1):
    if n % d == 0:
        return d
''',)

_ALTERNATIVES[60] = (r'''
return n * (n + 1) // 2
''', r'''
total = 0
for i in range(1, n + 1):
    total += i
return total
''')
_WRONG[60] = (r'''
return sum(range(n))
''',)

_ALTERNATIVES[61] = (r'''
depth = 0
for ch in brackets:
    if ch == '(':
        depth += 1
    elif ch == ')':
        depth -= 1
        if depth < 0:
            return False
return depth == 0
''', r'''
while '()' in brackets:
    brackets = brackets.replace('()', '')
return brackets == ''
''')
_WRONG[61] = (r'''
return brackets.count('(') == brackets.count(')')
''',)

# ---- HumanEval/62-94 ------------------------------------------------------------------------------------------

_ALTERNATIVES[62] = (r'''
return [i * c for i, c in enumerate(xs) if i > 0]
''', r'''
result = []
for power in range(1, len(xs)):
    result.append(power * xs[power])
return result
''')
_WRONG[62] = (r'''
return [i * c for i, c in enumerate(xs[1:])]
''',)

_ALTERNATIVES[63] = (r'''
a, b, c = 0, 0, 1
for _ in range(n):
    a, b, c = b, c, a + b + c
return a
''', r'''
from functools import lru_cache

@lru_cache(maxsize=None)
def rec(k):
    if k < 2:
        return 0
    if k == 2:
        return 1
    return rec(k - 1) + rec(k - 2) + rec(k - 3)

return rec(n)
''')
_WRONG[63] = (r'''
a, b, c = 0, 1, 1
for _ in range(n):
    a, b, c = b, c, a + b + c
return a
''',)

_ALTERNATIVES[64] = (r'''
count = 0
for ch in s.lower():
    if ch in 'aeiou':
        count += 1
if s and s[-1] in 'yY':
    count += 1
return count
''', r'''
s = s.lower()
total = sum(1 for ch in s if ch in 'aeiou')
return total + (1 if s.endswith('y') else 0)
''')
_WRONG[64] = (r'''
return sum(1 for ch in s.lower() if ch in 'aeiouy')
''',)

_ALTERNATIVES[65] = (r'''
digits = str(x)
n = len(digits)
if shift > n:
    return digits[::-1]
shift %= n
return digits[n - shift:] + digits[:n - shift]
''', r'''
s = str(x)
if shift > len(s):
    return ''.join(reversed(s))
for _ in range(shift):
    s = s[-1] + s[:-1]
return s
''')
_WRONG[65] = (r'''
s = str(x)
if shift > len(s):
    return s[::-1]
return s[shift:] + s[:shift]
''',)

_ALTERNATIVES[66] = (r'''
return sum(ord(c) for c in s if c.isupper())
''', r'''
total = 0
for ch in s:
    if 'A' <= ch <= 'Z':
        total += ord(ch)
return total
''')

_ALTERNATIVES[67] = (r'''
import re
apples, oranges = map(int, re.findall(r'\d+', s))
return n - apples - oranges
''', r'''
words = s.split()
return n - int(words[0]) - int(words[3])
''')
_WRONG[67] = (r'''
return n - sum(int(c) for c in s if c.isdigit())
''',)

_ALTERNATIVES[68] = (r'''
best_value, best_index = None, -1
for i, v in enumerate(arr):
    if v % 2 == 0 and (best_value is None or v < best_value):
        best_value, best_index = v, i
return [] if best_value is None else [best_value, best_index]
''', r'''
evens = [(v, i) for i, v in enumerate(arr) if v % 2 == 0]
if not evens:
    return []
v, i = min(evens)
return [v, i]
''')
_WRONG[68] = (r'''
best = []
for i, v in enumerate(arr):
    if v % 2 == 0 and (not best or v <= best[0]):
        best = [v, i]
return best
''',)

_ALTERNATIVES[69] = (r'''
from collections import Counter
counts = Counter(lst)
best = -1
for value, freq in counts.items():
    if value > 0 and freq >= value and value > best:
        best = value
return best
''', r'''
candidates = [v for v in set(lst) if lst.count(v) >= v]
return max(candidates) if candidates else -1
''')
_WRONG[69] = (r'''
from collections import Counter
counts = Counter(lst)
valid = [v for v, c in counts.items() if c > v]
return max(valid) if valid else -1
''',)

_ALTERNATIVES[70] = (r'''
ordered = sorted(lst)
result = []
lo, hi = 0, len(ordered) - 1
take_low = True
while lo <= hi:
    if take_low:
        result.append(ordered[lo])
        lo += 1
    else:
        result.append(ordered[hi])
        hi -= 1
    take_low = not take_low
return result
''', r'''
remaining = sorted(lst)
out = []
while remaining:
    out.append(remaining.pop(0))
    if remaining:
        out.append(remaining.pop())
return out
''')
_WRONG[70] = (r'''
remaining = sorted(lst)
out = []
while remaining:
    out.append(remaining.pop())
    if remaining:
        out.append(remaining.pop(0))
return out
''',)

_ALTERNATIVES[71] = (r'''
import math
sides = sorted([a, b, c])
if sides[0] + sides[1] <= sides[2]:
    return -1
p = (a + b + c) / 2
return round(math.sqrt(p * (p - a) * (p - b) * (p - c)), 2)
''', r'''
if a + b > c and a + c > b and b + c > a:
    s = (a + b + c) / 2
    return round((s * (s - a) * (s - b) * (s - c)) ** 0.5, 2)
return -1
''')
_WRONG[71] = (r'''
if a + b <= c or a + c <= b or b + c <= a:
    return -1
s = (a + b + c) / 2
return (s * (s - a) * (s - b) * (s - c)) ** 0.5
''',)

_ALTERNATIVES[72] = (r'''
return q == q[::-1] and sum(q) <= w
''', r'''
if sum(q) > w:
    return False
return list(reversed(q)) == list(q)
''')
_WRONG[72] = (r'''
return q == q[::-1] and sum(q) < w
''',)

_ALTERNATIVES[73] = (r'''
return sum(1 for a, b in zip(arr, arr[::-1]) if a != b) // 2
''', r'''
changes = 0
left, right = 0, len(arr) - 1
while left < right:
    if arr[left] != arr[right]:
        changes += 1
    left += 1
    right -= 1
return changes
''')
_WRONG[73] = (r'''
return sum(1 for a, b in zip(arr, arr[::-1]) if a != b)
''',)

_ALTERNATIVES[74] = (r'''
total1 = sum(len(s) for s in lst1)
total2 = sum(len(s) for s in lst2)
return lst1 if total1 <= total2 else lst2
''', r'''
return lst2 if len(''.join(lst2)) < len(''.join(lst1)) else lst1
''')
_WRONG[74] = (r'''
return lst1 if len(lst1) <= len(lst2) else lst2
''',)

_ALTERNATIVES[75] = (r'''
count = 0
d = 2
while a > 1 and d <= a:
    while a % d == 0:
        a //= d
        count += 1
    d += 1
return count == 3
''', r'''
primes = [p for p in range(2, 100) if all(p % d for d in range(2, p))]
for i in primes:
    for j in primes:
        for k in primes:
            if i * j * k == a:
                return True
return False
''')
_WRONG[75] = (r'''
factors = []
n = a
d = 2
while n > 1:
    if n % d == 0:
        factors.append(d)
        n //= d
    else:
        d += 1
return len(set(factors)) == 3
''',)

_ALTERNATIVES[76] = (r'''
if x == 1:
    return True
if n < 2:
    return False
value = n
while value < x:
    value *= n
return value == x
''', r'''
for k in range(64):
    if n ** k == x:
        return True
    if n ** k > x:
        return False
return False
''')
_WRONG[76] = (r'''
import math
return math.log(x, n).is_integer()
''',)

_ALTERNATIVES[77] = (r'''
root = round(abs(a) ** (1 / 3))
return root ** 3 == abs(a)
''', r'''
n = abs(a)
k = 0
while k ** 3 < n:
    k += 1
return k ** 3 == n
''')
_WRONG[77] = (r'''
return int(a ** (1 / 3)) ** 3 == a
''',)

_ALTERNATIVES[78] = (r'''
return sum(1 for ch in num if ch in '2357BD')
''', r'''
count = 0
for ch in num:
    if int(ch, 16) in (2, 3, 5, 7, 11, 13):
        count += 1
return count
''')
_WRONG[78] = (r'''
return sum(1 for ch in num if ch in '2357')
''',)

_ALTERNATIVES[79] = (r'''
return f"db{decimal:b}db"
''', r'''
if decimal == 0:
    return 'db0db'
bits = ''
while decimal > 0:
    bits = str(decimal % 2) + bits
    decimal //= 2
return 'db' + bits + 'db'
''')
_WRONG[79] = (r'''
return 'db' + bin(decimal) + 'db'
''',)

_ALTERNATIVES[80] = (r'''
if len(s) < 3:
    return False
return all(len(set(s[i:i + 3])) == 3 for i in range(len(s) - 2))
''', r'''
if len(s) < 3:
    return False
for a, b, c in zip(s, s[1:], s[2:]):
    if a == b or b == c or a == c:
        return False
return True
''')
_WRONG[80] = (r'''
if len(s) < 3:
    return False
for i in range(len(s) - 1):
    if s[i] == s[i + 1]:
        return False
return True
''',)

_ALTERNATIVES[81] = (r'''
table = [(3.7, 'A'), (3.3, 'A-'), (3.0, 'B+'), (2.7, 'B'), (2.3, 'B-'), (2.0, 'C+'),
         (1.7, 'C'), (1.3, 'C-'), (1.0, 'D+'), (0.7, 'D'), (0.0, 'D-')]
result = []
for gpa in grades:
    if gpa >= 4.0:
        result.append('A+')
        continue
    for cutoff, letter in table:
        if gpa > cutoff:
            result.append(letter)
            break
    else:
        result.append('E')
return result
''', r'''
import bisect
cutoffs = [0.0, 0.7, 1.0, 1.3, 1.7, 2.0, 2.3, 2.7, 3.0, 3.3, 3.7]
letters = ['E', 'D-', 'D', 'D+', 'C-', 'C', 'C+', 'B-', 'B', 'B+', 'A-', 'A']
result = []
for gpa in grades:
    if gpa == 4.0:
        result.append('A+')
    else:
        result.append(letters[bisect.bisect_left(cutoffs, gpa)])
return result
''')
_WRONG[81] = (r'''
table = [(4.0, 'A+'), (3.7, 'A'), (3.3, 'A-'), (3.0, 'B+'), (2.7, 'B'), (2.3, 'B-'), (2.0, 'C+'),
         (1.7, 'C'), (1.3, 'C-'), (1.0, 'D+'), (0.7, 'D'), (0.0, 'D-')]
result = []
for gpa in grades:
    for cutoff, letter in table:
        if gpa >= cutoff:
            result.append(letter)
            break
    else:
        result.append('E')
return result
''',)

_ALTERNATIVES[82] = (r'''
n = len(string)
if n < 2:
    return False
return all(n % d for d in range(2, int(n ** 0.5) + 1))
''', r'''
length = len(string)
return length > 1 and not any(length % k == 0 for k in range(2, length))
''')
_WRONG[82] = (r'''
return len(string) % 2 == 1
''',)

_ALTERNATIVES[83] = (r'''
if n == 1:
    return 1
starts = 10 ** (n - 1)
ends = 9 * 10 ** (n - 2)
both = 10 ** (n - 2)
return starts + ends - both
''', r'''
low, high = 10 ** (n - 1), 10 ** n
return sum(1 for k in range(low, high) if str(k)[0] == '1' or str(k)[-1] == '1')
''')
_WRONG[83] = (r'''
if n == 1:
    return 1
return 10 ** (n - 1) + 9 * 10 ** (n - 2)
''',)

_ALTERNATIVES[84] = (r'''
total = 0
for d in str(N):
    total += int(d)
return format(total, 'b')
''', r'''
digit_sum = 0
while N > 0:
    digit_sum += N % 10
    N //= 10
return bin(digit_sum)[2:]
''')
_WRONG[84] = (r'''
return str(bin(N).count('1'))
''',)

_ALTERNATIVES[85] = (r'''
total = 0
for i in range(1, len(lst), 2):
    if lst[i] % 2 == 0:
        total += lst[i]
return total
''', r'''
return sum(x for x in lst[1::2] if x % 2 == 0)
''')
_WRONG[85] = (r'''
return sum(x for x in lst[::2] if x % 2 == 0)
''',)

_ALTERNATIVES[86] = (r'''
result = []
for word in s.split(' '):
    chars = list(word)
    chars.sort()
    result.append(''.join(chars))
return ' '.join(result)
''', r'''
import re
return re.sub(r'[^ ]+', lambda m: ''.join(sorted(m.group())), s)
''')
_WRONG[86] = (r'''
return ' '.join(''.join(sorted(word, key=str.lower)) for word in s.split(' '))
''',)

_ALTERNATIVES[87] = (r'''
result = []
for i, row in enumerate(lst):
    for j in range(len(row) - 1, -1, -1):
        if row[j] == x:
            result.append((i, j))
return result
''', r'''
coords = [(i, j) for i, row in enumerate(lst) for j, v in enumerate(row) if v == x]
return sorted(coords, key=lambda p: (p[0], -p[1]))
''')
_WRONG[87] = (r'''
return sorted((i, j) for i, row in enumerate(lst) for j, v in enumerate(row) if v == x)
''',)

_ALTERNATIVES[88] = (r'''
if not array:
    return []
if (array[0] + array[-1]) % 2 == 1:
    return sorted(array)
return sorted(array, reverse=True)
''', r'''
result = list(array)
if result:
    result.sort(reverse=(result[0] + result[-1]) % 2 == 0)
return result
''')
_WRONG[88] = (r'''
if not array:
    return []
return sorted(array, reverse=(array[0] + array[-1]) % 2 == 1)
''',)

_ALTERNATIVES[89] = (r'''
return ''.join(chr((ord(c) - ord('a') + 4) % 26 + ord('a')) for c in s)
''', r'''
import string
letters = string.ascii_lowercase
shifted = letters[4:] + letters[:4]
return s.translate(str.maketrans(letters, shifted))
''')
_WRONG[89] = (r'''
return ''.join(chr((ord(c) - ord('a') + 2) % 26 + ord('a')) for c in s)
''',)

_ALTERNATIVES[90] = (r'''
smallest = second = None
for x in lst:
    if smallest is None or x < smallest:
        second, smallest = smallest, x
    elif x != smallest and (second is None or x < second):
        second = x
return second
''', r'''
import heapq
values = heapq.nsmallest(2, set(lst))
return values[1] if len(values) == 2 else None
''')
_WRONG[90] = (r'''
return sorted(lst)[1] if len(lst) >= 2 else None
''',)

_ALTERNATIVES[91] = (r'''
import re
count = 0
for sentence in re.split(r'[.?!]', S):
    words = sentence.split()
    if words and words[0] == 'I':
        count += 1
return count
''', r'''
sentences = S.replace('?', '.').replace('!', '.').split('.')
return sum(1 for s in sentences if s.strip().startswith('I '))
''')
_WRONG[91] = (r'''
import re
return sum(1 for s in re.split(r'[.?!]', S) if s.strip().startswith('I'))
''',)

_ALTERNATIVES[92] = (r'''
if not all(isinstance(v, int) for v in (x, y, z)):
    return False
return x + y == z or x + z == y or y + z == x
''', r'''
values = [x, y, z]
if any(type(v) is not int for v in values):
    return False
total = sum(values)
return any(2 * v == total for v in values)
''')
_WRONG[92] = (r'''
if not all(isinstance(v, int) for v in (x, y, z)):
    return False
a, b, c = sorted([x, y, z])
return a + b == c
''',)

_ALTERNATIVES[93] = (r'''
result = []
for ch in message:
    swapped = ch.swapcase()
    if swapped in 'aeiouAEIOU':
        swapped = chr(ord(swapped) + 2)
    result.append(swapped)
return ''.join(result)
''', r'''
table = str.maketrans('aeiouAEIOU', 'cgkqwCGKQW')
return message.swapcase().translate(table)
''')
_WRONG[93] = (r'''
table = str.maketrans('aeiouAEIOU', 'cgkqwCGKQW')
return message.translate(table)
''',)

_ALTERNATIVES[94] = (r'''
def is_prime(n):
    if n < 2:
        return False
    return all(n % d for d in range(2, int(n ** 0.5) + 1))

primes = [x for x in lst if is_prime(x)]
return sum(map(int, str(max(primes)))) if primes else 0
''', r'''
largest = 0
for value in lst:
    if value > largest and value > 1:
        is_p = True
        for d in range(2, int(value ** 0.5) + 1):
            if value % d == 0:
                is_p = False
                break
        if is_p:
            largest = value
total = 0
while largest:
    total += largest % 10
    largest //= 10
return total
''')
_WRONG[94] = (r'''
return sum(int(d) for d in str(max(lst)))
''',)

# ---- HumanEval/95-129 -----------------------------------------------------------------------------------------

_ALTERNATIVES[95] = (r'''
if not dict:
    return False
keys = list(dict.keys())
if not all(isinstance(k, str) for k in keys):
    return False
return all(k.islower() for k in keys) or all(k.isupper() for k in keys)
''', r'''
if len(dict) == 0:
    return False
lower = upper = 0
for key in dict:
    if not isinstance(key, str):
        return False
    if key.islower():
        lower += 1
    elif key.isupper():
        upper += 1
return lower == len(dict) or upper == len(dict)
''')
_WRONG[95] = (r'''
keys = [k for k in dict if isinstance(k, str)]
return all(k.islower() for k in keys) or all(k.isupper() for k in keys)
''',)

_ALTERNATIVES[96] = (r'''
primes = []
for candidate in range(2, n):
    if all(candidate % p != 0 for p in primes):
        primes.append(candidate)
return primes
''', r'''
if n < 3:
    return []
sieve = [True] * n
sieve[0] = sieve[1] = False
for i in range(2, int(n ** 0.5) + 1):
    if sieve[i]:
        for j in range(i * i, n, i):
            sieve[j] = False
return [i for i, is_p in enumerate(sieve) if is_p]
''')
_WRONG[96] = (r'''
return [k for k in range(2, n + 1) if all(k % d for d in range(2, k))]
''',)

_ALTERNATIVES[97] = (r'''
return (abs(a) % 10) * (abs(b) % 10)
''', r'''
return int(str(a)[-1]) * int(str(b)[-1])
''')
_WRONG[97] = (r'''
return a % 10 * b % 10
''',)

_ALTERNATIVES[98] = (r'''
return sum(1 for ch in s[::2] if ch in 'AEIOU')
''', r'''
count = 0
for i, ch in enumerate(s):
    if i % 2 == 0 and ch in 'AEIOU':
        count += 1
return count
''')
_WRONG[98] = (r'''
return sum(1 for ch in s[1::2] if ch in 'AEIOU')
''',)

_ALTERNATIVES[99] = (r'''
from decimal import Decimal, ROUND_HALF_UP
return int(Decimal(value).quantize(Decimal('1'), rounding=ROUND_HALF_UP))
''', r'''
import math
num = float(value)
if num >= 0:
    return int(math.floor(num + 0.5))
return int(math.ceil(num - 0.5))
''')
_WRONG[99] = (r'''
return round(float(value))
''',)

_ALTERNATIVES[100] = (r'''
pile = [n]
for _ in range(n - 1):
    pile.append(pile[-1] + 2)
return pile
''', r'''
return list(range(n, 3 * n, 2))
''')
_WRONG[100] = (r'''
return [n + i for i in range(n)]
''',)

_ALTERNATIVES[101] = (r'''
import re
return [w for w in re.split(r'[,\s]+', s) if w]
''', r'''
return s.replace(',', ' ').split()
''')
_WRONG[101] = (r'''
return s.split(', ')
''',)

_ALTERNATIVES[102] = (r'''
for k in range(y, x - 1, -1):
    if k % 2 == 0:
        return k
return -1
''', r'''
if x > y:
    return -1
best = y if y % 2 == 0 else y - 1
return best if best >= x else -1
''')
_WRONG[102] = (r'''
for k in range(x, y + 1):
    if k % 2 == 0:
        return k
return -1
''',)

_ALTERNATIVES[103] = (r'''
if n > m:
    return -1
return bin(round((n + m) / 2))
''', r'''
if m < n:
    return -1
values = list(range(n, m + 1))
avg = sum(values) / len(values)
return bin(int(round(avg)))
''')
_WRONG[103] = (r'''
if n > m:
    return -1
return bin(int((n + m) / 2 + 0.5))
''',)

_ALTERNATIVES[104] = (r'''
return sorted(v for v in x if not any(d in '02468' for d in str(v)))
''', r'''
def all_odd(num):
    while num > 0:
        if num % 2 == 0:
            return False
        num //= 10
    return True

return sorted(filter(all_odd, x))
''')
_WRONG[104] = (r'''
return [v for v in x if all(int(d) % 2 == 1 for d in str(v))]
''',)

_ALTERNATIVES[105] = (r'''
names = ['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine']
digits = sorted((v for v in arr if 1 <= v <= 9), reverse=True)
return [names[d - 1] for d in digits]
''', r'''
words = {1: 'One', 2: 'Two', 3: 'Three', 4: 'Four', 5: 'Five',
         6: 'Six', 7: 'Seven', 8: 'Eight', 9: 'Nine'}
valid = [v for v in arr if v in words]
valid.sort()
valid.reverse()
return [words[v] for v in valid]
''')
_WRONG[105] = (r'''
names = ['One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine']
return [names[d - 1] for d in sorted(arr) if 1 <= d <= 9]
''',)

_ALTERNATIVES[106] = (r'''
import math
return [math.factorial(i) if i % 2 == 0 else i * (i + 1) // 2 for i in range(1, n + 1)]
''', r'''
result = []
fact = 1
total = 0
for i in range(1, n + 1):
    fact *= i
    total += i
    result.append(fact if i % 2 == 0 else total)
return result
''')
_WRONG[106] = (r'''
import math
return [math.factorial(i) if i % 2 == 1 else i * (i + 1) // 2 for i in range(1, n + 1)]
''',)

_ALTERNATIVES[107] = (r'''
even = odd = 0
for k in range(1, n + 1):
    s = str(k)
    if s == s[::-1]:
        if k % 2 == 0:
            even += 1
        else:
            odd += 1
return (even, odd)
''', r'''
palindromes = [k for k in range(1, n + 1) if str(k) == str(k)[::-1]]
evens = sum(1 for p in palindromes if p % 2 == 0)
return (evens, len(palindromes) - evens)
''')
_WRONG[107] = (r'''
palindromes = [k for k in range(1, n) if str(k) == str(k)[::-1]]
evens = sum(1 for p in palindromes if p % 2 == 0)
return (evens, len(palindromes) - evens)
''',)

_ALTERNATIVES[108] = (r'''
def signed_digit_sum(x):
    digits = [int(d) for d in str(abs(x))]
    if x < 0:
        digits[0] = -digits[0]
    return sum(digits)

return sum(1 for x in arr if signed_digit_sum(x) > 0)
''', r'''
count = 0
for num in arr:
    s = str(num)
    if s.startswith('-'):
        total = -int(s[1]) + sum(int(c) for c in s[2:])
    else:
        total = sum(int(c) for c in s)
    if total > 0:
        count += 1
return count
''')
_WRONG[108] = (r'''
return sum(1 for x in arr if sum(int(d) for d in str(abs(x))) > 0)
''',)

_ALTERNATIVES[109] = (r'''
if not arr:
    return True
target = sorted(arr)
for shift in range(len(arr)):
    if arr[-shift:] + arr[:-shift] == target:
        return True
return False
''', r'''
n = len(arr)
drops = sum(1 for i in range(n) if arr[i] > arr[(i + 1) % n])
return drops <= 1
''')
_WRONG[109] = (r'''
return arr == sorted(arr)
''',)

_ALTERNATIVES[110] = (r'''
odds_in_first = sum(1 for x in lst1 if x % 2)
evens_in_second = sum(1 for x in lst2 if x % 2 == 0)
return 'YES' if evens_in_second >= odds_in_first else 'NO'
''', r'''
needed = len([x for x in lst1 if x % 2 != 0])
available = len([x for x in lst2 if x % 2 == 0])
if needed <= available:
    return "YES"
return "NO"
''')
_WRONG[110] = (r'''
odds = sum(1 for x in lst1 if x % 2)
evens = sum(1 for x in lst2 if x % 2 == 0)
return 'YES' if evens > odds else 'NO'
''',)

_ALTERNATIVES[111] = (r'''
from collections import Counter
counts = Counter(test.split())
if not counts:
    return {}
top = max(counts.values())
return {letter: c for letter, c in counts.items() if c == top}
''', r'''
counts = {}
for letter in test.split():
    counts[letter] = counts.get(letter, 0) + 1
result = {}
best = 0
for letter, c in counts.items():
    if c > best:
        best = c
        result = {letter: c}
    elif c == best:
        result[letter] = c
return result
''')
_WRONG[111] = (r'''
from collections import Counter
counts = Counter(test.split())
if not counts:
    return {}
letter, c = counts.most_common(1)[0]
return {letter: c}
''',)

_ALTERNATIVES[112] = (r'''
kept = ''.join(ch for ch in s if ch not in set(c))
return (kept, kept == kept[::-1])
''', r'''
result = s
for ch in c:
    result = result.replace(ch, '')
return result, result == ''.join(reversed(result))
''')
_WRONG[112] = (r'''
result = s.strip(c)
return (result, result == result[::-1])
''',)

_ALTERNATIVES[113] = (r'''
result = []
for digits in lst:
    k = sum(1 for d in digits if int(d) % 2 == 1)
    result.append(f"the number of odd elements {k}n the str{k}ng {k} of the {k}nput.")
return result
''', r'''
template = "the number of odd elements in the string i of the input."
return [template.replace('i', str(len([d for d in s if d in '13579']))) for s in lst]
''')
_WRONG[113] = (r'''
result = []
for digits in lst:
    k = sum(1 for d in digits if int(d) % 2 == 1)
    result.append(f"the number of odd elements in the string {k} of the input.")
return result
''',)

_ALTERNATIVES[114] = (r'''
best = current = nums[0]
for x in nums[1:]:
    current = min(x, current + x)
    best = min(best, current)
return best
''', r'''
best = None
for i in range(len(nums)):
    total = 0
    for j in range(i, len(nums)):
        total += nums[j]
        if best is None or total < best:
            best = total
return best
''')
_WRONG[114] = (r'''
return min(nums)
''',)

_ALTERNATIVES[115] = (r'''
trips = 0
for row in grid:
    water = sum(row)
    trips += (water + capacity - 1) // capacity
return trips
''', r'''
return sum(-(-sum(row) // capacity) for row in grid)
''')
_WRONG[115] = (r'''
total = sum(sum(row) for row in grid)
return math.ceil(total / capacity)
''',)

_ALTERNATIVES[116] = (r'''
return sorted(arr, key=lambda x: (bin(x).count('1'), x))
''', r'''
def ones(v):
    return format(v, 'b').count('1')

result = sorted(arr)
result.sort(key=ones)
return result
''')
_WRONG[116] = (r'''
return sorted(arr)
''',)

_ALTERNATIVES[117] = (r'''
vowels = set('aeiouAEIOU')
return [w for w in s.split() if sum(1 for ch in w if ch not in vowels) == n]
''', r'''
import re
result = []
for word in s.split():
    if len(re.findall(r'[^aeiou]', word, flags=re.IGNORECASE)) == n:
        result.append(word)
return result
''')
_WRONG[117] = (r'''
return [w for w in s.split() if sum(1 for ch in w if ch not in 'aeiou') == n]
''',)

_ALTERNATIVES[118] = (r'''
vowels = 'aeiouAEIOU'
for i in range(len(word) - 2, 0, -1):
    if word[i] in vowels and word[i - 1] not in vowels and word[i + 1] not in vowels:
        return word[i]
return ''
''', r'''
vowels = set('aeiouAEIOU')
for left, mid, right in reversed(list(zip(word, word[1:], word[2:]))):
    if mid in vowels and left not in vowels and right not in vowels:
        return mid
return ""
''')
_WRONG[118] = (r'''
vowels = 'aeiouAEIOU'
for i in range(1, len(word) - 1):
    if word[i] in vowels and word[i - 1] not in vowels and word[i + 1] not in vowels:
        return word[i]
return ''
''',)

_ALTERNATIVES[119] = (r'''
def balanced(s):
    depth = 0
    for ch in s:
        depth += 1 if ch == '(' else -1
        if depth < 0:
            return False
    return depth == 0

a, b = lst
return 'Yes' if balanced(a + b) or balanced(b + a) else 'No'
''', r'''
for first, second in ((lst[0], lst[1]), (lst[1], lst[0])):
    s = first + second
    while '()' in s:
        s = s.replace('()', '')
    if not s:
        return 'Yes'
return 'No'
''')
_WRONG[119] = (r'''
joined = lst[0] + lst[1]
return 'Yes' if joined.count('(') == joined.count(')') else 'No'
''',)

_ALTERNATIVES[120] = (r'''
return sorted(arr)[len(arr) - k:]
''', r'''
import heapq
return sorted(heapq.nlargest(k, arr))
''')
_WRONG[120] = (r'''
return sorted(arr, reverse=True)[:k]
''',)

_ALTERNATIVES[121] = (r'''
return sum(x for x in lst[::2] if x % 2 == 1)
''', r'''
total = 0
for i in range(0, len(lst), 2):
    if lst[i] % 2 != 0:
        total += lst[i]
return total
''')
_WRONG[121] = (r'''
return sum(x for x in lst[1::2] if x % 2 == 1)
''',)

_ALTERNATIVES[122] = (r'''
return sum(x for x in arr[:k] if -100 < x < 100)
''', r'''
total = 0
for value in arr[:k]:
    if len(str(abs(value))) <= 2:
        total += value
return total
''')
_WRONG[122] = (r'''
return sum(x for x in arr if len(str(x)) <= 2)
''',)

_ALTERNATIVES[123] = (r'''
odds = set()
while n != 1:
    if n % 2:
        odds.add(n)
        n = 3 * n + 1
    else:
        n //= 2
odds.add(1)
return sorted(odds)
''', r'''
sequence = [n]
while sequence[-1] != 1:
    last = sequence[-1]
    sequence.append(last // 2 if last % 2 == 0 else 3 * last + 1)
return sorted(x for x in sequence if x % 2 == 1)
''')
_WRONG[123] = (r'''
result = []
while True:
    if n % 2 == 1:
        result.append(n)
    if n == 1:
        break
    n = n // 2 if n % 2 == 0 else 3 * n + 1
return result
''',)

_ALTERNATIVES[124] = (r'''
import re
if not re.fullmatch(r'\d{2}-\d{2}-\d{4}', date):
    return False
month, day, year = map(int, date.split('-'))
if not 1 <= month <= 12:
    return False
if month == 2:
    limit = 29
elif month in (4, 6, 9, 11):
    limit = 30
else:
    limit = 31
return 1 <= day <= limit
''', r'''
parts = date.split('-')
if len(parts) != 3 or not all(p.isdigit() for p in parts):
    return False
month, day, year = (int(p) for p in parts)
days_in_month = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
if month not in days_in_month:
    return False
return 1 <= day <= days_in_month[month]
''')
_WRONG[124] = (r'''
try:
    day, month, year = map(int, date.split('-'))
except ValueError:
    return False
if not 1 <= month <= 12:
    return False
limit = 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
return 1 <= day <= limit
''',)

_ALTERNATIVES[125] = (r'''
if any(ch.isspace() for ch in txt):
    return txt.split()
if ',' in txt:
    return [part for part in txt.split(',') if part]
return sum(1 for ch in txt if 'a' <= ch <= 'z' and (ord(ch) - ord('a')) % 2 == 1)
''', r'''
import re
if re.search(r'\s', txt):
    return txt.split()
if ',' in txt:
    return [part for part in re.split(r',+', txt) if part]
return len([ch for ch in txt if ch.islower() and ch in 'bdfhjlnprtvxz'])
''')
_WRONG[125] = (r'''
if ' ' in txt:
    return txt.split()
if ',' in txt:
    return txt.split(',')
return sum(1 for ch in txt if ch.islower() and (ord(ch) - ord('a')) % 2 == 0)
''',)

_ALTERNATIVES[126] = (r'''
from collections import Counter
if any(c > 2 for c in Counter(lst).values()):
    return False
return lst == sorted(lst)
''', r'''
for i in range(1, len(lst)):
    if lst[i] < lst[i - 1]:
        return False
    if i >= 2 and lst[i] == lst[i - 1] == lst[i - 2]:
        return False
return True
''')
_WRONG[126] = (r'''
return lst == sorted(lst) and len(set(lst)) == len(lst)
''',)

_ALTERNATIVES[127] = (r'''
start = max(interval1[0], interval2[0])
end = min(interval1[1], interval2[1])
length = end - start
if length < 2:
    return "NO"
for d in range(2, int(length ** 0.5) + 1):
    if length % d == 0:
        return "NO"
return "YES"
''', r'''
lo = max(interval1[0], interval2[0])
hi = min(interval1[1], interval2[1])
size = hi - lo
is_prime = size > 1 and all(size % k for k in range(2, size))
return "YES" if is_prime else "NO"
''')
_WRONG[127] = (r'''
lo = max(interval1[0], interval2[0])
hi = min(interval1[1], interval2[1])
count = hi - lo + 1
if count < 2:
    return "NO"
return "YES" if all(count % d for d in range(2, count)) else "NO"
''',)

_ALTERNATIVES[128] = (r'''
if not arr:
    return None
sign = 1
for x in arr:
    if x == 0:
        return 0
    if x < 0:
        sign = -sign
return sign * sum(abs(x) for x in arr)
''', r'''
import math
if len(arr) == 0:
    return None
signs = [(x > 0) - (x < 0) for x in arr]
return math.prod(signs) * sum(map(abs, arr))
''')
_WRONG[128] = (r'''
if not arr:
    return None
sign = 1
for x in arr:
    if x == 0:
        return 0
    if x < 0:
        sign = -sign
return sign * sum(arr)
''',)

_ALTERNATIVES[129] = (r'''
n = len(grid)
for i in range(n):
    for j in range(n):
        if grid[i][j] == 1:
            r, c = i, j
neighbours = []
for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
    rr, cc = r + dr, c + dc
    if 0 <= rr < n and 0 <= cc < n:
        neighbours.append(grid[rr][cc])
smallest = min(neighbours)
return [1 if step % 2 == 0 else smallest for step in range(k)]
''', r'''
n = len(grid)
pos = next((i, j) for i in range(n) for j in range(n) if grid[i][j] == 1)
path = []
for _ in range(k):
    i, j = pos
    path.append(grid[i][j])
    options = [(i + di, j + dj) for di, dj in ((-1, 0), (1, 0), (0, -1), (0, 1))
               if 0 <= i + di < n and 0 <= j + dj < n]
    pos = min(options, key=lambda p: grid[p[0]][p[1]])
return path
''')
_WRONG[129] = (r'''
values = sorted(v for row in grid for v in row)
return values[:k]
''',)
