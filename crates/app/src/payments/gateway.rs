//! The payment gateway's wire protocol, in the style Vietnamese gateways (VNPay 2.1.0) and the
//! national portal's payment platform use: the browser is redirected to the gateway with the
//! order in query parameters; the gateway sends it back to a return address and, server to
//! server, calls the merchant's IPN address. Every message is signed with HMAC-SHA512 over its
//! parameters sorted by name, each `name=value` with the value form-urlencoded, joined by `&`,
//! under a secret shared with the gateway; the signature travels as `vnp_SecureHash` (hex).
//! Pure functions: no clock, no IO.

use hmac::{Hmac, Mac};
use sha2::Sha512;

type HmacSha512 = Hmac<Sha512>;

/// The parameter carrying the signature, and the one naming its algorithm: neither is signed.
pub const SECURE_HASH: &str = "vnp_SecureHash";
pub const SECURE_HASH_TYPE: &str = "vnp_SecureHashType";

/// Response code of a successful payment (`vnp_ResponseCode`, `vnp_TransactionStatus`).
pub const SUCCESS: &str = "00";
/// The payer cancelled at the gateway.
pub const CANCELLED: &str = "24";

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The string that is signed: parameters starting `vnp_` except the signature's own, sorted by
/// name, empty values left out (as the gateway does), `name=urlencode(value)` joined by `&`.
pub fn signed_data(params: &[(String, String)]) -> String {
    let mut v: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, val)| {
            k.starts_with("vnp_") && k != SECURE_HASH && k != SECURE_HASH_TYPE && !val.is_empty()
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.iter()
        .map(|(k, val)| format!("{}={}", encode(k), encode(val)))
        .collect::<Vec<_>>()
        .join("&")
}

fn mac(secret: &str) -> HmacSha512 {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    match HmacSha512::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC accepts keys of any length"),
    }
}

/// The signature of `params` (lower-case hex).
pub fn sign(secret: &str, params: &[(String, String)]) -> String {
    let mut m = mac(secret);
    m.update(signed_data(params).as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Whether `params` carry a valid signature under `secret` (compared in constant time).
pub fn verify(secret: &str, params: &[(String, String)]) -> bool {
    let Some((_, given)) = params.iter().find(|(k, _)| k == SECURE_HASH) else {
        return false;
    };
    let Ok(given) = hex::decode(given.trim()) else {
        return false;
    };
    let mut m = mac(secret);
    m.update(signed_data(params).as_bytes());
    m.verify_slice(&given).is_ok()
}

/// The gateway address with the signed order: `base?…&vnp_SecureHash=…`.
pub fn pay_url(base: &str, secret: &str, params: &[(String, String)]) -> String {
    let hash = sign(secret, params);
    let query = signed_data(params);
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{query}&{SECURE_HASH}={hash}")
}

/// The value of parameter `name`, if present.
pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn signed_data_is_sorted_encoded_and_skips_the_hash() {
        let params = p(&[
            ("vnp_TxnRef", "A_1"),
            ("vnp_Amount", "120000000"),
            ("vnp_OrderInfo", "Thanh toán hồ sơ X"),
            ("vnp_SecureHash", "ab"),
            ("vnp_BankCode", ""),
            ("other", "x"),
        ]);
        assert_eq!(
            signed_data(&params),
            "vnp_Amount=120000000&vnp_OrderInfo=Thanh+to%C3%A1n+h%E1%BB%93+s%C6%A1+X&vnp_TxnRef=A_1"
        );
    }

    #[test]
    fn a_signature_verifies_and_any_change_breaks_it() {
        let mut params = p(&[("vnp_Amount", "1000"), ("vnp_TxnRef", "X_1")]);
        let hash = sign("secret", &params);
        assert_eq!(hash.len(), 128, "SHA-512 in hex");
        params.push((SECURE_HASH.into(), hash.clone()));
        assert!(verify("secret", &params));
        assert!(!verify("other secret", &params));
        params[0].1 = "1001".into();
        assert!(!verify("secret", &params));
        assert!(!verify("secret", &p(&[("vnp_Amount", "1000")])), "unsigned");
    }

    #[test]
    fn known_answer_from_an_independent_hmac_sha512() {
        // `printf 'vnp_Amount=1000&vnp_TxnRef=X_1' | openssl dgst -sha512 -hmac secret`
        let params = p(&[("vnp_TxnRef", "X_1"), ("vnp_Amount", "1000")]);
        assert_eq!(sign("secret", &params), KNOWN);
    }

    const KNOWN: &str = "741457019a05e8b29f56c8ca851854beb37332d7106884b6cdd8c47f77aba8a7393e6a77fd17161631ac1dfac0122373d1f77dcdd39b53bc9fe219a58ecfd05c";
}
