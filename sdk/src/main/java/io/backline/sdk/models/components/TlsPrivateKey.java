package io.backline.sdk.models.components;

import java.time.Instant;

/**
 * A private key stored through Fastly's custom TLS API; the key itself is never answered.
 *
 * <pre>{@code
 * TlsPrivateKey key = client.tls().createPrivateKey("www", Files.readString(Path.of("key.pem")));
 * System.out.println(key.keyType() + " " + key.keyLength() + " " + key.publicKeySha1());
 * }</pre>
 *
 * @param publicKeySha1 hex SHA-1 of the public key's DER
 */
public record TlsPrivateKey(String id, String name, String keyType, int keyLength, String publicKeySha1, Instant createdAt) {}
