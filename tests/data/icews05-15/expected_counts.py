"""Expected counts for tests/integration/io_icews.rs, computed without the Rust code.

Run from the crate root: python3 tests/data/icews05-15/expected_counts.py
It re-implements the reader's documented rules in Python, reading the name tables
(COUNTRIES, REGIONS, SECTOR_RULES, NAME_RULES) and the event names (EVENT_TYPES,
EVENT_NAME_VARIANTS) from the Rust sources, and the relations' domains and ranges
from src/model/relation.rs as written out below.
"""
import re
import unicodedata
from collections import Counter

icews = open('src/io/icews.rs', encoding='utf-8').read()
cameo = open('src/io/cameo.rs', encoding='utf-8').read()


def block(src, name):
    start = src.index(name)
    return src[start:src.index('\n];', start)]


def strings(text):
    return re.findall(r'"((?:[^"\\]|\\.)*)"', text)


countries = set(strings(block(icews, 'const COUNTRIES')))
regions = set(strings(block(icews, 'const REGIONS')))


def rules(name):
    found = []
    for phrases, kind in re.findall(r'\(\s*&\[(.*?)\],\s*([A-Z]+),?\s*\)', block(icews, name), re.S):
        found.append((strings(phrases), kind))
    return found


sector_rules, name_rules = rules('const SECTOR_RULES'), rules('const NAME_RULES')
codes = {}
for code, name in re.findall(r'\(\s*"(\d+)",\s*"([^"]*)",?\s*\)', block(cameo, 'const EVENT_TYPES')):
    codes[name.lower()] = code
for name, code in re.findall(r'\(\s*"([^"]*)",\s*"(\d+)",?\s*\)', block(cameo, 'const EVENT_NAME_VARIANTS')):
    codes[name.lower()] = code


def fold(text):
    out, pending = [], False
    for c in unicodedata.normalize('NFKD', text):
        if unicodedata.combining(c):
            continue
        if c.isalnum():
            if pending and out:
                out.append(' ')
            pending = False
            out.append(c.lower())
        elif c.isspace() or c in '-_/':
            pending = True
    return ''.join(out)


def first(rules_, text):
    words = ' ' + fold(text) + ' '
    for phrases, kind in rules_:
        if any(' ' + p + ' ' in words for p in phrases):
            return kind
    return None


def split_place(name):
    if not name.endswith(')'):
        return None
    depth, inner = 0, name[:-1]
    for i in range(len(inner) - 1, -1, -1):
        c = inner[i]
        if c == ')':
            depth += 1
        elif c == '(' and depth == 0:
            sector, place = inner[:i].strip(), inner[i + 1:].strip()
            return (sector, place) if sector and place else None
        elif c == '(':
            depth -= 1
    return None


def kind(name):
    """The actor kind: STATE, REGION, PERSON, MEDIA or a group type constant."""
    if name in countries:
        return 'STATE'
    if name in regions:
        return 'REGION'
    sp = split_place(name)
    if sp:
        k = first(sector_rules, sp[0]) or 'OTHER'
        if k == 'MILITARY' and sp[1] not in countries and sp[1] not in regions:
            k = 'ARMED'
        return k
    return first(name_rules, name) or ('OTHER' if len(name.split()) == 1 else 'PERSON')


def general(k):
    return k if k in ('STATE', 'REGION', 'PERSON', 'MEDIA') else 'GROUP'


STATELIKE = {'STATE', 'PERSON', 'GROUP'}
NOT_REGION = {'STATE', 'PERSON', 'GROUP', 'MEDIA'}
PLACES = {'STATE', 'REGION', 'GROUP'}
ANY = NOT_REGION | {'REGION'}
STATE_GROUP = {'STATE', 'GROUP'}
# relation: (domain, range, symmetric), as in src/model/relation.rs
RELATIONS = {
    'comments': (NOT_REGION, ANY, False), 'appeals': (NOT_REGION, NOT_REGION, False),
    'pledged_cooperation': (STATELIKE, STATELIKE, True), 'met_with': (STATELIKE, STATELIKE, True),
    'visited': (STATELIKE, PLACES, False), 'negotiates': (STATELIKE, STATELIKE, True),
    'signed_agreement': (STATELIKE, STATELIKE, True), 'cooperates': (STATELIKE, STATELIKE, True),
    'supplies_arms': (STATELIKE, NOT_REGION, False), 'supports': (STATELIKE, NOT_REGION, False),
    'yields': (NOT_REGION, NOT_REGION, False), 'monitors': (NOT_REGION, ANY, False),
    'demands': (NOT_REGION, NOT_REGION, False), 'criticizes': (NOT_REGION, NOT_REGION, False),
    'rejects': (NOT_REGION, NOT_REGION, False), 'threatens': (NOT_REGION, ANY, False),
    'protests': (NOT_REGION, NOT_REGION, False), 'shows_force': (NOT_REGION, NOT_REGION, False),
    'severed_relations': (STATE_GROUP, STATE_GROUP, False), 'coerces': (NOT_REGION, NOT_REGION, False),
    'attacks': (NOT_REGION, NOT_REGION, False),
}
ROOTS = {'01': 'comments', '02': 'appeals', '03': 'pledged_cooperation', '07': 'supports',
         '08': 'yields', '09': 'monitors', '10': 'demands', '11': 'criticizes', '12': 'rejects',
         '13': 'threatens', '14': 'protests', '15': 'shows_force', '16': 'severed_relations',
         '17': 'coerces', '18': 'attacks', '19': 'attacks', '20': 'attacks'}


def relation(code):
    """(relation with its sector, relation kind, reversed)"""
    if code[:2] == '04':
        k = {'042': 'visited', '043': 'visited', '046': 'negotiates'}.get(code[:3], 'met_with')
        return k, k, code[:3] == '043'
    if code[:2] == '05':
        return ('signed_agreement', 'signed_agreement', False) if code[:3] == '057' else ('cooperates:diplomacy', 'cooperates', False)
    if code[:2] == '06':
        sector = {'061': 'cooperates:economy', '062': 'supplies_arms', '064': 'cooperates:intelligence'}.get(code[:3], 'cooperates:general')
        return sector, sector.split(':')[0], False
    return ROOTS[code[:2]], ROOTS[code[:2]], False


def key(name):
    return 'icews:' + '_'.join(name.split())


skips, claims, actors, visits_to_people = Counter(), set(), set(), 0
rows = [l.rstrip('\n').split('\t') for l in open('tests/data/icews05-15/test.tsv', encoding='utf-8')]
for s, text, o, date in rows:
    code = codes.get(text.lower())
    if code is None:
        skips['unknown relation'] += 1
        continue
    full, rk, rev = relation(code)
    if rev:
        s, o = o, s
    if s == o:
        skips['self loop'] += 1
        continue
    ks, ko = general(kind(s)), general(kind(o))
    if rk == 'visited' and ko == 'PERSON':
        full = rk = 'met_with'
        visits_to_people += 1
    dom, rng, sym = RELATIONS[rk]
    if ks not in dom or ko not in rng:
        skips['kinds do not fit relation'] += 1
        continue
    a, b = key(s), key(o)
    if sym and b < a:
        a, b = b, a
    claims.add((a, full, b, date))
    actors |= {key(s), key(o)}
kinds = Counter(kind(n) for n in {n for r in rows for n in (r[0], r[2])})
print('rows', len(rows), 'claims', len(claims), 'merged', len(rows) - len(claims) - sum(skips.values()))
print('actors', len(actors) + 1, 'skips', dict(skips), 'visits to people', visits_to_people)
print('kinds of all names', dict(sorted(kinds.items())))
