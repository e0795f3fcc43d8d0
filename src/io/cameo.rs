//! CAMEO-coded event data shared by the GDELT and ICEWS readers: event, actor-type and
//! region code tables mapped to the model, actor names from the CAMEO actor code
//! tables, and the all-or-nothing write of one event.
//!
//! # Event codes
//!
//! `EVENT_TYPES` lists every event code of the CAMEO codebook (Schrodt, version
//! 1.1b3, 2012, including the later `155`, `176`, `1834`, `1951` and `1952` that GDELT
//! uses) with its name, plus ICEWS's `1213` (reject judicial cooperation). A code
//! outside this list is *unknown*: the readers skip its row and count it.
//!
//! `event_relation` maps a known code to the relation vocabulary through its root,
//! so that `Relation::cameo_root` of the result gives back the code's root (the
//! three assault/fight/mass-violence roots 18, 19, 20 all map to `Attacks`, whose
//! nearest root is 19):
//!
//! | root | CAMEO name | relation |
//! |---|---|---|
//! | 01 | make public statement | `Comments` |
//! | 02 | appeal | `Appeals` |
//! | 03 | express intent to cooperate | `PledgedCooperation` |
//! | 04 | consult | `MetWith`; `042` make a visit → `Visited` (actor 1 visited actor 2); `043` host a visit → `Visited` reversed (actor 2 visited actor 1); `046` engage in negotiation → `Negotiates` |
//! | 05 | engage in diplomatic cooperation | `SignedAgreement` for `057` sign formal agreement, else `Cooperates(Diplomacy)` |
//! | 06 | engage in material cooperation | `061` → `Cooperates(Economy)`, `062` → `SuppliesArms`, `064` share intelligence → `Cooperates(Intelligence)`, else `Cooperates(General)` |
//! | 07 | provide aid | `Supports` |
//! | 08 | yield | `Yields` |
//! | 09 | investigate | `Monitors` |
//! | 10 | demand | `Demands` |
//! | 11 | disapprove | `Criticizes` |
//! | 12 | reject | `Rejects` |
//! | 13 | threaten | `Threatens` |
//! | 14 | protest | `Protests` |
//! | 15 | exhibit force posture | `ShowsForce` |
//! | 16 | reduce relations | `SeveredRelations` |
//! | 17 | coerce | `Coerces` |
//! | 18, 19, 20 | assault, fight, unconventional mass violence | `Attacks` |
//!
//! The mapping is deliberately by root: a sub-code that would fit another relation
//! better (`163` sanctions reads like `Coerces`) keeps its root's relation, and the
//! exact code stays on the claim (`CAMEO:163`) for whoever needs it.
//!
//! # Actor codes (GDELT)
//!
//! A CAMEO actor code is a run of three-letter parts: a country or region, then role
//! and type codes (`CHNGOV`, `USAMIL`, `IGOUNO`). `actor_type` gives the kind of a
//! role or type code:
//!
//! | codes | kind |
//! |---|---|
//! | `GOV` government, `COP` police, `JUD` judiciary, `SPY` intelligence, `LEG` legislature, `UIS` unidentified state actor | group, agency |
//! | `MIL` military, `PKO` peacekeepers | group, military |
//! | `REB` rebels, `INS` insurgents, `SEP` separatists, `UAF` unaligned armed forces, `IMG` international militarised group | group, armed group |
//! | `OPP` opposition, `PTY` party | group, party |
//! | `BUS` business, `MNC` multinational corporation | group, company |
//! | `MED` media | media outlet |
//! | `IGO` intergovernmental organisation | group, forum |
//! | `NGO`, `NGM` non-governmental movement, `HRI` human rights, `ENV` environmental, `AMN` Amnesty, `IRC` Red Cross, `GRP` Greenpeace, `MSF` | group, NGO |
//! | `EDU` education | group, university |
//! | `CRM` criminals | group, criminal network |
//! | `REL` religious | group, religious |
//! | `CVL` civilians, `ELI` elites, `REF` refugees, `SET` settlers, `LAB` labour, `AGR` agriculture, `DEV` development, `HLH` health, `MOD` moderates, `RAD` radicals | group, other |
//!
//! None of these is a person: a CAMEO code never names one individual (GDELT codes
//! "President Xi" as `CHNGOV`), and `ELI` or `CVL` stand for many people at once, so
//! they are collectives (groups of type other), not persons.
//!
//! `is_region` recognises the CAMEO region codes (`AFR` Africa, `ASA` Asia, `EUR`
//! Europe, `LAM` Latin America, `MEA` Middle East, `WST` the West, ...; `CAF` is the
//! Central African Republic, Central Africa is `CFR`).
//!
//! # Actor names
//!
//! The code tables are data in `cameo_actors.tsv` beside this module, with their
//! references: the CAMEO codebook 1.1b3 (chapter 5, actor codes) and the GDELT
//! lookup files `CAMEO.country.txt` (countries, CAMEO's non-ISO codes such as `WSB`
//! West Bank and `ROM` Romania, and regions), `CAMEO.type.txt` (roles and types),
//! `CAMEO.knowngroup.txt` (known groups: `UNO` United Nations, `HMS` Hamas) and
//! `CAMEO.religion.txt`. `actor_name` reads a code part by part (three letters
//! each); the first part is tried as a country, a region, a type, a known group,
//! then a religion, later parts as a known group, a type, a religion, a country,
//! then a region (so `IGOUNO` is the United Nations, not a type):
//!
//! | code | parts | name |
//! |---|---|---|
//! | `USA`, `IRN`, `WSB` | a country | its name: "United States", "Iran", "West Bank" |
//! | `EUR` | a region | "Europe" |
//! | `USAGOV`, `IRNMIL`, `EGYCHR` | a country or region, then roles, types or religions | the place's name and their labels: "United States government", "Iran military", "Egypt Christian" |
//! | `GOV`, `REL` | roles or types alone | their labels, capitalised: "Government" |
//! | `IGOUNO`, `IGOEUREEC`, `PSEHMS`, `HMSMIL` | a known group, anywhere | the group's name, then the roles after it: "United Nations", "European Union", "Hamas", "Hamas military" |
//!
//! A code with a part in none of the tables (GDELT's lower-case ethnic codes,
//! `ran`) has no name from them.
//!
//! A group such as "United States government" is its own actor (`gdelt:USAGOV`), not
//! linked to its state (`gdelt:USA`) by a claim: a claim in this graph is what a
//! source said, and the code's make-up is GDELT's coding, not anyone's account.
//! Its key says which state it belongs to.
//!
//! # Validating an event
//!
//! `event_record` checks a row's claim against the row's actors before the row is
//! staged, so a row is imported whole or not at all. One rule applies to both data
//! sets there: a visit (`042`, `043`) whose host is a person becomes
//! `MetWith`, because `Visited` takes a place or an organisation as object and a
//! visit to a person is a meeting with them; the claim keeps its `CAMEO:042`/`043`
//! code, so the visit can still be told apart.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::SkipReason;
use super::import::{Invalid, Record, View};
use crate::model::{Actor, ActorKind, Claim, GroupType, Relation, Sector, fold_name};
use crate::store::StoreError;

/// Every known CAMEO event code with its name, sorted by code as text (a code sorts
/// right after its parent: `021` < `0211` < `022`), so that lookups can bisect.
const EVENT_TYPES: &[(&str, &str)] = &[
    ("010", "Make statement"),
    ("011", "Decline comment"),
    ("012", "Make pessimistic comment"),
    ("013", "Make optimistic comment"),
    ("014", "Consider policy option"),
    ("015", "Acknowledge or claim responsibility"),
    ("016", "Deny responsibility"),
    ("017", "Engage in symbolic act"),
    ("018", "Make empathetic comment"),
    ("019", "Express accord"),
    ("020", "Make an appeal or request"),
    ("021", "Appeal for material cooperation"),
    ("0211", "Appeal for economic cooperation"),
    ("0212", "Appeal for military cooperation"),
    ("0213", "Appeal for judicial cooperation"),
    ("0214", "Appeal for intelligence"),
    (
        "022",
        "Appeal for diplomatic cooperation (such as policy support)",
    ),
    ("023", "Appeal for aid"),
    ("0231", "Appeal for economic aid"),
    ("0232", "Appeal for military aid"),
    ("0233", "Appeal for humanitarian aid"),
    ("0234", "Appeal for military protection or peacekeeping"),
    ("024", "Appeal for political reform"),
    ("0241", "Appeal for change in leadership"),
    ("0242", "Appeal for policy change"),
    ("0243", "Appeal for rights"),
    ("0244", "Appeal for change in institutions, regime"),
    ("025", "Appeal to yield"),
    ("0251", "Appeal for easing of administrative sanctions"),
    ("0252", "Appeal for easing of popular dissent"),
    ("0253", "Appeal for release of persons or property"),
    (
        "0254",
        "Appeal for easing of economic sanctions, boycott, or embargo",
    ),
    (
        "0255",
        "Appeal for target to allow international involvement (non-mediation)",
    ),
    ("0256", "Appeal for de-escalation of military engagement"),
    ("026", "Appeal to others to meet or negotiate"),
    ("027", "Appeal to others to settle dispute"),
    ("028", "Appeal to engage in or accept mediation"),
    ("030", "Express intent to cooperate"),
    ("031", "Express intent to engage in material cooperation"),
    ("0311", "Express intent to cooperate economically"),
    ("0312", "Express intent to cooperate militarily"),
    ("0313", "Express intent to cooperate on judicial matters"),
    ("0314", "Express intent to cooperate on intelligence"),
    (
        "032",
        "Express intent to engage in diplomatic cooperation (such as policy support)",
    ),
    ("033", "Express intent to provide material aid"),
    ("0331", "Express intent to provide economic aid"),
    ("0332", "Express intent to provide military aid"),
    ("0333", "Express intent to provide humanitarian aid"),
    (
        "0334",
        "Express intent to provide military protection or peacekeeping",
    ),
    ("034", "Express intent to institute political reform"),
    ("0341", "Express intent to change leadership"),
    ("0342", "Express intent to change policy"),
    ("0343", "Express intent to provide rights"),
    ("0344", "Express intent to change institutions, regime"),
    ("035", "Express intent to yield"),
    ("0351", "Express intent to ease administrative sanctions"),
    ("0352", "Express intent to ease popular dissent"),
    ("0353", "Express intent to release persons or property"),
    (
        "0354",
        "Express intent to ease economic sanctions, boycott, or embargo",
    ),
    (
        "0355",
        "Express intent to allow international involvement (non-mediation)",
    ),
    ("0356", "Express intent to de-escalate military engagement"),
    ("036", "Express intent to meet or negotiate"),
    ("037", "Express intent to settle dispute"),
    ("038", "Express intent to accept mediation"),
    ("039", "Express intent to mediate"),
    ("040", "Consult"),
    ("041", "Discuss by telephone"),
    ("042", "Make a visit"),
    ("043", "Host a visit"),
    ("044", "Meet at a 'third' location"),
    ("045", "Mediate"),
    ("046", "Engage in negotiation"),
    ("050", "Engage in diplomatic cooperation"),
    ("051", "Praise or endorse"),
    ("052", "Defend verbally"),
    ("053", "Rally support on behalf of"),
    ("054", "Grant diplomatic recognition"),
    ("055", "Apologize"),
    ("056", "Forgive"),
    ("057", "Sign formal agreement"),
    ("060", "Engage in material cooperation"),
    ("061", "Cooperate economically"),
    ("062", "Cooperate militarily"),
    ("063", "Engage in judicial cooperation"),
    ("064", "Share intelligence or information"),
    ("070", "Provide aid"),
    ("071", "Provide economic aid"),
    ("072", "Provide military aid"),
    ("073", "Provide humanitarian aid"),
    ("074", "Provide military protection or peacekeeping"),
    ("075", "Grant asylum"),
    ("080", "Yield"),
    ("081", "Ease administrative sanctions"),
    ("0811", "Ease restrictions on political freedoms"),
    ("0812", "Ease ban on political parties or politicians"),
    ("0813", "Ease curfew"),
    ("0814", "Ease state of emergency or martial law"),
    ("082", "Ease political dissent"),
    ("083", "Accede to requests or demands for political reform"),
    ("0831", "Accede to demands for change in leadership"),
    ("0832", "Accede to demands for change in policy"),
    ("0833", "Accede to demands for rights"),
    (
        "0834",
        "Accede to demands for change in institutions, regime",
    ),
    ("084", "Return, release"),
    ("0841", "Return, release person(s)"),
    ("0842", "Return, release property"),
    ("085", "Ease economic sanctions, boycott, embargo"),
    ("086", "Allow international involvement"),
    ("0861", "Receive deployment of peacekeepers"),
    ("0862", "Receive inspectors"),
    ("0863", "Allow humanitarian access"),
    ("087", "De-escalate military engagement"),
    ("0871", "Declare truce, ceasefire"),
    ("0872", "Ease military blockade"),
    ("0873", "Demobilize armed forces"),
    ("0874", "Retreat or surrender militarily"),
    ("090", "Investigate"),
    ("091", "Investigate crime, corruption"),
    ("092", "Investigate human rights abuses"),
    ("093", "Investigate military action"),
    ("094", "Investigate war crimes"),
    ("100", "Demand"),
    ("101", "Demand material cooperation"),
    ("1011", "Demand economic cooperation"),
    ("1012", "Demand military cooperation"),
    ("1013", "Demand judicial cooperation"),
    ("1014", "Demand intelligence cooperation"),
    (
        "102",
        "Demand diplomatic cooperation (such as policy support)",
    ),
    ("103", "Demand material aid"),
    ("1031", "Demand economic aid"),
    ("1032", "Demand military aid"),
    ("1033", "Demand humanitarian aid"),
    ("1034", "Demand military protection or peacekeeping"),
    ("104", "Demand political reform"),
    ("1041", "Demand change in leadership"),
    ("1042", "Demand policy change"),
    ("1043", "Demand rights"),
    ("1044", "Demand change in institutions, regime"),
    ("105", "Demand that target yields"),
    ("1051", "Demand easing of administrative sanctions"),
    ("1052", "Demand easing of political dissent"),
    ("1053", "Demand release of persons or property"),
    (
        "1054",
        "Demand easing of economic sanctions, boycott, or embargo",
    ),
    (
        "1055",
        "Demand that target allows international involvement (non-mediation)",
    ),
    ("1056", "Demand de-escalation of military engagement"),
    ("106", "Demand meeting, negotiation"),
    ("107", "Demand settling of dispute"),
    ("108", "Demand mediation"),
    ("110", "Disapprove"),
    ("111", "Criticize or denounce"),
    ("112", "Accuse"),
    ("1121", "Accuse of crime, corruption"),
    ("1122", "Accuse of human rights abuses"),
    ("1123", "Accuse of aggression"),
    ("1124", "Accuse of war crimes"),
    ("1125", "Accuse of espionage, treason"),
    ("113", "Rally opposition against"),
    ("114", "Complain officially"),
    ("115", "Bring lawsuit against"),
    ("116", "Find guilty or liable (legally)"),
    ("120", "Reject"),
    ("121", "Reject material cooperation"),
    ("1211", "Reject economic cooperation"),
    ("1212", "Reject military cooperation"),
    ("1213", "Reject judicial cooperation"),
    ("122", "Reject request or demand for material aid"),
    ("1221", "Reject request for economic aid"),
    ("1222", "Reject request for military aid"),
    ("1223", "Reject request for humanitarian aid"),
    (
        "1224",
        "Reject request for military protection or peacekeeping",
    ),
    ("123", "Reject request or demand for political reform"),
    ("1231", "Reject request for change in leadership"),
    ("1232", "Reject request for policy change"),
    ("1233", "Reject request for rights"),
    ("1234", "Reject request for change in institutions, regime"),
    ("124", "Refuse to yield"),
    ("1241", "Refuse to ease administrative sanctions"),
    ("1242", "Refuse to ease popular dissent"),
    ("1243", "Refuse to release persons or property"),
    (
        "1244",
        "Refuse to ease economic sanctions, boycott, or embargo",
    ),
    (
        "1245",
        "Refuse to allow international involvement (non-mediation)",
    ),
    ("1246", "Refuse to de-escalate military engagement"),
    ("125", "Reject proposal to meet, discuss, or negotiate"),
    ("126", "Reject mediation"),
    ("127", "Reject plan, agreement to settle dispute"),
    ("128", "Defy norms, law"),
    ("129", "Veto"),
    ("130", "Threaten"),
    ("131", "Threaten non-force"),
    ("1311", "Threaten to reduce or stop aid"),
    ("1312", "Threaten with sanctions, boycott, embargo"),
    ("1313", "Threaten to reduce or break relations"),
    ("132", "Threaten with administrative sanctions"),
    ("1321", "Threaten with restrictions on political freedoms"),
    ("1322", "Threaten to ban political parties or politicians"),
    ("1323", "Threaten to impose curfew"),
    (
        "1324",
        "Threaten to impose state of emergency or martial law",
    ),
    ("133", "Threaten with political dissent, protest"),
    ("134", "Threaten to halt negotiations"),
    ("135", "Threaten to halt mediation"),
    (
        "136",
        "Threaten to halt international involvement (non-mediation)",
    ),
    ("137", "Threaten with repression"),
    ("138", "Threaten with military force"),
    ("1381", "Threaten blockade"),
    ("1382", "Threaten occupation"),
    ("1383", "Threaten unconventional violence"),
    ("1384", "Threaten conventional attack"),
    ("1385", "Threaten attack with WMD"),
    ("139", "Give ultimatum"),
    ("140", "Engage in political dissent"),
    ("141", "Demonstrate or rally"),
    ("1411", "Demonstrate for leadership change"),
    ("1412", "Demonstrate for policy change"),
    ("1413", "Demonstrate for rights"),
    ("1414", "Demonstrate for change in institutions, regime"),
    ("142", "Conduct hunger strike"),
    ("1421", "Conduct hunger strike for leadership change"),
    ("1422", "Conduct hunger strike for policy change"),
    ("1423", "Conduct hunger strike for rights"),
    (
        "1424",
        "Conduct hunger strike for change in institutions, regime",
    ),
    ("143", "Conduct strike or boycott"),
    ("1431", "Conduct strike or boycott for leadership change"),
    ("1432", "Conduct strike or boycott for policy change"),
    ("1433", "Conduct strike or boycott for rights"),
    (
        "1434",
        "Conduct strike or boycott for change in institutions, regime",
    ),
    ("144", "Obstruct passage, block"),
    ("1441", "Obstruct passage to demand leadership change"),
    ("1442", "Obstruct passage to demand policy change"),
    ("1443", "Obstruct passage to demand rights"),
    (
        "1444",
        "Obstruct passage to demand change in institutions, regime",
    ),
    ("145", "Protest violently, riot"),
    ("1451", "Engage in violent protest for leadership change"),
    ("1452", "Engage in violent protest for policy change"),
    ("1453", "Engage in violent protest for rights"),
    (
        "1454",
        "Engage in violent protest for change in institutions, regime",
    ),
    ("150", "Demonstrate military or police power"),
    ("151", "Increase police alert status"),
    ("152", "Increase military alert status"),
    ("153", "Mobilize or increase police power"),
    ("154", "Mobilize or increase armed forces"),
    ("155", "Mobilize or increase cyber-forces"),
    ("160", "Reduce relations"),
    ("161", "Reduce or break diplomatic relations"),
    ("162", "Reduce or stop material aid"),
    ("1621", "Reduce or stop economic assistance"),
    ("1622", "Reduce or stop military assistance"),
    ("1623", "Reduce or stop humanitarian assistance"),
    ("163", "Impose embargo, boycott, or sanctions"),
    ("164", "Halt negotiations"),
    ("165", "Halt mediation"),
    ("166", "Expel or withdraw"),
    ("1661", "Expel or withdraw peacekeepers"),
    ("1662", "Expel or withdraw inspectors, observers"),
    ("1663", "Expel or withdraw aid agencies"),
    ("170", "Coerce"),
    ("171", "Seize or damage property"),
    ("1711", "Confiscate property"),
    ("1712", "Destroy property"),
    ("172", "Impose administrative sanctions"),
    ("1721", "Impose restrictions on political freedoms"),
    ("1722", "Ban political parties or politicians"),
    ("1723", "Impose curfew"),
    ("1724", "Impose state of emergency or martial law"),
    ("173", "Arrest, detain, or charge with legal action"),
    ("174", "Expel or deport individuals"),
    ("175", "Use tactics of violent repression"),
    ("176", "Attack cybernetically"),
    ("180", "Use unconventional violence"),
    ("181", "Abduct, hijack, or take hostage"),
    ("182", "Physically assault"),
    ("1821", "Sexually assault"),
    ("1822", "Torture"),
    ("1823", "Kill by physical assault"),
    ("183", "Conduct suicide, car, or other non-military bombing"),
    ("1831", "Carry out suicide bombing"),
    ("1832", "Carry out vehicular bombing"),
    ("1833", "Carry out roadside bombing"),
    ("1834", "Carry out location bombing"),
    ("184", "Use as human shield"),
    ("185", "Attempt to assassinate"),
    ("186", "Assassinate"),
    ("190", "Use conventional military force"),
    ("191", "Impose blockade, restrict movement"),
    ("192", "Occupy territory"),
    ("193", "Fight with small arms and light weapons"),
    ("194", "Fight with artillery and tanks"),
    ("195", "Employ aerial weapons"),
    ("1951", "Employ precision-guided aerial munitions"),
    ("1952", "Employ remotely piloted aerial munitions"),
    ("196", "Violate ceasefire"),
    ("200", "Use unconventional mass violence"),
    ("201", "Engage in mass expulsion"),
    ("202", "Engage in mass killings"),
    ("203", "Engage in ethnic cleansing"),
    ("204", "Use weapons of mass destruction"),
    ("2041", "Use chemical, biological, or radiological weapons"),
    ("2042", "Detonate nuclear weapons"),
];

/// Other spellings of event names, as ICEWS and older CAMEO versions write them.
const EVENT_NAME_VARIANTS: &[(&str, &str)] = &[
    ("Engage in unconventional mass violence", "200"),
    ("Demonstrate or rally for leadership change", "1411"),
    ("Demonstrate or rally for policy change", "1412"),
    ("Demonstrate or rally for rights", "1413"),
    (
        "Demonstrate or rally for change in institutions, regime",
        "1414",
    ),
    ("Engage in violent protest, riot", "145"),
    ("Exhibit military or police power", "150"),
    ("Find legally guilty or liable", "116"),
    ("Carry out car bombing", "1832"),
    ("Impose blockade or restrict movement", "191"),
    ("Allow for humanitarian access", "0863"),
    ("Return, release persons", "0841"),
    ("Engage in mediation", "045"),
    ("Make a statement", "010"),
];

/// The name of a known CAMEO event code (`"042"` -> `"Make a visit"`); `None` for a
/// code outside `EVENT_TYPES`.
pub(crate) fn event_name(code: &str) -> Option<&'static str> {
    EVENT_TYPES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .ok()
        .map(|i| EVENT_TYPES[i].1)
}

/// An index from event names, lower-cased, to codes: every name of `EVENT_TYPES`
/// and every variant spelling. ICEWS writes events by name.
pub(crate) fn event_names_index() -> HashMap<String, &'static str> {
    EVENT_TYPES
        .iter()
        .map(|(code, name)| (*name, *code))
        .chain(EVENT_NAME_VARIANTS.iter().copied())
        .map(|(name, code)| (name.to_lowercase(), code))
        .collect()
}

/// A CAMEO event read as a relation between the event's source and target actors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EventRelation {
    /// The relation.
    pub(crate) relation: Relation,
    /// Whether the claim runs from the event's target to its source (`043` host a
    /// visit: the target is the visitor).
    pub(crate) reversed: bool,
}

/// The relation of a known CAMEO event code, by root (table in the module docs);
/// `None` for a code outside `EVENT_TYPES`.
pub(crate) fn event_relation(code: &str) -> Option<EventRelation> {
    event_name(code)?;
    let forward = |relation| EventRelation {
        relation,
        reversed: false,
    };
    let root = code.get(..2)?;
    let relation = match root {
        "01" => Relation::Comments,
        "02" => Relation::Appeals,
        "03" => Relation::PledgedCooperation,
        "04" => match code.get(..3)? {
            "042" => Relation::Visited,
            "043" => {
                return Some(EventRelation {
                    relation: Relation::Visited,
                    reversed: true,
                });
            }
            "046" => Relation::Negotiates,
            _ => Relation::MetWith,
        },
        "05" if code.starts_with("057") => Relation::SignedAgreement,
        "05" => Relation::Cooperates(Sector::Diplomacy),
        "06" => match code.get(..3)? {
            "061" => Relation::Cooperates(Sector::Economy),
            "062" => Relation::SuppliesArms,
            "064" => Relation::Cooperates(Sector::Intelligence),
            _ => Relation::Cooperates(Sector::General),
        },
        "07" => Relation::Supports,
        "08" => Relation::Yields,
        "09" => Relation::Monitors,
        "10" => Relation::Demands,
        "11" => Relation::Criticizes,
        "12" => Relation::Rejects,
        "13" => Relation::Threatens,
        "14" => Relation::Protests,
        "15" => Relation::ShowsForce,
        "16" => Relation::SeveredRelations,
        "17" => Relation::Coerces,
        "18" | "19" | "20" => Relation::Attacks,
        _ => return None,
    };
    Some(forward(relation))
}

/// Role and type codes of CAMEO actor codes, with the kind they give (table in the
/// module docs).
const ACTOR_TYPES: &[(&str, ActorKind, Option<GroupType>)] = {
    use ActorKind::{Group, MediaOutlet};
    use GroupType::*;
    &[
        ("GOV", Group, Some(Agency)),
        ("COP", Group, Some(Agency)),
        ("JUD", Group, Some(Agency)),
        ("SPY", Group, Some(Agency)),
        ("LEG", Group, Some(Agency)),
        ("UIS", Group, Some(Agency)),
        ("MIL", Group, Some(Military)),
        ("PKO", Group, Some(Military)),
        ("REB", Group, Some(ArmedGroup)),
        ("INS", Group, Some(ArmedGroup)),
        ("SEP", Group, Some(ArmedGroup)),
        ("UAF", Group, Some(ArmedGroup)),
        ("IMG", Group, Some(ArmedGroup)),
        ("OPP", Group, Some(Party)),
        ("PTY", Group, Some(Party)),
        ("BUS", Group, Some(Company)),
        ("MNC", Group, Some(Company)),
        ("MED", MediaOutlet, None),
        ("IGO", Group, Some(Forum)),
        ("NGO", Group, Some(Ngo)),
        ("NGM", Group, Some(Ngo)),
        ("HRI", Group, Some(Ngo)),
        ("ENV", Group, Some(Ngo)),
        ("AMN", Group, Some(Ngo)),
        ("IRC", Group, Some(Ngo)),
        ("GRP", Group, Some(Ngo)),
        ("MSF", Group, Some(Ngo)),
        ("EDU", Group, Some(University)),
        ("CRM", Group, Some(CriminalNetwork)),
        ("REL", Group, Some(Religious)),
        ("CVL", Group, Some(Other)),
        ("ELI", Group, Some(Other)),
        ("REF", Group, Some(Other)),
        ("SET", Group, Some(Other)),
        ("LAB", Group, Some(Other)),
        ("AGR", Group, Some(Other)),
        ("DEV", Group, Some(Other)),
        ("HLH", Group, Some(Other)),
        ("MOD", Group, Some(Other)),
        ("RAD", Group, Some(Other)),
    ]
};

/// The kind given by a CAMEO role or type code (`"GOV"` -> group, agency); `None` for
/// any other code.
pub(crate) fn actor_type(code: &str) -> Option<(ActorKind, Option<GroupType>)> {
    ACTOR_TYPES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, kind, group)| (*kind, *group))
}

/// The CAMEO actor code tables (countries, regions, role and type codes, known
/// groups, religions), as data with their references: `cameo_actors.tsv`.
const ACTOR_CODES: &str = include_str!("cameo_actors.tsv");

/// A table of CAMEO actor codes (`cameo_actors.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CodeTable {
    /// A state or territory, by its CAMEO (mostly ISO 3166 alpha-3) code: `USA`.
    Country,
    /// An area larger or other than one state: `AFR`, `MEA`, `WST`.
    Region,
    /// A role or type: `GOV`, `MIL`, `IGO`.
    Type,
    /// A known group: `UNO`, `HMS`, `EEC`.
    Group,
    /// A religion: `CHR`, `MOS`.
    Religion,
}

impl CodeTable {
    fn of(name: &str) -> Option<CodeTable> {
        Some(match name {
            "country" => CodeTable::Country,
            "region" => CodeTable::Region,
            "type" => CodeTable::Type,
            "group" => CodeTable::Group,
            "religion" => CodeTable::Religion,
            _ => return None,
        })
    }
}

/// The tables of `ACTOR_CODES`, parsed once.
struct ActorCodes {
    labels: HashMap<(CodeTable, &'static str), &'static str>,
    /// Folded names of every country and region: names of places.
    places: HashSet<String>,
}

fn actor_codes() -> &'static ActorCodes {
    static CODES: OnceLock<ActorCodes> = OnceLock::new();
    CODES.get_or_init(|| {
        let labels: HashMap<_, _> = ACTOR_CODES
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut fields = l.split('\t');
                let table = CodeTable::of(fields.next()?)?;
                Some(((table, fields.next()?), fields.next()?))
            })
            .collect();
        let places = labels
            .iter()
            .filter(|((t, _), _)| matches!(t, CodeTable::Country | CodeTable::Region))
            .map(|(_, label)| fold_name(label))
            .collect();
        ActorCodes { labels, places }
    })
}

/// The label of a code in one table (`(Country, "IRN")` -> `"Iran"`).
pub(crate) fn code_label(table: CodeTable, code: &str) -> Option<&'static str> {
    actor_codes().labels.get(&(table, code)).copied()
}

/// Whether a three-letter code is a CAMEO region code.
pub(crate) fn is_region(code: &str) -> bool {
    code_label(CodeTable::Region, code).is_some()
}

/// Whether a folded name is the name of a country or region of the tables.
pub(crate) fn is_country_or_region_name(folded: &str) -> bool {
    actor_codes().places.contains(folded)
}

/// A CAMEO actor code read through the tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeName {
    /// The actor's name (`"United States government"`).
    pub(crate) name: String,
    /// Whether the code holds a known group (`IGOUNO`): it then stands for one
    /// organisation, which other names can name.
    pub(crate) known_group: bool,
}

/// The name of a CAMEO actor code read through the tables, or `None` when a part of
/// it is in none of them (module docs, "Actor names").
pub(crate) fn actor_name(code: &str) -> Option<CodeName> {
    if code.is_empty()
        || !code.len().is_multiple_of(3)
        || !code.bytes().all(|b| b.is_ascii_uppercase())
    {
        return None;
    }
    let mut place = None;
    let mut group: Option<(usize, &str)> = None;
    let mut labels: Vec<&str> = Vec::new();
    for (i, part) in (0..code.len())
        .step_by(3)
        .map(|i| &code[i..i + 3])
        .enumerate()
    {
        // The first part is where an actor is from; later ones say what it is.
        let order: &[CodeTable] = if i == 0 {
            &[
                CodeTable::Country,
                CodeTable::Region,
                CodeTable::Type,
                CodeTable::Group,
                CodeTable::Religion,
            ]
        } else {
            // `UNO`, `AMN` and `IRC` are in both the type and the known-group file:
            // after an `IGO` or `NGO` they name the organisation.
            &[
                CodeTable::Group,
                CodeTable::Type,
                CodeTable::Religion,
                CodeTable::Country,
                CodeTable::Region,
            ]
        };
        let (table, label) = order
            .iter()
            .find_map(|t| code_label(*t, part).map(|l| (*t, l)))?;
        match table {
            CodeTable::Country | CodeTable::Region if place.is_none() => place = Some(label),
            CodeTable::Country | CodeTable::Region => {}
            CodeTable::Group => group = Some((labels.len(), label)),
            CodeTable::Type | CodeTable::Religion => labels.push(label),
        }
    }
    let name = match (group, place) {
        // A known group is named by itself: the country and the type before it (`IGO`,
        // `NGO`) only say where it is and what kind it is; roles after it narrow it.
        (Some((at, group)), _) => std::iter::once(group)
            .chain(labels[at..].iter().copied())
            .collect::<Vec<_>>()
            .join(" "),
        (None, Some(place)) => std::iter::once(place)
            .chain(labels.iter().copied())
            .collect::<Vec<_>>()
            .join(" "),
        (None, None) => {
            let joined = labels.join(" ");
            let mut chars = joined.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        }
    };
    Some(CodeName {
        name,
        known_group: group.is_some(),
    })
}

/// The validation shared by the event formats: one row's claim and the actors it
/// names (subject, object and source, in any order; each must be given), as a record
/// to stage. Checks the claim against the row's own actor kinds; a conflict with a
/// stored kind is the commit stage's to find.
pub(crate) fn event_record(
    view: &View<'_>,
    actors: Vec<Actor>,
    mut claim: Claim,
) -> Result<Record, Invalid> {
    if claim.subject == claim.object {
        return Err(Invalid::new(
            SkipReason::SelfLoop,
            format!("{} acts on itself", claim.subject),
        ));
    }
    let kind_of =
        |key: &crate::model::ActorKey| actors.iter().find(|a| a.key == *key).map(|a| a.kind);
    let (Some(subject_kind), Some(object_kind)) = (kind_of(&claim.subject), kind_of(&claim.object))
    else {
        return Err(Invalid::new(
            SkipReason::MissingActor,
            "the row's claim names an actor the row does not give",
        ));
    };
    if claim.relation == Relation::Visited && object_kind == ActorKind::Person {
        claim.relation = Relation::MetWith;
    }
    let kind = claim.relation.kind();
    for (key, field, actor_kind, allowed) in [
        (&claim.subject, "subject", subject_kind, kind.domain()),
        (&claim.object, "object", object_kind, kind.range()),
    ] {
        if !allowed.contains(actor_kind) {
            let why = StoreError::KindMismatch {
                relation: claim.relation.clone(),
                field,
                key: key.clone(),
                kind: actor_kind,
            };
            return Err(Invalid::new(SkipReason::KindsDoNotFit, why.to_string()));
        }
    }
    // Actors repeat on most rows: one whose key already has all these names adds
    // nothing.
    let actors = actors
        .into_iter()
        .filter(|a| {
            let key = a.key.as_str();
            view.kind_of(key) != Some(a.kind) || !a.names().all(|n| view.has_name(key, n))
        })
        .collect();
    Ok(Record::Stage {
        actors,
        claims: vec![claim],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_sorted_and_well_formed() {
        for pair in EVENT_TYPES.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        for (code, _) in EVENT_TYPES {
            assert!(code.len() == 3 || code.len() == 4, "{code}");
            let root: u8 = code[..2].parse().unwrap();
            assert!((1..=20).contains(&root), "{code}");
        }
        // Counts per root of the CAMEO 1.1b3 codebook with GDELT's additions and
        // ICEWS's 1213: 10+27+28+7+8+5+6+25+5+27+12+27+22+26+6+13+13+14+9+7.
        assert_eq!(EVENT_TYPES.len(), 297);
    }

    #[test]
    fn every_relation_has_its_codes_root() {
        for (code, _) in EVENT_TYPES {
            let mapped = event_relation(code).unwrap();
            let root: u8 = code[..2].parse().unwrap();
            let expected = if root == 18 || root == 20 { 19 } else { root };
            assert_eq!(mapped.relation.cameo_root(), Some(expected), "{code}");
        }
    }

    #[test]
    fn visits_and_sub_codes() {
        assert_eq!(
            event_relation("043"),
            Some(EventRelation {
                relation: Relation::Visited,
                reversed: true
            })
        );
        assert_eq!(event_relation("042").unwrap().relation, Relation::Visited);
        assert!(!event_relation("042").unwrap().reversed);
        assert_eq!(
            event_relation("046").unwrap().relation,
            Relation::Negotiates
        );
        assert_eq!(
            event_relation("057").unwrap().relation,
            Relation::SignedAgreement
        );
        assert_eq!(
            event_relation("062").unwrap().relation,
            Relation::SuppliesArms
        );
        assert_eq!(event_relation("0874").unwrap().relation, Relation::Yields);
        assert_eq!(event_relation("099"), None);
        assert_eq!(event_relation("21"), None);
    }

    #[test]
    fn names_index_finds_variants_case_blind() {
        let index = event_names_index();
        assert_eq!(
            index.get("fight with small arms and light weapons"),
            Some(&"193")
        );
        assert_eq!(index.get("engage in mediation"), Some(&"045"));
        assert_eq!(event_name("1124"), Some("Accuse of war crimes"));
    }

    #[test]
    fn actor_codes() {
        assert_eq!(
            actor_type("GOV"),
            Some((ActorKind::Group, Some(GroupType::Agency)))
        );
        assert_eq!(actor_type("MED"), Some((ActorKind::MediaOutlet, None)));
        assert_eq!(actor_type("USA"), None);
        assert!(is_region("MEA"));
        assert!(!is_region("CHN"));
        // CAF is the Central African Republic; Central Africa is CFR.
        assert!(!is_region("CAF"));
        assert!(is_region("CFR"));
    }

    #[test]
    fn code_tables_hold_every_line_of_the_data_file() {
        let lines = ACTOR_CODES
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .count();
        assert_eq!(lines, 236 + 25 + 41 + 115 + 31);
        assert_eq!(super::actor_codes().labels.len(), lines);
        let count = |table| {
            super::actor_codes()
                .labels
                .keys()
                .filter(|(t, _)| *t == table)
                .count()
        };
        assert_eq!(
            [
                count(CodeTable::Country),
                count(CodeTable::Region),
                count(CodeTable::Type),
                count(CodeTable::Group),
                count(CodeTable::Religion)
            ],
            [236, 25, 41, 115, 31]
        );
    }

    fn name(code: &str) -> Option<String> {
        actor_name(code).map(|n| n.name)
    }

    #[test]
    fn countries_are_named_by_the_country_table() {
        assert_eq!(name("USA").as_deref(), Some("United States"));
        assert_eq!(name("IRN").as_deref(), Some("Iran"));
        // CAMEO codes that are not ISO 3166: a place, and an older code.
        assert_eq!(name("WSB").as_deref(), Some("West Bank"));
        assert_eq!(name("ROM").as_deref(), Some("Romania"));
        assert_eq!(name("EUR").as_deref(), Some("Europe"));
        assert!(!actor_name("USA").unwrap().known_group);
    }

    #[test]
    fn role_codes_with_a_country_form_its_groups() {
        assert_eq!(name("USAGOV").as_deref(), Some("United States government"));
        assert_eq!(name("IRNMIL").as_deref(), Some("Iran military"));
        assert_eq!(
            name("CHNOPP").as_deref(),
            Some("China political opposition")
        );
        assert_eq!(name("EGYCHR").as_deref(), Some("Egypt Christian"));
        assert_eq!(
            name("MNCUSAMED").as_deref(),
            Some("United States multinational corporation media")
        );
        // Without a country: the role alone.
        assert_eq!(name("GOV").as_deref(), Some("Government"));
        assert_eq!(name("REL").as_deref(), Some("Religious groups"));
        assert!(!actor_name("USAGOV").unwrap().known_group);
    }

    #[test]
    fn igos_and_known_groups_are_named_by_the_group() {
        assert_eq!(name("IGOUNO").as_deref(), Some("United Nations"));
        assert_eq!(name("IGOEUREEC").as_deref(), Some("European Union"));
        assert_eq!(name("NGOBUSWEF").as_deref(), Some("World Economic Forum"));
        assert_eq!(name("PSEHMS").as_deref(), Some("Hamas"));
        assert_eq!(name("HMSMIL").as_deref(), Some("Hamas military"));
        assert!(actor_name("IGOUNO").unwrap().known_group);
    }

    #[test]
    fn codes_outside_the_tables_have_no_name() {
        assert_eq!(actor_name("XYZ"), None);
        assert_eq!(actor_name("USAXYZ"), None);
        assert_eq!(actor_name("USAG"), None);
        assert_eq!(actor_name("ran"), None);
        assert_eq!(actor_name(""), None);
    }
}
