//! The tamper-evident record: each dossier's events form a hash chain, and a daily anchor ties
//! the heads of all chains into one hash an operator can print or publish.
//!
//! Pure: the store computes these hashes when it appends and reads them back to verify; the
//! canonical forms below are pinned by `tests/record_format.rs` and never change in place (a
//! new form gets a new tag, `…/v2`, and the v1 reader stays).
//!
//! **Event hash (v1).** SHA-256 over, in order:
//! `"motcua/event/v1\n"`, the dossier code (u64 big-endian byte length, then its UTF-8 bytes),
//! the event's sequence number (i64 big-endian), the event as stored (`dossier_events.data`,
//! u64 big-endian byte length, then its UTF-8 bytes), and last the previous event's hash
//! (32 bytes; 32 zero bytes for the first event). The code and sequence number make an
//! event unmovable to another dossier or place; the stored JSON is the event (the other
//! columns of its row are derived from it). The previous hash comes last so everything
//! before it can be hashed before the write starts ([`EventDigest`]): the serialised part of
//! an append only finishes the digest.
//!
//! **Anchor root (v1).** SHA-256 over `"motcua/anchor/v1\n"` and then, for every chained
//! dossier in byte order of its code, the code (length-prefixed as above), the sequence
//! number of its head (i64 big-endian) and the head's hash. A change to any event anchored
//! changes its chain's head and so the root.

use std::fmt;

use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// What the first event of a chain links to.
pub const GENESIS: Hash = [0; 32];

const EVENT_TAG: &[u8] = b"motcua/event/v1\n";
const ANCHOR_TAG: &[u8] = b"motcua/anchor/v1\n";

fn put_text(h: &mut Sha256, s: &str) {
    h.update((s.len() as u64).to_be_bytes());
    h.update(s.as_bytes());
}

/// An event's hash with everything but the previous hash already taken in.
#[derive(Clone)]
pub struct EventDigest(Sha256);

impl EventDigest {
    /// Starts the hash of event `seq` of dossier `code`, stored as `data`.
    pub fn new(code: &str, seq: i64, data: &str) -> EventDigest {
        let mut h = Sha256::new();
        h.update(EVENT_TAG);
        put_text(&mut h, code);
        h.update(seq.to_be_bytes());
        put_text(&mut h, data);
        EventDigest(h)
    }

    /// The event's hash, linked to `prev` (the previous event's hash, or [`GENESIS`]).
    pub fn finish(self, prev: &Hash) -> Hash {
        let mut h = self.0;
        h.update(prev);
        h.finalize().into()
    }
}

/// The hash of event `seq` of dossier `code`, stored as `data`, after `prev`.
pub fn event_hash(prev: &Hash, code: &str, seq: i64, data: &str) -> Hash {
    EventDigest::new(code, seq, data).finish(prev)
}

/// Lower-case hex of a hash.
pub fn hex(h: &Hash) -> String {
    ::hex::encode(h)
}

/// A short form for messages: the first 12 hex digits.
pub fn short(h: &Hash) -> String {
    let mut s = hex(h);
    s.truncate(12);
    s
}

/// A hash from its stored bytes (`None` when it is not 32 bytes long).
pub fn from_bytes(b: &[u8]) -> Option<Hash> {
    b.try_into().ok()
}

/// A hash from 64 hex digits.
pub fn parse_hex(s: &str) -> Option<Hash> {
    let mut out = [0u8; 32];
    ::hex::decode_to_slice(s.trim(), &mut out).ok()?;
    Some(out)
}

/// One stored event as the verifier reads it.
#[derive(Debug, Clone, Copy)]
pub struct StoredLink<'a> {
    pub seq: i64,
    pub data: &'a str,
    /// `prev_hash` as stored (`None`: NULL, as the first event of a chain has).
    pub prev: Option<&'a [u8]>,
    /// `hash` as stored (`None`: never chained).
    pub hash: Option<&'a [u8]>,
}

/// The first thing wrong with a dossier's chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The sequence numbers skip or repeat: an event was deleted or inserted.
    Gap { expected: i64, found: i64 },
    /// The event's content no longer gives its stored hash: it was changed.
    Changed {
        seq: i64,
        stored: Hash,
        computed: Hash,
    },
    /// The event's stored link is not the previous event's hash: rows were re-linked.
    Relinked { seq: i64, stored: Option<Hash> },
    /// The event carries no hash (stored before chaining, not yet backfilled) or one that is
    /// not 32 bytes.
    Unchained { seq: i64 },
    /// The dossier row's head is not its last event's hash, or its version is not the
    /// number of events: events were removed from the end, or the row was changed.
    Head {
        version: i64,
        last_seq: i64,
        stored: Option<Hash>,
        computed: Hash,
    },
}

impl Break {
    /// Where the break is, in Vietnamese.
    pub fn describe_vi(&self, code: &str) -> String {
        match self {
            Break::Gap { expected, found } => format!(
                "hồ sơ {code}: thiếu hoặc thừa sự kiện — cần sự kiện {expected}, gặp {found}"
            ),
            Break::Changed {
                seq,
                stored,
                computed,
            } => format!(
                "sự kiện {seq} của hồ sơ {code} đã bị sửa: hash {}≠{}",
                short(computed),
                short(stored)
            ),
            Break::Relinked { seq, .. } => format!(
                "sự kiện {seq} của hồ sơ {code} không nối với sự kiện trước nó (chuỗi bị nối lại)"
            ),
            Break::Unchained { seq } => {
                format!("sự kiện {seq} của hồ sơ {code} chưa có hash (chưa được nối chuỗi)")
            }
            Break::Head {
                version, last_seq, ..
            } => format!(
                "hồ sơ {code}: đầu chuỗi không khớp sự kiện cuối (phiên bản {version}, sự kiện cuối {last_seq})"
            ),
        }
    }
}

impl fmt::Display for Break {
    /// In English; callers name the dossier.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Break::Gap { expected, found } => {
                write!(f, "events missing or added: expected event {expected}, found {found}")
            }
            Break::Changed {
                seq,
                stored,
                computed,
            } => write!(
                f,
                "event {seq} changed: hash {}≠{}",
                short(computed),
                short(stored)
            ),
            Break::Relinked { seq, .. } => {
                write!(f, "event {seq} does not link to the event before it")
            }
            Break::Unchained { seq } => write!(f, "event {seq} has no hash (not chained yet)"),
            Break::Head {
                version,
                last_seq,
                stored,
                computed,
            } => write!(
                f,
                "head does not match the last event (version {version}, last event {last_seq}, head {} vs {})",
                stored.as_ref().map_or_else(|| "none".to_owned(), short),
                short(computed)
            ),
        }
    }
}

/// Verifies one dossier's chain, event by event in sequence order, without holding them.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    code: String,
    last_seq: i64,
    head: Hash,
}

impl ChainVerifier {
    pub fn new(code: &str) -> ChainVerifier {
        ChainVerifier {
            code: code.to_owned(),
            last_seq: 0,
            head: GENESIS,
        }
    }

    pub fn code(&self) -> &str {
        &self.code
    }

    /// The sequence number and hash of the last event taken.
    pub fn head(&self) -> (i64, Hash) {
        (self.last_seq, self.head)
    }

    /// Takes the next stored event; the first problem found stops the chain.
    pub fn push(&mut self, e: StoredLink<'_>) -> Result<(), Break> {
        let expected = self.last_seq + 1;
        if e.seq != expected {
            return Err(Break::Gap {
                expected,
                found: e.seq,
            });
        }
        let stored = e
            .hash
            .and_then(from_bytes)
            .ok_or(Break::Unchained { seq: e.seq })?;
        let prev = e.prev.map(from_bytes);
        let links = match prev {
            None => self.head == GENESIS,
            Some(Some(p)) => p == self.head,
            Some(None) => false,
        };
        if !links {
            return Err(Break::Relinked {
                seq: e.seq,
                stored: prev.flatten(),
            });
        }
        let computed = event_hash(&self.head, &self.code, e.seq, e.data);
        if computed != stored {
            return Err(Break::Changed {
                seq: e.seq,
                stored,
                computed,
            });
        }
        self.last_seq = e.seq;
        self.head = computed;
        Ok(())
    }

    /// Ends the chain against the dossier row: its `version` must be the number of events and
    /// its stored head the last event's hash. Gives the verified head.
    pub fn finish(self, version: i64, stored_head: Option<&[u8]>) -> Result<(i64, Hash), Break> {
        let stored = stored_head.and_then(from_bytes);
        // A dossier stored without events (imports of bare state) has no chain at all.
        if version == 0 && self.last_seq == 0 && stored_head.is_none() {
            return Ok((0, GENESIS));
        }
        if version != self.last_seq || stored != Some(self.head) {
            return Err(Break::Head {
                version,
                last_seq: self.last_seq,
                stored,
                computed: self.head,
            });
        }
        Ok((self.last_seq, self.head))
    }
}

/// One chain's head as an anchor takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    pub code: String,
    pub seq: i64,
    pub head: Hash,
}

/// The anchor root over `leaves`, in any order (they are sorted by code here).
pub fn anchor_root(mut leaves: Vec<Leaf>) -> Hash {
    leaves.sort_unstable_by(|a, b| a.code.as_bytes().cmp(b.code.as_bytes()));
    let mut h = Sha256::new();
    h.update(ANCHOR_TAG);
    for l in &leaves {
        put_text(&mut h, &l.code);
        h.update(l.seq.to_be_bytes());
        h.update(l.head);
    }
    h.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(code: &str, data: &[&str]) -> Vec<(i64, String, Option<Hash>, Hash)> {
        let mut prev = GENESIS;
        let mut out = Vec::new();
        for (i, d) in data.iter().enumerate() {
            let seq = i as i64 + 1;
            let h = event_hash(&prev, code, seq, d);
            out.push((seq, (*d).to_owned(), (seq > 1).then_some(prev), h));
            prev = h;
        }
        out
    }

    fn verify(code: &str, rows: &[(i64, String, Option<Hash>, Hash)]) -> Result<(), Break> {
        let mut v = ChainVerifier::new(code);
        for (seq, data, prev, hash) in rows {
            v.push(StoredLink {
                seq: *seq,
                data,
                prev: prev.as_ref().map(|p| p.as_slice()),
                hash: Some(hash.as_slice()),
            })?;
        }
        let (seq, head) = v.head();
        v.finish(seq, Some(&head)).map(|_| ())
    }

    #[test]
    fn an_intact_chain_verifies_and_each_alteration_is_named() {
        let rows = chain("A-1", &["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"]);
        assert_eq!(verify("A-1", &rows), Ok(()));
        assert!(
            matches!(verify("A-2", &rows), Err(Break::Changed { seq: 1, .. })),
            "an event moved to another dossier"
        );

        let mut changed = rows.clone();
        changed[1].1 = "{\"b\":3}".into();
        assert!(matches!(
            verify("A-1", &changed),
            Err(Break::Changed { seq: 2, .. })
        ));

        let mut gap = rows.clone();
        gap.remove(1);
        assert_eq!(
            verify("A-1", &gap),
            Err(Break::Gap {
                expected: 2,
                found: 3
            })
        );

        // Rewriting an event and re-hashing it alone breaks the next link.
        let mut rehashed = rows.clone();
        rehashed[1].1 = "{\"b\":3}".into();
        rehashed[1].3 = event_hash(&rows[0].3, "A-1", 2, "{\"b\":3}");
        assert!(matches!(
            verify("A-1", &rehashed),
            Err(Break::Relinked { seq: 3, .. })
        ));
    }

    #[test]
    fn a_truncated_chain_fails_against_its_row() {
        let rows = chain("A-1", &["x", "y"]);
        let mut v = ChainVerifier::new("A-1");
        let (seq, data, _, hash) = &rows[0];
        v.push(StoredLink {
            seq: *seq,
            data,
            prev: None,
            hash: Some(hash),
        })
        .unwrap();
        let err = v.finish(2, Some(&rows[1].3)).unwrap_err();
        assert!(matches!(
            err,
            Break::Head {
                version: 2,
                last_seq: 1,
                ..
            }
        ));
    }

    #[test]
    fn the_root_does_not_depend_on_the_order_leaves_come_in() {
        let a = Leaf {
            code: "A".into(),
            seq: 1,
            head: [1; 32],
        };
        let b = Leaf {
            code: "B".into(),
            seq: 2,
            head: [2; 32],
        };
        let root = anchor_root(vec![a.clone(), b.clone()]);
        assert_eq!(root, anchor_root(vec![b.clone(), a.clone()]));
        let b2 = Leaf { seq: 3, ..b };
        assert_ne!(root, anchor_root(vec![a, b2]));
    }

    #[test]
    fn the_digest_prepared_before_the_write_gives_the_same_hash() {
        let prev = [7; 32];
        assert_eq!(
            EventDigest::new("C", 4, "d").finish(&prev),
            event_hash(&prev, "C", 4, "d")
        );
    }
}
