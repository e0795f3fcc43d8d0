//! ICEWS event quadruples read as claims: subject, CAMEO event text, object, date.
//!
//! # Input
//!
//! Tab-separated lines of exactly four fields, without a header, as in the ICEWS05-15
//! and ICEWS14 benchmark splits (`\t` stands for a tab):
//!
//! ```text
//! Police (Australia)\tConsult\tCity Mayor (Australia)\t2005-10-11
//! ```
//!
//! The date is a whole `YYYY-MM-DD`: the data sets write nothing coarser, so a shorter
//! date is a truncated one, and an error. Blank lines are ignored; `\r\n` endings are
//! accepted.
//!
//! # What a row becomes
//!
//! - **Relation.** The event text is looked up, ignoring case, among the CAMEO event
//!   names (module `cameo`, with ICEWS's spellings), and the code found maps to the
//!   relation vocabulary by its root: "Make statement" (`010`) comments, "Consult"
//!   (`040`) met with, "Express intent to cooperate" (`030`) pledged cooperation,
//!   "Make a visit" (`042`) visited, "Host a visit" (`043`) visited with the direction
//!   reversed (the object visited the subject), "Sign formal agreement" (`057`) signed
//!   agreement, "Engage in negotiation" (`046`) negotiates, "Provide economic aid"
//!   (`071`) supports, "Criticize or denounce" (`111`) criticizes, "Arrest, detain, or
//!   charge with legal action" (`173`) coerces, "Use conventional military force"
//!   (`190`) attacks, and so on. A visit whose host is a person is `MetWith` (see the
//!   `cameo` module). The claim keeps both `ICEWS:<text>` and `CAMEO:<code>`.
//! - **Actors** are keyed `icews:<name>` with each run of white space made one `_`
//!   (`icews:Police_(Australia)`), named as written. Their kind:
//!   1. a name in the table of country names ICEWS uses (`COUNTRIES`, which includes
//!      territories with their own ISO code, such as Hong Kong: ICEWS treats them as
//!      countries) is a state;
//!   2. a name in `REGIONS` (continents, sea basins, and sub-national areas such as
//!      Aceh or Crimea) is a region;
//!   3. `Sector (Place)` is a sector actor of that place, kept as the attributes
//!      `sector` and `country` (or `parent` when the place is not a country:
//!      `Military Wing (Hamas)`). Its kind comes from the sector by the first matching
//!      rule of `SECTOR_RULES` (words compared without case):
//!      single office holders ("Head of Government", "Governor", "Envoy", "Party
//!      President", any "chief", "leader" or "commander") are persons; people described
//!      by a trade or a condition ("Citizen", "Men", "Protester", "Lawyer/Attorney",
//!      "Media Personnel", "News Editor") are collectives, groups of type other;
//!      "Media", "Newspaper", "Web Site" are media outlets; "Military", "Naval", "Air
//!      Force" military (or armed groups when the place is not a country: "Military
//!      Wing (Hamas)"); "Insurgent", "Militant", "Armed Rebel" armed groups; "Police",
//!      any "Ministry", "Government", "Cabinet", courts, legislatures, commissions
//!      agencies; parties and the opposition parties; "Business", "Bank", "Industry"
//!      companies; "Education", "Professor" universities; activists, unions and rights
//!      groups NGOs; clergy and believers religious groups; anything else a group of
//!      type other. "Citizen" is a collective rather than a person because it stands
//!      for many people at once, and "Media Personnel" rather than a media outlet
//!      because it is journalists who act, not a publication;
//!   4. any other name is matched against `NAME_RULES`, words that mark an
//!      organisation ("Party", "Army", "Ministry", "University", "Press", "Bank",
//!      "Watch", "Union", ...) and a short list of well-known groups and outlets
//!      (Hamas, Hezbollah, Taliban, Xinhua, Al Jazeera, ...);
//!   5. a single word left over is a group of type other (ICEWS writes people with at
//!      least two names; one word is an acronym, a clan or an ethnic group);
//!   6. anything else is a person (Barack Obama, Wen Jiabao).
//!
//!   These are heuristics on names: an organisation without a telling word is read as
//!   a person, and the choice is visible in each actor's kind.
//! - **Valid time** is the date.
//! - **Evidence.** ICEWS has no source column, so every claim gets one attribution
//!   whose outlet is a single actor standing for the data set: key `icews`, a media
//!   outlet named "ICEWS event data (ICEWS05-15 test split)". Its confidence is an
//!   explicit 0.5 (`ICEWS_CONFIDENCE`): events coded by machine from news with no
//!   way to weigh the source, an even chance, as this crate's Admiralty table also
//!   rates a source whose reliability cannot be judged. It is reported on the event's
//!   date. Because every attribution shares that outlet, all ICEWS evidence is one
//!   voice: the same event coded twice (by a visit and its hosting, say) merges into
//!   one claim without raising its confidence.
//!
//! # Bad input
//!
//! Rows are read by the `csv` crate (tab-separated, unquoted, fields trimmed), each
//! with its line; a byte-order mark at the start of the file is dropped (it used to
//! become part of the first actor's name). Every problem is a
//! [`SkipReason`] with the line and, where there is one, the
//! column (`subject`, `event`, `object`, `date`).
//!
//! Skipped and counted even by a strict import:
//!
//! | reason | when |
//! |---|---|
//! | `MissingActor` | the subject or object field is empty |
//! | `UnknownCode` | the event text is not a CAMEO event name |
//! | `KindsDoNotFit` | the actors' kinds are outside the relation's domain or range (a region that makes a statement) |
//! | `SelfLoop` | subject and object are the same actor |
//!
//! Errors that fail a strict import (which then changes nothing), or skips with
//! `skip_invalid`: a field that is not UTF-8 or holds U+FEFF (`InvalidUtf8`,
//! `ByteOrderMark`); a row without exactly four fields (`Malformed`); a date that is
//! not a whole `YYYY-MM-DD` of the years 1 to 9999 (`2015-03`, `2015-02-30`:
//! `InvalidDate`); a name that cannot be a key (its key would exceed 256 bytes:
//! `InvalidValue`); an actor key already in the graph with another kind (`Rejected`).

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use super::cameo;
use super::import::{Invalid, Limits, Read, Record, RecordReader, View};
use super::input::{Dialect, Rows};
use super::{IoError, Position, SkipReason};
use crate::model::{
    Actor, ActorKey, ActorKind, Attribution, Claim, Grade, GroupType, PartialDate, ValidTime,
};

/// The confidence of every ICEWS attribution (reasons in the module docs).
const ICEWS_CONFIDENCE: f64 = 0.5;

/// Key of the actor standing for the data set.
const DATASET_KEY: &str = "icews";

/// Name of the actor standing for the data set.
const DATASET_NAME: &str = "ICEWS event data (ICEWS05-15 test split)";

/// Country names as ICEWS writes them: the places of the test split's `Sector (Place)`
/// names that are countries, completed with the rest of the ISO 3166 list in ICEWS's
/// spelling.
const COUNTRIES: &[&str] = &[
    "Afghanistan",
    "Albania",
    "Algeria",
    "American Samoa",
    "Andorra",
    "Angola",
    "Anguilla",
    "Antigua and Barbuda",
    "Argentina",
    "Armenia",
    "Aruba",
    "Australia",
    "Austria",
    "Azerbaijan",
    "Bahamas",
    "Bahrain",
    "Bangladesh",
    "Barbados",
    "Belarus",
    "Belgium",
    "Belize",
    "Benin",
    "Bermuda",
    "Bhutan",
    "Bolivia",
    "Bosnia and Herzegovina",
    "Botswana",
    "Brazil",
    "Brunei",
    "Bulgaria",
    "Burkina Faso",
    "Burundi",
    "Cambodia",
    "Cameroon",
    "Canada",
    "Cape Verde",
    "Cayman Islands",
    "Central African Republic",
    "Chad",
    "Chile",
    "China",
    "Christmas Island",
    "Colombia",
    "Comoros",
    "Congo",
    "Cook Islands",
    "Costa Rica",
    "Cote d'Ivoire",
    "Croatia",
    "Cuba",
    "Curacao",
    "Cyprus",
    "Czech Republic",
    "Democratic Republic of Congo",
    "Denmark",
    "Djibouti",
    "Dominica",
    "Dominican Republic",
    "Ecuador",
    "Egypt",
    "El Salvador",
    "Equatorial Guinea",
    "Eritrea",
    "Estonia",
    "Ethiopia",
    "Falkland Islands (Malvinas)",
    "Faroe Islands",
    "Fiji",
    "Finland",
    "France",
    "French Guiana",
    "French Polynesia",
    "Gabon",
    "Gambia",
    "Georgia",
    "Germany",
    "Ghana",
    "Gibraltar",
    "Greece",
    "Greenland",
    "Grenada",
    "Guadeloupe",
    "Guam",
    "Guatemala",
    "Guinea",
    "Guinea-Bissau",
    "Guyana",
    "Haiti",
    "Holy See (Vatican City State)",
    "Honduras",
    "Hong Kong",
    "Hungary",
    "Iceland",
    "India",
    "Indonesia",
    "Iran",
    "Iraq",
    "Ireland",
    "Israel",
    "Italy",
    "Jamaica",
    "Japan",
    "Jordan",
    "Kazakhstan",
    "Kenya",
    "Kiribati",
    "Kosovo",
    "Kuwait",
    "Kyrgyzstan",
    "Laos",
    "Latvia",
    "Lebanon",
    "Lesotho",
    "Liberia",
    "Libya",
    "Liechtenstein",
    "Lithuania",
    "Luxembourg",
    "Macao",
    "Macedonia",
    "Madagascar",
    "Malawi",
    "Malaysia",
    "Maldives",
    "Mali",
    "Malta",
    "Marshall Islands",
    "Martinique",
    "Mauritania",
    "Mauritius",
    "Mayotte",
    "Mexico",
    "Micronesia",
    "Moldova",
    "Monaco",
    "Mongolia",
    "Montenegro",
    "Montserrat",
    "Morocco",
    "Mozambique",
    "Myanmar",
    "Namibia",
    "Nauru",
    "Nepal",
    "Netherlands",
    "New Caledonia",
    "New Zealand",
    "Nicaragua",
    "Niger",
    "Nigeria",
    "Niue",
    "Norfolk Island",
    "North Korea",
    "Northern Mariana Islands",
    "Norway",
    "Oman",
    "Pakistan",
    "Palau",
    "Palestinian Territory, Occupied",
    "Panama",
    "Papua New Guinea",
    "Paraguay",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Puerto Rico",
    "Qatar",
    "Reunion",
    "Romania",
    "Russia",
    "Rwanda",
    "Saint Kitts and Nevis",
    "Saint Lucia",
    "Saint Vincent and the Grenadines",
    "Samoa",
    "San Marino",
    "Sao Tome and Principe",
    "Saudi Arabia",
    "Senegal",
    "Serbia",
    "Seychelles",
    "Sierra Leone",
    "Singapore",
    "Slovakia",
    "Slovenia",
    "Solomon Islands",
    "Somalia",
    "South Africa",
    "South Korea",
    "South Sudan",
    "Spain",
    "Sri Lanka",
    "Sudan",
    "Suriname",
    "Swaziland",
    "Sweden",
    "Switzerland",
    "Syria",
    "Taiwan",
    "Tajikistan",
    "Tanzania",
    "Thailand",
    "Timor-Leste",
    "Togo",
    "Tonga",
    "Trinidad and Tobago",
    "Tunisia",
    "Turkey",
    "Turkmenistan",
    "Turks and Caicos Islands",
    "Tuvalu",
    "Uganda",
    "Ukraine",
    "United Arab Emirates",
    "United Kingdom",
    "United States",
    "Uruguay",
    "Uzbekistan",
    "Vanuatu",
    "Venezuela",
    "Vietnam",
    "Western Sahara",
    "Yemen",
    "Zambia",
    "Zimbabwe",
];

/// Regions: continents and their parts, sea basins, and sub-national areas that ICEWS
/// names as actors.
const REGIONS: &[&str] = &[
    "Abkhazia",
    "Aceh",
    "Africa",
    "Arctic",
    "Asia",
    "Asia-Pacific",
    "Asturias",
    "Balkans",
    "Caribbean",
    "Caucasus",
    "Central Africa",
    "Central America",
    "Central Asia",
    "Chechnya",
    "Corsica",
    "Crimea",
    "Darfur",
    "East Africa",
    "East Asia",
    "Eastern Europe",
    "England",
    "Europe",
    "Gaza Strip",
    "Horn of Africa",
    "Indian Administered Kashmir",
    "Iraqi Kurdistan",
    "Kashmir",
    "Kurdistan",
    "Latin America",
    "Madrid",
    "Mediterranean",
    "Middle East",
    "North Africa",
    "North America",
    "Northern Ireland",
    "Oceania",
    "Pakistan administered Kashmir",
    "Persian Gulf",
    "Puntland",
    "Republic of South Ossetia",
    "Sahel",
    "Scandinavia",
    "Scotland",
    "Somaliland",
    "South America",
    "South Asia",
    "South Ossetia",
    "Southeast Asia",
    "Southern Africa",
    "Sub-Saharan Africa",
    "Tatarstan",
    "The Hague",
    "Tibet",
    "Tibet Autonomous Region",
    "Transnistria",
    "Wales",
    "West Africa",
    "West Bank",
    "Western Europe",
    "Xinjiang Uyghur",
    "Zanzibar",
];

/// A kind with its group type.
type Kind = (ActorKind, Option<GroupType>);

const PERSON: Kind = (ActorKind::Person, None);
const MEDIA: Kind = (ActorKind::MediaOutlet, None);
const fn group(t: GroupType) -> Kind {
    (ActorKind::Group, Some(t))
}
const OTHER: Kind = group(GroupType::Other);
const AGENCY: Kind = group(GroupType::Agency);
const MILITARY: Kind = group(GroupType::Military);
const ARMED: Kind = group(GroupType::ArmedGroup);
const CRIME: Kind = group(GroupType::CriminalNetwork);
const PARTY: Kind = group(GroupType::Party);
const COMPANY: Kind = group(GroupType::Company);
const UNIVERSITY: Kind = group(GroupType::University);
const NGO: Kind = group(GroupType::Ngo);
const FORUM: Kind = group(GroupType::Forum);
const RELIGIOUS: Kind = group(GroupType::Religious);

/// Rules for the sector of a `Sector (Place)` name: the first rule with a phrase found
/// among the sector's words gives the kind; no match gives a group of type other.
const SECTOR_RULES: &[(&[&str], Kind)] = &[
    // People described by a trade, before the words of their field.
    (
        &[
            "media personnel",
            "news editor",
            "blogger",
            "medical personnel",
            "presidential family",
            "armed services deserter",
        ],
        OTHER,
    ),
    // One office holder at a time.
    (
        &[
            "head of government",
            "head of state",
            "chief",
            "speaker",
            "president",
            "leader",
            "commander",
            "ruler",
            "attorney general",
            "director general",
            "inspector general",
            "ombudsman",
            "advisor",
            "undersecretary",
            "charge daffaires",
            "admiral",
            "air marshall",
            "candidate",
            "governor",
            "mayor",
            "envoy",
            "ambassador",
            "representative to the united nations",
            "district commissioner",
            "prime minister",
        ],
        PERSON,
    ),
    (
        &[
            "media",
            "newspaper",
            "web site",
            "television",
            "radio",
            "news agency",
        ],
        MEDIA,
    ),
    (
        &[
            "military",
            "army",
            "naval",
            "navy",
            "air force",
            "airman",
            "marine",
            "armed forces",
            "peacekeeping",
            "troop",
            "soldier",
            "reserve personnel",
            "joint chiefs",
            "commando",
            "fighter bomber",
            "attack helicopter",
            "attack craft",
            "spy plane",
        ],
        MILITARY,
    ),
    (
        &[
            "rebel",
            "insurgent",
            "insurgency",
            "militant",
            "militants",
            "guerrilla",
            "guerilla",
            "separatist",
            "terrorist",
            "militia",
            "armed gang",
            "armed band",
            "armed opposition",
            "opposition force",
            "combatant",
            "extremist",
            "mujahideen",
            "freedom fighter",
            "resistance",
        ],
        ARMED,
    ),
    (
        &["organized crime", "drug gang", "drug dealer", "sex trade"],
        CRIME,
    ),
    (
        &[
            "party",
            "parties",
            "opposition",
            "ruling coalition",
            "liberals",
            "united left",
        ],
        PARTY,
    ),
    (
        &[
            "police",
            "ministry",
            "ministery",
            "department",
            "government",
            "cabinet",
            "legislature",
            "legislative",
            "parliament",
            "congress",
            "senate",
            "house of representatives",
            "assembly",
            "assemblies",
            "judiciary",
            "court",
            "courts",
            "judge",
            "prosecutor",
            "commission",
            "council",
            "secretariat",
            "administration",
            "affairs",
            "intelligence",
            "secret agent",
            "customs",
            "border patrol",
            "fire brigade",
            "drug enforcement",
            "regulator",
            "civil service",
            "civil servant",
            "public sector",
            "bureaucrat",
            "official",
            "officials",
            "member of parliament",
            "lawmaker",
            "representatives",
            "central bank",
            "board of revenue",
            "agency",
            "public works",
            "press service",
            "aide",
        ],
        AGENCY,
    ),
    (
        &[
            "business",
            "businessperson",
            "company",
            "bank",
            "industry",
            "airline",
            "firm",
            "contractor",
            "oil tanker",
            "container ship",
        ],
        COMPANY,
    ),
    (
        &["education", "university", "professor", "scholar"],
        UNIVERSITY,
    ),
    (
        &[
            "human rights group",
            "civic group",
            "union",
            "association",
            "activist",
            "environmentalist",
            "non governmental organizations",
        ],
        NGO,
    ),
    (
        &[
            "religion",
            "muslim",
            "christian",
            "clergy",
            "cleric",
            "priest",
            "bishop",
            "archbishop",
            "preacher",
            "rabbi",
            "jew",
            "hindu",
            "sikh",
            "buddhist",
            "anglican",
            "catholic",
            "church",
            "monastery",
            "abbot",
            "prelate",
            "believer",
            "pilgrim",
            "islamic",
        ],
        RELIGIOUS,
    ),
];

/// Rules for names without a place: well-known groups and outlets by name, then words
/// that mark an organisation. First match wins; no match leaves the name to the
/// one-word and person rules.
const NAME_RULES: &[(&[&str], Kind)] = &[
    // Names that the word rules below would misread.
    (
        &[
            "association of southeast asian nations",
            "african union",
            "european union",
            "united nations",
            "un mission",
            "security council",
        ],
        FORUM,
    ),
    (
        &[
            "democratic force",
            "democratic forces",
            "republican force",
            "united russia",
            "law and justice",
            "national list",
        ],
        PARTY,
    ),
    (
        &[
            "hamas",
            "hezbollah",
            "hizbollah",
            "taliban",
            "al qaeda",
            "al qaida",
            "al shabaab",
            "boko haram",
            "abu sayyaf",
            "lashkar e taiba",
            "jabhat al nusra",
            "islamic state",
            "fatah al islam",
            "tamil tigers",
            "farc",
            "unita",
            "janjaweed",
            "shabiha",
            "liberation",
            "militia",
            "militias",
            "brigade",
            "brigades",
            "mujahideen",
            "jihad",
            "insurgents",
            "rebels",
            "lords resistance army",
            "republican army",
            "peoples army",
            "free syrian army",
            "liberation army",
        ],
        ARMED,
    ),
    (
        &[
            "armed forces",
            "defense forces",
            "defence forces",
            "defense force",
            "national army",
            "army",
            "navy",
            "air force",
            "coast guard",
            "marines",
            "military",
            "troops",
            "force",
            "forces",
            "defence force",
            "command",
            "battalion",
            "commandos",
        ],
        MILITARY,
    ),
    (
        &[
            "press",
            "presse",
            "news",
            "times",
            "post",
            "herald",
            "tribune",
            "journal",
            "gazette",
            "daily",
            "radio",
            "television",
            "tv",
            "broadcasting",
            "newspaper",
            "magazine",
            "telegraph",
            "xinhua",
            "reuters",
            "al jazeera",
            "al arabiya",
            "kyodo",
            "yonhap",
            "interfax",
            "itar tass",
            "bernama",
            "notimex",
            "bbc",
            "cnn",
            "nhk",
            "haaretz",
            "kathimerini",
            "milliyet",
            "sankei",
            "granma",
            "inquirer",
            "kantipur",
            "chronicle",
            "media",
            "al akhbar",
            "al bayan",
            "al gomhuria",
            "al khaleej",
            "al sharq al awsat",
        ],
        MEDIA,
    ),
    (
        &[
            "party",
            "kuomintang",
            "likud",
            "kadima",
            "jobbik",
            "shiv sena",
            "bharatiya janata",
            "congress",
            "aam aadmi",
            "democratic",
            "democracy",
        ],
        PARTY,
    ),
    (
        &["university", "college", "institute", "school", "academy"],
        UNIVERSITY,
    ),
    (
        &[
            "watch",
            "amnesty",
            "red cross",
            "red crescent",
            "greenpeace",
            "oxfam",
            "foundation",
            "society",
            "federation",
            "students",
            "actionaid",
            "without borders",
            "league",
            "labor union",
            "trade union",
            "trade unions",
            "workers union",
            "human rights",
            "rights",
            "observatory",
            "association",
            "confederation",
            "chamber of commerce",
            "guild",
            "club",
            "center",
            "centre",
            "forum",
            "transparency international",
            "save the children",
        ],
        NGO,
    ),
    (
        &[
            "security council",
            "human rights council",
            "cooperation council",
            "general assembly",
            "european parliament",
            "world bank",
            "development bank",
            "union",
            "nations",
            "organization",
            "organisation",
            "fund",
            "association of",
            "community",
            "nato",
            "opec",
            "interpol",
            "asean",
            "ecowas",
            "european commission",
            "high commission for refugees",
        ],
        FORUM,
    ),
    (&["central bank", "reserve bank", "federal reserve"], AGENCY),
    (
        &[
            "company",
            "companies",
            "corporation",
            "corp",
            "inc",
            "ltd",
            "plc",
            "bank",
            "airlines",
            "airways",
            "motors",
            "petroleum",
            "holdings",
            "industries",
            "telecom",
            "airport",
        ],
        COMPANY,
    ),
    (
        &[
            "ministry",
            "department",
            "office",
            "police",
            "agency",
            "authority",
            "bureau",
            "court",
            "government",
            "administration",
            "parliament",
            "senate",
            "assembly",
            "cabinet",
            "council",
            "commission",
            "committee",
            "intelligence",
            "service",
            "board",
            "chamber of deputies",
            "chamber of senators",
            "house of chiefs",
            "nasa",
            "usaid",
        ],
        AGENCY,
    ),
    (
        &["church", "diocese", "mosque", "patriarchate", "synod"],
        RELIGIOUS,
    ),
    (
        &[
            "group",
            "movement",
            "front",
            "alliance",
            "coalition",
            "network",
            "people",
            "clan",
            "tribe",
        ],
        OTHER,
    ),
];

/// The first rule of `rules` with a phrase among the words of `text` (a phrase matches
/// whole consecutive words of the folded text).
fn first_match(rules: &[(&[&str], Kind)], text: &str) -> Option<Kind> {
    let folded = crate::model::fold_name(text);
    let words: Vec<&str> = folded.split(' ').collect();
    let has = |phrase: &str| {
        let wanted: Vec<&str> = phrase.split(' ').collect();
        words.windows(wanted.len()).any(|w| w == wanted.as_slice())
    };
    rules
        .iter()
        .find(|(phrases, _)| phrases.iter().any(|p| has(p)))
        .map(|(_, kind)| *kind)
}

/// Splits `Sector (Place)` at the parenthesis that matches the final one, so that
/// `Cabinet (Holy See (Vatican City State))` gives the place `Holy See (Vatican City
/// State)`; `None` for a name without a final parenthesised place or without a sector.
fn sector_and_place(name: &str) -> Option<(&str, &str)> {
    let inner = name.strip_suffix(')')?;
    let mut depth = 0usize;
    for (i, c) in inner.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' if depth == 0 => {
                let sector = inner[..i].trim();
                let place = inner[i + 1..].trim();
                return (!sector.is_empty() && !place.is_empty()).then_some((sector, place));
            }
            '(' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Classifies actor names and keeps each actor built, since ICEWS repeats the same
/// few thousand names tens of thousands of times.
struct Actors {
    countries: HashSet<&'static str>,
    regions: HashSet<&'static str>,
    built: HashMap<String, Actor>,
}

impl Actors {
    fn new() -> Self {
        Actors {
            countries: COUNTRIES.iter().copied().collect(),
            regions: REGIONS.iter().copied().collect(),
            built: HashMap::new(),
        }
    }

    /// The kind of a name, with its sector and place for `Sector (Place)` names
    /// (rules in the module docs).
    fn kind(&self, name: &str) -> (Kind, Option<(&'static str, String, String)>) {
        if self.countries.contains(name) {
            return ((ActorKind::State, None), None);
        }
        if self.regions.contains(name) {
            return ((ActorKind::Region, None), None);
        }
        if let Some((sector, place)) = sector_and_place(name) {
            let in_country = self.countries.contains(place);
            let mut kind = first_match(SECTOR_RULES, sector).unwrap_or(OTHER);
            if kind == MILITARY && !in_country && !self.regions.contains(place) {
                // The military wing of a non-state group is an armed group.
                kind = ARMED;
            }
            let relation = if in_country { "country" } else { "parent" };
            return (kind, Some((relation, sector.to_owned(), place.to_owned())));
        }
        let kind =
            first_match(NAME_RULES, name).unwrap_or(if name.split_whitespace().count() == 1 {
                OTHER
            } else {
                PERSON
            });
        (kind, None)
    }

    /// The actor named `name`, built once.
    fn get(&mut self, name: &str, field: &'static str) -> Result<Actor, Invalid> {
        if let Some(actor) = self.built.get(name) {
            return Ok(actor.clone());
        }
        let field_error =
            |message: String| Invalid::new(SkipReason::InvalidValue, message).at(field);
        let key = format!(
            "icews:{}",
            name.split_whitespace().collect::<Vec<_>>().join("_")
        );
        ActorKey::new(key.as_str()).map_err(|e| field_error(e.to_string()))?;
        let ((kind, group_type), sector) = self.kind(name);
        let mut actor = Actor::new(&key, kind, name).map_err(|e| field_error(e.to_string()))?;
        if let Some(group_type) = group_type {
            actor = actor.with_group_type(group_type);
        }
        if let Some((relation, sector, place)) = sector {
            actor = actor
                .with_attribute("sector", sector)
                .with_attribute(relation, place);
        }
        self.built.insert(name.to_owned(), actor.clone());
        Ok(actor)
    }
}

/// The reader of ICEWS quadruples: tab-separated rows of the `csv` crate, unquoted.
pub(crate) struct Reader<R> {
    rows: Rows<R>,
    vocabulary: HashMap<String, &'static str>,
    actors: Actors,
    dataset: Actor,
}

pub(crate) fn reader<R: BufRead>(reader: R, limits: Limits) -> Result<Reader<R>, IoError> {
    let rows = Rows::new(reader, limits.line_bytes, |_| Dialect {
        delimiter: b'\t',
        quoting: false,
        trim: true,
    })?;
    let dataset = Actor::new(DATASET_KEY, ActorKind::MediaOutlet, DATASET_NAME).map_err(|e| {
        IoError::Store {
            position: Position::item("dataset"),
            source: e.into(),
        }
    })?;
    Ok(Reader {
        rows,
        vocabulary: cameo::event_names_index(),
        actors: Actors::new(),
        dataset,
    })
}

/// Column names, for positions.
const COLUMN_NAMES: [&str; 4] = ["subject", "event", "object", "date"];

fn column(i: usize) -> String {
    COLUMN_NAMES
        .get(i)
        .map_or_else(|| format!("column {}", i + 1), |n| (*n).to_owned())
}

impl<R: BufRead> RecordReader for Reader<R> {
    type Raw = csv::StringRecord;

    fn next(&mut self) -> Result<Option<Read<csv::StringRecord>>, IoError> {
        Ok(self
            .rows
            .next_row(column)?
            .map(|(line, row)| (Position::line(line), row)))
    }

    fn validate(
        &mut self,
        _: &Position,
        record: csv::StringRecord,
        view: &View<'_>,
        _: &Limits,
    ) -> Result<Record, Invalid> {
        let fields: Vec<&str> = record.iter().collect();
        let [subject, event, object, date] = fields[..] else {
            return Err(Invalid::new(
                SkipReason::Malformed,
                format!(
                    "expected 4 tab-separated fields (subject, event, object, date), found {}",
                    fields.len()
                ),
            ));
        };
        if subject.is_empty() || object.is_empty() {
            let which = if subject.is_empty() {
                "subject"
            } else {
                "object"
            };
            return Err(Invalid::new(SkipReason::MissingActor, "is empty").at(which));
        }
        let Some((code, mapped)) = self
            .vocabulary
            .get(&event.to_lowercase())
            .and_then(|code| Some((*code, cameo::event_relation(code)?)))
        else {
            return Err(Invalid::new(
                SkipReason::UnknownCode,
                format!("{event:?} is not a CAMEO event name"),
            )
            .at("event"));
        };
        let date =
            full_date(date).map_err(|m| Invalid::new(SkipReason::InvalidDate, m).at("date"))?;
        let subject = self.actors.get(subject, "subject")?;
        let object = self.actors.get(object, "object")?;
        let (from, to) = if mapped.reversed {
            (&object, &subject)
        } else {
            (&subject, &object)
        };
        let attribution = Attribution::new(Grade::Confidence(ICEWS_CONFIDENCE))
            .with_outlet(self.dataset.key.clone())
            .with_reported(date);
        let claim = Claim::new(
            from.key.clone(),
            mapped.relation,
            to.key.clone(),
            ValidTime::at(date),
        )
        .with_code(format!("ICEWS:{event}"))
        .with_code(format!("CAMEO:{code}"))
        .with_evidence(attribution);
        cameo::event_record(view, vec![subject, object, self.dataset.clone()], claim)
    }
}

/// A full `YYYY-MM-DD` date: a truncated one (`2015-03`, `2015-0`) is refused rather
/// than read as a coarser date.
fn full_date(text: &str) -> Result<PartialDate, String> {
    let b = text.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(format!("expected YYYY-MM-DD, found {text:?}"));
    }
    match text.parse::<PartialDate>() {
        Ok(d) if d.year_value() >= 1 => Ok(d),
        Ok(_) => Err(format!("{text} is before the year 1")),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sectors_split_at_the_matching_parenthesis() {
        assert_eq!(
            sector_and_place("Cabinet (Holy See (Vatican City State))"),
            Some(("Cabinet", "Holy See (Vatican City State)"))
        );
        assert_eq!(
            sector_and_place("Member of Legislative (Govt) (Algeria)"),
            Some(("Member of Legislative (Govt)", "Algeria"))
        );
        assert_eq!(sector_and_place("Barack Obama"), None);
        assert_eq!(sector_and_place("(France)"), None);
    }

    #[test]
    fn kinds_of_names() {
        let a = Actors::new();
        let kind = |n: &str| a.kind(n).0;
        assert_eq!(kind("France"), (ActorKind::State, None));
        assert_eq!(kind("Middle East"), (ActorKind::Region, None));
        assert_eq!(kind("Barack Obama"), PERSON);
        assert_eq!(kind("Police (Australia)"), AGENCY);
        assert_eq!(kind("Foreign Affairs (France)"), AGENCY);
        assert_eq!(kind("Government (Nigeria)"), AGENCY);
        assert_eq!(kind("Citizen (India)"), OTHER);
        assert_eq!(kind("Media Personnel (France)"), OTHER);
        assert_eq!(kind("Media (Africa)"), MEDIA);
        assert_eq!(kind("Head of Government (Egypt)"), PERSON);
        assert_eq!(kind("Military (Russia)"), MILITARY);
        assert_eq!(kind("Military Wing (Hamas)"), ARMED);
        assert_eq!(kind("Business (Japan)"), COMPANY);
        assert_eq!(kind("Associated Press"), MEDIA);
        assert_eq!(kind("Boko Haram"), ARMED);
        assert_eq!(kind("International Monetary Fund"), FORUM);
        assert_eq!(kind("UN Security Council"), FORUM);
        assert_eq!(kind("Human Rights Watch"), NGO);
        assert_eq!(kind("Kim Jong Un"), PERSON);
        assert_eq!(kind("Gazprom"), OTHER);
    }
}
