"""Expected counts for tests/integration/io_gdelt.rs, computed without the Rust code.

Run from the crate root: python3 tests/data/gdelt1/expected_counts.py
It re-implements the reader's documented rules: leading zero restored from the root,
relation by CAMEO root, 043 reversed, symmetric relations keyed in key order, outlet
= URL host without www., one claim per (subject, relation, object, SQLDATE).
"""
import csv, re
rows = list(csv.reader(open('tests/data/gdelt1/events-us-china-2018.csv', newline='')))
def rel(code):
    r = code[:2]
    if r == '04':
        return {'042': ('visited', False), '043': ('visited', True), '046': ('negotiates', False)}.get(code[:3], ('met_with', False))
    if r == '05': return ('signed_agreement' if code[:3] == '057' else 'cooperates:diplomacy', False)
    if r == '06': return ({'061': 'cooperates:economy', '062': 'supplies_arms', '064': 'cooperates:intelligence'}.get(code[:3], 'cooperates:general'), False)
    return ({'01':'comments','02':'appeals','03':'pledged_cooperation','07':'supports','08':'yields','09':'monitors','10':'demands','11':'criticizes','12':'rejects','13':'threatens','14':'protests','15':'shows_force','16':'severed_relations','17':'coerces','18':'attacks','19':'attacks','20':'attacks'}[r], False)
sym = {'met_with','negotiates','pledged_cooperation','signed_agreement','cooperates:diplomacy','cooperates:economy','cooperates:intelligence','cooperates:general'}
def host(u):
    h = re.match(r'(?i)https?://([^/?#]*)', u).group(1).split('@')[-1].split(':')[0].lower()
    return h[4:] if h.startswith('www.') else h
actors, claims = set(), set()
for r in rows:
    root = r[28].zfill(2); code = r[26]
    if not code.startswith(root): code = '0' + code
    a1, a2 = 'gdelt:' + r[5], 'gdelt:' + r[15]
    name, rev = rel(code)
    s, o = (a2, a1) if rev else (a1, a2)
    if name in sym and o < s: s, o = o, s
    claims.add((s, name, o, r[1]))
    actors |= {a1, a2, 'outlet:' + host(r[57])}
outlets = sum(1 for a in actors if a.startswith('outlet:'))
print('outlets', outlets)
print('rows', len(rows), 'actors', len(actors), 'claims', len(claims), 'merged', len(rows) - len(claims))
