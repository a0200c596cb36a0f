//! Known-answer tests of every primitive the tokens are built on, from the standards, and the
//! properties of the construction.

use super::*;

fn unhex(s: &str) -> Vec<u8> {
    from_hex(&s.replace([' ', '\n'], "")).unwrap()
}

#[test]
fn sha256_fips_180_4() {
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): "abc" and the 448-bit message.
    assert_eq!(
        to_hex(&Sha256::digest(b"abc")),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        to_hex(&Sha256::digest(
            b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        )),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
}

#[test]
fn sm3_gb_t_32905() {
    // GB/T 32905-2016, Appendix A: example 1 ("abc") and example 2 ("abcd" × 16).
    assert_eq!(
        to_hex(&Sm3::digest(b"abc")),
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    );
    assert_eq!(
        to_hex(&Sm3::digest(b"abcd".repeat(16))),
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    );
}

#[test]
fn hmac_sha256_rfc_4231() {
    let mac = |key: &[u8], data: &[u8]| {
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
        m.update(data);
        to_hex(&m.finalize().into_bytes())
    };
    // Test case 1.
    assert_eq!(
        mac(&[0x0b; 20], b"Hi There"),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
    // Test case 2.
    assert_eq!(
        mac(b"Jefe", b"what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // Test case 6: a key longer than the block size.
    assert_eq!(
        mac(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        ),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
}

#[test]
fn hkdf_sha256_rfc_5869() {
    // Test case 1.
    let ikm = [0x0b; 22];
    let salt = unhex("000102030405060708090a0b0c");
    let info = unhex("f0f1f2f3f4f5f6f7f8f9");
    let mut okm = [0u8; 42];
    Hkdf::<Sha256>::new(Some(&salt), &ikm)
        .expand(&info, &mut okm)
        .unwrap();
    assert_eq!(
        to_hex(&okm),
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    );
    // Test case 3: no salt, no info.
    let mut okm = [0u8; 42];
    Hkdf::<Sha256>::new(None, &ikm)
        .expand(&[], &mut okm)
        .unwrap();
    assert_eq!(
        to_hex(&okm),
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
    );
}

fn secret(byte: u8) -> Secret {
    Secret::from_bytes(&key(byte)).unwrap()
}

#[test]
fn secret_text_round_trips_and_catches_typos() {
    let s = Secret::from_bytes(&(0u8..32).collect::<Vec<_>>()).unwrap();
    let text = s.to_text();
    assert!(text.starts_with("CB1-00010203-04050607-"), "{text}");
    assert_eq!(text.split('-').count(), 1 + 8 + 1);
    assert_eq!(Secret::parse(&text).unwrap(), s);
    assert_eq!(
        Secret::parse(&text.to_uppercase().replace('-', " ")).unwrap(),
        s
    );
    let typo = text.replacen("0001", "0011", 1);
    assert_eq!(Secret::parse(&typo), Err(SecretError::Checksum));
    assert_eq!(Secret::parse("CB1-zz"), Err(SecretError::Format));
    assert_eq!(Secret::parse("hello"), Err(SecretError::Format));
    assert_eq!(Secret::from_bytes(&[1; 15]), Err(SecretError::TooShort));
    // An all-zero secret is refused whatever its check group: anyone could guess it.
    let zeros = format!("CB1-{}-0000", "0".repeat(64));
    assert_eq!(Secret::parse(&zeros), Err(SecretError::Weak));
    assert_eq!(Secret::from_bytes(&[0; 32]), Err(SecretError::Weak));
    assert_eq!(Secret::from_bytes(&[0xFF; 16]), Err(SecretError::Weak));
    assert!(
        !format!("{s:?}").contains("00"),
        "Debug must not show the secret"
    );
}

#[test]
fn fingerprints_identify_secret_and_scheme_only() {
    let f = fingerprint(&secret(1), Scheme::HmacSha256);
    assert_eq!(f.len(), 19);
    assert_eq!(f, fingerprint(&secret(1), Scheme::HmacSha256));
    assert_ne!(f, fingerprint(&secret(2), Scheme::HmacSha256));
    assert_ne!(f, fingerprint(&secret(1), Scheme::HmacSm3));
    assert_eq!(fingerprint(&secret(1), Scheme::Sha256Insecure), "unkeyed");
}

#[test]
fn tokens_are_separated_by_field_scheme_and_secret() {
    let v = b"11010519491231002X";
    let t = |s: u8, scheme, field| Tokenizer::new(&secret(s), scheme, field, 16).token(v);
    let base = t(1, Scheme::HmacSha256, Field::Id);
    assert_eq!(base, t(1, Scheme::HmacSha256, Field::Id));
    assert_ne!(base, t(2, Scheme::HmacSha256, Field::Id));
    assert_ne!(base, t(1, Scheme::HmacSm3, Field::Id));
    assert_ne!(base, t(1, Scheme::HmacSha256, Field::Name));
    assert_ne!(base, t(1, Scheme::Sha256Insecure, Field::Id));
    // The token is HMAC(HKDF field key, value): recomputed here from the primitives.
    let mut field_key = [0u8; 32];
    Hkdf::<Sha256>::new(Some(b"canbao/token/v1"), &key(1))
        .expand(b"hmac-sha256\0id", &mut field_key)
        .unwrap();
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&field_key).unwrap();
    m.update(v);
    assert_eq!(base.as_slice(), m.finalize().into_bytes().as_slice());
    // Unkeyed: SHA-256("id" 0x00 value).
    assert_eq!(
        t(9, Scheme::Sha256Insecure, Field::Id).as_slice(),
        Sha256::digest(b"id\x0011010519491231002X").as_slice()
    );
}

/// 32 secret bytes that differ from each other (a secret of one repeated byte is refused).
fn key(first: u8) -> [u8; 32] {
    core::array::from_fn(|i| first.wrapping_add(i as u8))
}

/// `file::CODES` is the closed list of token-file and comparison codes: each one is given by
/// some file, and the reader gives no other.
#[test]
fn every_file_code_is_listed_and_reachable() {
    use super::file::{TokenFile, CODES};
    use super::matching::{compare, Options};
    let head = |scheme: &str, fields: &str, print: &str, bits: u16, rows: &str, body: &str| {
        format!(
            "#canbao-tokens,1\n#scheme,{scheme}\n#fields,{fields}\n#fingerprint,{print}\n#bits,{bits}\n#rows,{rows}\n#created,2026-11-23\nref,{}\n{body}",
            fields.replace(';', ",")
        )
    };
    let key = "3f2a-9c1d-5b7e-d412";
    let good = head("hmac-sha256", "id", key, 128, "1", "1,\n");
    let read = |text: &str| TokenFile::parse(text).map(|_| ()).map_err(|e| e.code);
    let mut seen = std::collections::BTreeSet::new();
    for (text, code) in [
        ("ref,id\n1,\n".to_string(), "not_token_file"),
        (
            good.replace("#canbao-tokens,1", "#canbao-tokens,9"),
            "unsupported_version",
        ),
        (good.replace("#bits,128", "#bits,64"), "bad_header"),
        (good.replace("\n1,\n", "\n1,,\n"), "bad_row"),
        (good.replace("\n1,\n", "\n1,zz\n"), "bad_token"),
        (good.replace("#rows,1", "#rows,2"), "row_count"),
        (
            good.replace("#rows,1", "#rows,99999999999"),
            "too_many_rows",
        ),
        (
            head("hmac-sha256", "id", key, 128, "2", "1,\n1,\n"),
            "duplicate_ref",
        ),
    ] {
        assert_eq!(read(&text), Err(code), "{text}");
        seen.insert(code);
    }
    let file = |scheme: &str, fields: &str, print: &str, bits: u16| {
        TokenFile::parse(&head(scheme, fields, print, bits, "1", "1,\n")).unwrap()
    };
    let a = file("hmac-sha256", "id", key, 128);
    for (b, opts, code) in [
        (file("hmac-sm3", "id", key, 128), false, "scheme_mismatch"),
        (
            file("hmac-sha256", "id", "0000-1111-2222-3333", 128),
            false,
            "fingerprint_mismatch",
        ),
        (file("hmac-sha256", "id", key, 256), false, "bits_mismatch"),
        (
            file("hmac-sha256", "name", key, 128),
            false,
            "missing_fields",
        ),
        (file("hmac-sha256", "id", key, 128), true, "missing_fields"),
    ] {
        let o = Options {
            name_birth_date: opts,
        };
        assert_eq!(compare(&a, &b, o).unwrap_err().code, code);
        seen.insert(code);
    }
    let listed: std::collections::BTreeSet<&str> = CODES.into_iter().collect();
    assert_eq!(seen, listed);
    assert_eq!(listed.len(), CODES.len(), "a code is listed twice");
}
