"""Expected counts for tests/integration/io_gdelt2.rs, computed without the Rust code.

Run from the crate root: python3 tests/data/gdelt2/expected_counts.py
It re-implements the documented rules of src/io/gdelt.rs and src/io/gdelt_mentions.rs
with the csv module only: the events export (61 tab-separated columns) is imported
first, then the mentions (16 columns). A claim is one (subject, relation, object,
SQLDATE), symmetric relations keyed in key order, 043 reversed; an event's outlet is
the host of SOURCEURL (without www.) or, for a source that is not a URL, its name
lower-cased with dashes; a mention's outlet is MentionSourceName the same way. A
mention attaches when its GlobalEventID is an imported two-actor event; the event
row's article and a mention of the same URL in its claim are one attribution, the
mention's; an origin is a distinct outlet among a claim's attributions.
"""
import csv, re

DIR = 'tests/data/gdelt2/'
csv.field_size_limit(1 << 24)

def rows(name):
    with open(DIR + name, newline='', encoding='utf-8') as f:
        return [r for r in csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE) if r]

def rel(code):
    r = code[:2]
    if r == '04':
        return {'042': ('visited', False), '043': ('visited', True), '046': ('negotiates', False)}.get(code[:3], ('met_with', False))
    if r == '05': return ('signed_agreement' if code[:3] == '057' else 'cooperates:diplomacy', False)
    if r == '06': return ({'061': 'cooperates:economy', '062': 'supplies_arms', '064': 'cooperates:intelligence'}.get(code[:3], 'cooperates:general'), False)
    return ({'01':'comments','02':'appeals','03':'pledged_cooperation','07':'supports','08':'yields','09':'monitors','10':'demands','11':'criticizes','12':'rejects','13':'threatens','14':'protests','15':'shows_force','16':'severed_relations','17':'coerces','18':'attacks','19':'attacks','20':'attacks'}[r], False)

SYM = {'met_with','negotiates','pledged_cooperation','signed_agreement','cooperates:diplomacy','cooperates:economy','cooperates:intelligence','cooperates:general'}

def outlet(name):
    m = re.match(r'(?i)https?://([^/?#]*)', name)
    if m:
        h = m.group(1).split('@')[-1].split(':')[0].lower()
    elif re.fullmatch(r'[A-Za-z0-9.-]*\.[A-Za-z0-9.-]*', name):
        h = name.lower()
    else:
        return 'outlet:' + name.lower().replace(' ', '-')
    return 'outlet:' + (h[4:] if h.startswith('www.') else h)

# Actor kinds, as far as relation domains need them (src/io/gdelt.rs module docs):
# the first known CAMEO type (Type1-3Code, else the code's three-letter parts, but
# the first when it is the CountryCode or a region) decides, MED making a media
# outlet; else a region code is a region.
TYPES = 'GOV COP JUD SPY LEG UIS MIL PKO REB INS SEP UAF IMG OPP PTY BUS MNC MED IGO NGO NGM HRI ENV AMN IRC GRP MSF EDU CRM REL CVL ELI REF SET LAB AGR DEV HLH MOD RAD'.split()
REGIONS = 'AFR ASA BLK CAS CAU CEU CFR CRB EAF EEU EIN EUR LAM MDT MEA NAF NMR PGS SAF SAM SAS SCN SEA WAF WST'.split()
def kind(r, base):
    code, country = r[base], r[base + 2]
    skip = 3 if code[:3] == country or code[:3] in REGIONS else 0
    types = [t for t in r[base + 7:base + 10] if t] or [code[i:i + 3] for i in range(skip, len(code), 3)]
    known = [t for t in types if t in TYPES]
    if known:
        return 'media' if known[0] == 'MED' else 'group'
    if code in REGIONS or (country in REGIONS and len(code) == 3):
        return 'region'
    return 'other'

# A state: an actor of no known type and no region whose code is its country code,
# or, without known group, ethnic or religion code, a bare three-letter upper-case code.
def is_state(r, base):
    code, country = r[base], r[base + 2]
    if kind(r, base) != 'other':
        return False
    if country == code:
        return True
    if r[base + 3] or r[base + 4] or r[base + 5]:
        return False
    return len(code) == 3 and code.isalpha() and code.isupper()
# Relation domains and ranges (src/model/relation.rs): which of the two kinds above
# each relation GDELT maps to refuses as subject and as object.
STATELIKE = {'region', 'media'}
NOT_REGION = {'region'}
REFUSED = {  # relation: (refused as subject, refused as object)
    'comments': (NOT_REGION, set()), 'appeals': (NOT_REGION, NOT_REGION),
    'pledged_cooperation': (STATELIKE, STATELIKE), 'visited': (STATELIKE, {'media'}),
    'negotiates': (STATELIKE, STATELIKE), 'met_with': (STATELIKE, STATELIKE),
    'signed_agreement': (STATELIKE, STATELIKE), 'supplies_arms': (STATELIKE, NOT_REGION),
    'supports': (STATELIKE, NOT_REGION), 'yields': (NOT_REGION, NOT_REGION),
    'monitors': (NOT_REGION, set()), 'demands': (NOT_REGION, NOT_REGION),
    'criticizes': (NOT_REGION, NOT_REGION), 'rejects': (NOT_REGION, NOT_REGION),
    'threatens': (NOT_REGION, set()), 'protests': (NOT_REGION, NOT_REGION),
    'shows_force': (NOT_REGION, NOT_REGION), 'severed_relations': (STATELIKE, STATELIKE),
    'coerces': (NOT_REGION, NOT_REGION), 'attacks': (NOT_REGION, NOT_REGION),
}

events = rows('20150218230000.export.CSV')
assert all(len(r) == 61 for r in events)
two_actor = [r for r in events if r[5] and r[15]]
self_loops = sum(1 for r in two_actor if r[5] == r[15])
claims = {}    # claim key -> set of outlets
claim_of = {}  # GLOBALEVENTID -> claim key
kinds_do_not_fit = 0
states = set()  # codes of the state actors of imported rows
for r in two_actor:
    if r[5] == r[15]: continue
    root = r[28].zfill(2); code = r[26]
    if not code.startswith(root): code = '0' + code
    a1, a2 = 'gdelt:' + r[5], 'gdelt:' + r[15]
    name, rev = rel(code)
    k1, k2 = kind(r, 5), kind(r, 15)
    (s, ks), (o, ko) = ((a2, k2), (a1, k1)) if rev else ((a1, k1), (a2, k2))
    bad_s, bad_o = REFUSED[name.split(':')[0]] if not name.startswith('cooperates') else (STATELIKE, STATELIKE)
    if ks in bad_s or ko in bad_o:
        kinds_do_not_fit += 1
        continue
    if name in SYM and o < s: s, o = o, s
    key = (s, name, o, r[1])
    # An attribution as the store compares them: claimant, outlet, document (URL or
    # title, with its date), grade (here the counts it is computed from).
    url = r[60] if re.match(r'(?i)https?://', r[60]) else None
    row_attribution = (None, outlet(r[60]) if r[60] else 'gdelt', url and ('url', url, r[59][:8]), ('counts', r[32], r[33]))
    claims.setdefault(key, set()).add(row_attribution)
    claim_of[r[0]] = key
    for base in (5, 15):
        if is_state(r, base):
            states.add(r[base])

mentions = rows('20150218230000.mentions.CSV')
assert all(len(r) == 16 for r in mentions)
attached = unknown = 0
for m in mentions:
    key = claim_of.get(m[0])
    if key is None:
        unknown += 1
        continue
    attached += 1
    web = m[5][:4].lower() == 'http'
    source = outlet(m[4])
    claims[key].add((source, source, m[5] and ('url' if web else 'title', m[5], m[2][:8]), ('confidence', m[11])))

# The article of an event row that a mention of its claim also gives is one
# attribution, the mention's: the row's is dropped.
replaced = 0
for key, attributions in claims.items():
    mentioned = {a[2][1] for a in attributions if a[0] is not None and a[2] and a[2][0] == 'url'}
    own = {a for a in attributions if a[0] is None and a[2] and a[2][1] in mentioned}
    replaced += len(own)
    attributions -= own

# Every outlet actor: of the imported rows and of the attached mentions (an outlet
# whose attribution was replaced stays an actor).
outlets = {outlet(r[60]) if r[60] else 'gdelt' for r in two_actor if r[0] in claim_of}
outlets |= {outlet(m[4]) for m in mentions if m[0] in claim_of}
print('events read', len(events))
print('two-actor events', len(two_actor))
print('self loops (skipped)', self_loops)
print('kinds do not fit (skipped)', kinds_do_not_fit)
print('claims', len(claims))
print('state actors', len(states))
print('mentions read', len(mentions))
print('mentions attached', attached)
print('mentions of unknown events', unknown)
print('distinct outlets', len(outlets))
print('event-row attributions replaced by a mention of the same article', replaced)
print('attributions', sum(len(a) for a in claims.values()))
print('claims with 2+ independent origins', sum(1 for a in claims.values() if len({x[1] for x in a}) >= 2))
