//! The canonical forms of the tamper-evident record (`motcua_domain::record`), pinned. The
//! expected hashes were computed once by an independent implementation (Python's `hashlib`,
//! following the byte layout written in `record.rs`), not by this code: a change to the layout
//! breaks this test on purpose, because every chain and anchor already stored was made with it.
//! A new layout gets a new tag (`motcua/event/v2`) and keeps the v1 verifier.

use motcua_domain::record::{anchor_root, event_hash, hex, parse_hex, Leaf, GENESIS};

const CODE: &str = "UBND-X-260105-0001";
/// Three stored events (`dossier_events.data`), one with non-ASCII text.
const DATA: [&str; 3] = [
    r#"{"kind":"submitted"}"#,
    r#"{"kind":"received","note":"Đã nhận"}"#,
    "{}",
];
const CHAIN_V1: [&str; 3] = [
    "4da274df0b09bddc2be43c3627e01e20525fe7f492e12a9e5d9bbda4899d7843",
    "6c25b332f4a8b7594d7e2e729b29856d8a575bdf4d58665f94625aa67636f216",
    "01710142bb6261a390d5b751d0d43187e42a1f092979590a1c9fe15c6d429b2e",
];

#[test]
fn event_hashes_v1_are_pinned() {
    let mut prev = GENESIS;
    for (i, (data, expected)) in DATA.iter().zip(CHAIN_V1).enumerate() {
        let h = event_hash(&prev, CODE, i as i64 + 1, data);
        assert_eq!(hex(&h), expected, "event {}", i + 1);
        prev = h;
    }
}

#[test]
fn anchor_root_v1_is_pinned() {
    let head = parse_hex(CHAIN_V1[2]).expect("hex");
    // Given out of order: the root sorts by the code's bytes ("A-Đ" < "UBND-…").
    let leaves = vec![
        Leaf {
            code: CODE.into(),
            seq: 3,
            head,
        },
        Leaf {
            code: "A-Đ".into(),
            seq: 1,
            head: [1; 32],
        },
    ];
    assert_eq!(
        hex(&anchor_root(leaves)),
        "ae136b7523a7367f1ffbf9768cba6acf027e586df3e2a4a36b1dddfd9f502275"
    );
    assert_eq!(
        hex(&anchor_root(Vec::new())),
        "60b13492c6fe6fdbb1c22298eae4c5fa33c1af8366d7e2983c039b875a967782"
    );
}
