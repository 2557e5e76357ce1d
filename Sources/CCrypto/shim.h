// The libcrypto headers ketnoi uses, plus one small HMAC helper (below).
// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP, but they remain
// exported, and they are the only way to restart a digest from a saved state by a plain copy.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/opensslv.h>
#include <openssl/sha.h>
#include <string.h>

/// HMAC-SHA256 with the key's inner and outer states computed once (RFC 2104 section 4):
/// each message then costs two SHA-256 compressions and two struct copies, with no allocation.
typedef struct {
    SHA256_CTX inner;
    SHA256_CTX outer;
} ketnoi_hmac_sha256_key;

/// Sets up `state` for `key` (at most 64 bytes: longer keys are not used here). 1 on success.
static inline int ketnoi_hmac_sha256_setup(
    ketnoi_hmac_sha256_key *state, const unsigned char *key, size_t length) {
    unsigned char pad[SHA256_CBLOCK];
    if (length > SHA256_CBLOCK) return 0;
    memset(pad, 0x36, sizeof pad);
    for (size_t i = 0; i < length; i++) pad[i] ^= key[i];
    if (!SHA256_Init(&state->inner) || !SHA256_Update(&state->inner, pad, sizeof pad)) return 0;
    memset(pad, 0x5c, sizeof pad);
    for (size_t i = 0; i < length; i++) pad[i] ^= key[i];
    if (!SHA256_Init(&state->outer) || !SHA256_Update(&state->outer, pad, sizeof pad)) return 0;
    OPENSSL_cleanse(pad, sizeof pad);
    return 1;
}

/// The HMAC of `message` under the key set up in `state`, 32 bytes into `out`. 1 on success.
static inline int ketnoi_hmac_sha256(
    const ketnoi_hmac_sha256_key *state, const unsigned char *message, size_t length,
    unsigned char out[SHA256_DIGEST_LENGTH]) {
    SHA256_CTX work = state->inner;
    unsigned char inner[SHA256_DIGEST_LENGTH];
    int ok = SHA256_Update(&work, message, length) && SHA256_Final(inner, &work);
    work = state->outer;
    ok = ok && SHA256_Update(&work, inner, sizeof inner) && SHA256_Final(out, &work);
    OPENSSL_cleanse(inner, sizeof inner);
    OPENSSL_cleanse(&work, sizeof work);
    return ok;
}
