package io.backline.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals TLS private keys for the store and opens them again: AES-256-GCM from the JDK, a fresh
 * 96-bit nonce per seal, the key's id as associated data (a sealed key copied onto another row does
 * not open). The sealed form is base64 of {@code nonce || ciphertext || tag}.
 *
 * <p>The 32-byte key comes from a file ({@link #loadOrCreate}): {@code DIR/tls-key} of
 * {@code backline serve}, created on first use with mode 0600, or the operator's
 * {@code --tls-key-file} of {@code backline api} (every API node sharing a database needs the same
 * one). The file holds the key in base64 on one line.
 *
 * <pre>{@code
 * var sealer = TlsSealer.loadOrCreate(dataDir.resolve("tls-key"));
 * String stored = sealer.seal("key-id", pem);
 * String pem2 = sealer.open("key-id", stored);
 * }</pre>
 */
public final class TlsSealer {
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final @org.jspecify.annotations.Nullable SecretKeySpec key;

    /** No key: sealing and opening are refused (an API node started without {@code --tls-key-file}). */
    private TlsSealer() {
        this.key = null;
    }

    private TlsSealer(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("tls key: " + key.length + " bytes (expected: " + KEY_BYTES + " bytes, base64 on one line)");
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    /** A sealer without a key: the TLS API refuses private keys with a 400 that says to give {@code --tls-key-file}. */
    public static TlsSealer none() {
        return new TlsSealer();
    }

    /** A sealer with a key of its own that no file keeps: what it seals opens only in this process (tests). */
    public static TlsSealer ephemeral() {
        var bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return new TlsSealer(bytes);
    }

    /** The key in {@code file}; absent, a new random key written there first, readable by its owner only. */
    public static TlsSealer loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            var bytes = new byte[KEY_BYTES];
            RANDOM.nextBytes(bytes);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException e) {
                // Another process created it first: read theirs below.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the TLS key file " + file, e);
            }
        }
        return load(file);
    }

    /** The key in an existing {@code file} (base64 of 32 bytes); refuses a missing or malformed one. */
    public static TlsSealer load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the TLS key file " + file, e);
        }
        try {
            return new TlsSealer(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls key file: " + file + " (expected: 32 random bytes in base64 on one line, e.g. from"
                    + " `openssl rand -base64 32`)", e);
        }
    }

    /** Seals {@code plain} for the row {@code id}. */
    String seal(String id, String plain) {
        var nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            var cipher = cipher(Cipher.ENCRYPT_MODE, nonce, id);
            var sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            var out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JDK", e);
        }
    }

    /** Opens what {@link #seal} made for the row {@code id}; a wrong key or row is an {@link IllegalStateException}. */
    String open(String id, String sealed) {
        try {
            var bytes = Base64.getDecoder().decode(sealed);
            var cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), id);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | io.backline.model.ConfigException e) {
            throw new IllegalStateException("TLS private key " + id + " does not open with this TLS key (was the tls-key file replaced?)",
                    e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String id) throws GeneralSecurityException {
        if (key == null) {
            throw io.backline.model.ConfigException.state("tls key: this API node has none (expected: start it with --tls-key-file or"
                    + " BACKLINE_TLS_KEY_FILE, the same key file on every node, to store and serve TLS private keys)");
        }
        var cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
