#ifndef CLIBCRYPTO_SHIM_H
#define CLIBCRYPTO_SHIM_H
/* Debian's OpenSSL libcrypto, for SHA-256 only (cache keys, token digests, render and backup
   checksums): linking the system library compiles nothing, where swift-crypto compiled a whole
   BoringSSL. EVP_Digest* is OpenSSL 3's non-deprecated digest interface. */
#include <openssl/evp.h>
#endif
