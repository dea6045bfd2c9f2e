package io.backline.edge;

import java.util.List;
import java.util.Objects;

/**
 * A certificate the edge presents to clients over TLS (Fastly's custom TLS: a certificate with its
 * private key, activated for some domains). Whoever runs the edge hands the current set to
 * {@link EdgeServer#certificates(List)}: {@code backline serve} from its store, an edge node from
 * the feed. The private key is held in memory only and never printed.
 *
 * @param id the certificate's id in the TLS API
 * @param certificateChainPem the leaf certificate first, then any intermediates, in PEM
 * @param privateKeyPem the matching private key, PKCS#8 or PKCS#1 PEM (decrypted)
 * @param domains the names activated for it: exact ({@code www.example.com}) or wildcard
 *        ({@code *.example.com}), lower case
 */
public record ServedCertificate(String id, String certificateChainPem, String privateKeyPem, List<String> domains) {
    public ServedCertificate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        domains = List.copyOf(domains);
    }

    /** Without the key: records print their fields, and a key must never reach a log. */
    @Override
    public String toString() {
        return "ServedCertificate[id=" + id + ", domains=" + domains + "]";
    }
}
