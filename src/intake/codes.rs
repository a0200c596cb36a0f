//! The code lists of the enrollment form, defined once: 民族 (GB/T 3304-1991), 与户主关系
//! (GB/T 4761-2008), 户籍性质, 证件类型 and 参保类别. The form's check uses only the codes (as
//! bit sets computed at compile time, so the labels stay out of the small identity module);
//! the labels are published as `enrollment-codes.json` (generated from these tables by
//! `make schema`, checked by `tests/format.rs`) for pages and portals to build their lists.

/// One entry of a code list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    /// The code the form carries.
    pub code: &'static str,
    /// Its name in Chinese.
    pub zh: &'static str,
    /// Its name in English.
    pub en: &'static str,
    /// The sex the entry implies (relations such as 妻 or 长子): 1 male, 2 female, 0 none.
    pub sex: u8,
}

const fn entry(code: &'static str, zh: &'static str, en: &'static str, sex: u8) -> Code {
    Code { code, zh, en, sex }
}

/// An entry that implies no sex.
const fn c(code: &'static str, zh: &'static str, en: &'static str) -> Code {
    entry(code, zh, en, 0)
}

/// An entry that implies a man.
const fn m(code: &'static str, zh: &'static str, en: &'static str) -> Code {
    entry(code, zh, en, 1)
}

/// An entry that implies a woman.
const fn w(code: &'static str, zh: &'static str, en: &'static str) -> Code {
    entry(code, zh, en, 2)
}

/// 中国各民族名称的罗马字母拼写法和代码 (GB/T 3304-1991): the 56 ethnic groups in the standard's
/// order with its romanisations, then 97 其他 (unrecognised groups) and 98 外国血统中国籍人士,
/// which household registers use alongside it.
pub const ETHNIC_GROUPS: [Code; 58] = [
    c("01", "汉族", "Han"),
    c("02", "蒙古族", "Mongol"),
    c("03", "回族", "Hui"),
    c("04", "藏族", "Zang (Tibetan)"),
    c("05", "维吾尔族", "Uygur"),
    c("06", "苗族", "Miao"),
    c("07", "彝族", "Yi"),
    c("08", "壮族", "Zhuang"),
    c("09", "布依族", "Buyei"),
    c("10", "朝鲜族", "Chosen (Korean)"),
    c("11", "满族", "Man (Manchu)"),
    c("12", "侗族", "Dong"),
    c("13", "瑶族", "Yao"),
    c("14", "白族", "Bai"),
    c("15", "土家族", "Tujia"),
    c("16", "哈尼族", "Hani"),
    c("17", "哈萨克族", "Kazak"),
    c("18", "傣族", "Dai"),
    c("19", "黎族", "Li"),
    c("20", "傈僳族", "Lisu"),
    c("21", "佤族", "Va"),
    c("22", "畲族", "She"),
    c("23", "高山族", "Gaoshan"),
    c("24", "拉祜族", "Lahu"),
    c("25", "水族", "Sui"),
    c("26", "东乡族", "Dongxiang"),
    c("27", "纳西族", "Naxi"),
    c("28", "景颇族", "Jingpo"),
    c("29", "柯尔克孜族", "Kirgiz"),
    c("30", "土族", "Tu"),
    c("31", "达斡尔族", "Daur"),
    c("32", "仫佬族", "Mulam"),
    c("33", "羌族", "Qiang"),
    c("34", "布朗族", "Blang"),
    c("35", "撒拉族", "Salar"),
    c("36", "毛南族", "Maonan"),
    c("37", "仡佬族", "Gelao"),
    c("38", "锡伯族", "Xibe"),
    c("39", "阿昌族", "Achang"),
    c("40", "普米族", "Pumi"),
    c("41", "塔吉克族", "Tajik"),
    c("42", "怒族", "Nu"),
    c("43", "乌孜别克族", "Uzbek"),
    c("44", "俄罗斯族", "Russ"),
    c("45", "鄂温克族", "Ewenki"),
    c("46", "德昂族", "Deang"),
    c("47", "保安族", "Bonan"),
    c("48", "裕固族", "Yugur"),
    c("49", "京族", "Gin"),
    c("50", "塔塔尔族", "Tatar"),
    c("51", "独龙族", "Derung"),
    c("52", "鄂伦春族", "Oroqen"),
    c("53", "赫哲族", "Hezhen"),
    c("54", "门巴族", "Monba"),
    c("55", "珞巴族", "Lhoba"),
    c("56", "基诺族", "Jino"),
    c("97", "其他", "Other (unrecognised)"),
    c(
        "98",
        "外国血统中国籍人士",
        "Chinese citizen of foreign origin",
    ),
];

/// 家庭关系代码 (GB/T 4761-2008): a household member's relation to the householder (户主).
pub const RELATIONS: [Code; 84] = [
    c("01", "本人", "Self"),
    c("02", "户主", "Householder"),
    c("10", "配偶", "Spouse"),
    m("11", "夫", "Husband"),
    w("12", "妻", "Wife"),
    m("20", "子", "Son"),
    m("21", "独生子", "Only son"),
    m("22", "长子", "Eldest son"),
    m("23", "次子", "Second son"),
    m("24", "三子", "Third son"),
    m("25", "四子", "Fourth son"),
    m("26", "五子", "Fifth son"),
    m("27", "养子或继子", "Adopted son or stepson"),
    m("28", "女婿", "Son-in-law"),
    m("29", "其他儿子", "Other son"),
    w("30", "女", "Daughter"),
    w("31", "独生女", "Only daughter"),
    w("32", "长女", "Eldest daughter"),
    w("33", "次女", "Second daughter"),
    w("34", "三女", "Third daughter"),
    w("35", "四女", "Fourth daughter"),
    w("36", "五女", "Fifth daughter"),
    w("37", "养女或继女", "Adopted daughter or stepdaughter"),
    w("38", "儿媳", "Daughter-in-law"),
    w("39", "其他女儿", "Other daughter"),
    c("40", "孙子、孙女或外孙子、外孙女", "Grandchild"),
    m("41", "孙子", "Grandson (son's son)"),
    w("42", "孙女", "Granddaughter (son's daughter)"),
    m("43", "外孙子", "Grandson (daughter's son)"),
    w("44", "外孙女", "Granddaughter (daughter's daughter)"),
    w("45", "孙媳妇或外孙媳妇", "Grandson's wife"),
    m("46", "孙女婿或外孙女婿", "Granddaughter's husband"),
    m("47", "曾孙子或外曾孙子", "Great-grandson"),
    w("48", "曾孙女或外曾孙女", "Great-granddaughter"),
    c("49", "其他孙子、孙女或外孙子、外孙女", "Other grandchild"),
    c("50", "父母", "Parent"),
    m("51", "父亲", "Father"),
    w("52", "母亲", "Mother"),
    m("53", "公公", "Father-in-law (husband's father)"),
    w("54", "婆婆", "Mother-in-law (husband's mother)"),
    m("55", "岳父", "Father-in-law (wife's father)"),
    w("56", "岳母", "Mother-in-law (wife's mother)"),
    m("57", "继父或养父", "Stepfather or adoptive father"),
    w("58", "继母或养母", "Stepmother or adoptive mother"),
    c("59", "其他父母关系", "Other parent"),
    c("60", "祖父母或外祖父母", "Grandparent"),
    m("61", "祖父", "Grandfather (father's father)"),
    w("62", "祖母", "Grandmother (father's mother)"),
    m("63", "外祖父", "Grandfather (mother's father)"),
    w("64", "外祖母", "Grandmother (mother's mother)"),
    c("65", "配偶的祖父母或外祖父母", "Spouse's grandparent"),
    m("66", "曾祖父", "Great-grandfather"),
    w("67", "曾祖母", "Great-grandmother"),
    c(
        "68",
        "配偶的曾祖父母或外曾祖父母",
        "Spouse's great-grandparent",
    ),
    c("69", "其他祖父母或外祖父母", "Other grandparent"),
    c("70", "兄弟姐妹", "Sibling"),
    m("71", "兄", "Elder brother"),
    w("72", "嫂", "Elder brother's wife"),
    m("73", "弟", "Younger brother"),
    w("74", "弟媳", "Younger brother's wife"),
    w("75", "姐姐", "Elder sister"),
    m("76", "姐夫", "Elder sister's husband"),
    w("77", "妹妹", "Younger sister"),
    m("78", "妹夫", "Younger sister's husband"),
    c("79", "其他兄弟姐妹", "Other sibling"),
    c("80", "其他", "Other"),
    m("81", "伯父", "Uncle (father's elder brother)"),
    w("82", "伯母", "Aunt (wife of father's elder brother)"),
    m("83", "叔父", "Uncle (father's younger brother)"),
    w("84", "婶母", "Aunt (wife of father's younger brother)"),
    m("85", "舅父", "Uncle (mother's brother)"),
    w("86", "舅母", "Aunt (wife of mother's brother)"),
    m("87", "姨夫", "Uncle (husband of mother's sister)"),
    w("88", "姨母", "Aunt (mother's sister)"),
    m("89", "姑父", "Uncle (husband of father's sister)"),
    w("90", "姑母", "Aunt (father's sister)"),
    c("91", "堂兄弟、堂姐妹", "Cousin (father's brother's child)"),
    c("92", "表兄弟、表姐妹", "Cousin (other)"),
    m("93", "侄子", "Nephew (brother's son)"),
    w("94", "侄女", "Niece (brother's daughter)"),
    m("95", "外甥", "Nephew (sister's son)"),
    w("96", "外甥女", "Niece (sister's daughter)"),
    c("97", "其他亲属", "Other relative"),
    c("99", "非亲属", "Not related"),
];

/// 户籍性质: agricultural and non-agricultural household registration, and the unified
/// 居民户口 that replaced both where the 2014 reform is in force.
pub const HUKOU: [Code; 3] = [
    c("agricultural", "农业户口", "Agricultural"),
    c("non_agricultural", "非农业户口", "Non-agricultural"),
    c("resident", "居民户口", "Resident (unified)"),
];

/// 证件类型: what identifies the person on the form. A newborn without an identity number is
/// registered with the 出生医学证明 and a guardian's identity number.
pub const DOC_TYPES: [Code; 4] = [
    c("resident", "居民身份证", "Resident ID card"),
    c(
        "permit",
        "港澳台居民居住证",
        "Hong Kong, Macau or Taiwan residence permit",
    ),
    c(
        "foreign",
        "外国人永久居留身份证",
        "Foreigner's permanent residence ID",
    ),
    c(
        "newborn",
        "无证件（新生儿，出生医学证明）",
        "None (newborn: birth certificate)",
    ),
];

/// 参保类别: the kinds of enrollment category (the policy's `categories[].kind`).
pub const CATEGORIES: [Code; 4] = [
    c("resident", "城乡居民", "Resident"),
    c("student", "中小学生", "School pupil"),
    c("university_student", "大学生", "University student"),
    c("newborn", "新生儿", "Newborn"),
];

/// The set of two-digit codes of a list whose entries imply `sex` (0: every entry).
const fn mask(codes: &[Code], sex: u8) -> u128 {
    let mut m = 0u128;
    let mut i = 0;
    while i < codes.len() {
        let b = codes[i].code.as_bytes();
        if sex == 0 || codes[i].sex == sex {
            m |= 1u128 << ((b[0] - b'0') as u32 * 10 + (b[1] - b'0') as u32);
        }
        i += 1;
    }
    m
}

/// The ethnic-group codes.
pub const ETHNIC_MASK: u128 = mask(&ETHNIC_GROUPS, 0);
/// The relation codes.
pub const RELATION_MASK: u128 = mask(&RELATIONS, 0);
/// Relations that imply a man.
pub const MALE_RELATIONS: u128 = mask(&RELATIONS, 1);
/// Relations that imply a woman.
pub const FEMALE_RELATIONS: u128 = mask(&RELATIONS, 2);

/// Whether `s` is a two-digit code in `set`.
pub fn in_set(set: u128, s: &str) -> bool {
    match s.as_bytes() {
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
            set >> ((a - b'0') as u32 * 10 + (b - b'0') as u32) & 1 == 1
        }
        _ => false,
    }
}

/// The code lists as JSON (`enrollment-codes.json`): `{ list: [{ code, zh, en, sex? }] }`.
pub fn json() -> String {
    let list = |codes: &[Code]| -> serde_json::Value {
        codes
            .iter()
            .map(|c| {
                let mut o = serde_json::json!({ "code": c.code, "zh": c.zh, "en": c.en });
                if c.sex != 0 {
                    o["sex"] = (if c.sex == 1 { "male" } else { "female" }).into();
                }
                o
            })
            .collect()
    };
    let v = serde_json::json!({
        "$comment": "Generated from src/intake/codes.rs by `make schema`; do not edit.",
        "docTypes": list(&DOC_TYPES),
        "ethnicGroups": list(&ETHNIC_GROUPS),
        "hukou": list(&HUKOU),
        "categories": list(&CATEGORIES),
        "relations": list(&RELATIONS),
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

/// The entry of `code` in `list`.
pub fn find(list: &'static [Code], code: &str) -> Option<&'static Code> {
    list.iter().find(|c| c.code == code)
}
