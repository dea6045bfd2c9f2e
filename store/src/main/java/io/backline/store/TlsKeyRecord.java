package io.backline.store;

import java.time.Instant;

/**
 * A stored TLS private key (Fastly's {@code tls_private_key}): only sealed, never in clear.
 *
 * @param sealedKey the key's PKCS#8 PEM sealed by the API ({@code AES-256-GCM}, base64); the store
 *     cannot open it
 * @param publicKeySha1 hex SHA-1 of the public half's DER, which certificates are matched by
 */
public record TlsKeyRecord(String id, String name, String keyType, int keyLength, String publicKeySha1, String sealedKey,
        Instant createdAt) {

    /** Without the sealed key: records print their fields. */
    @Override
    public String toString() {
        return "TlsKeyRecord[id=" + id + ", name=" + name + ", keyType=" + keyType + ", keyLength=" + keyLength + "]";
    }
}
