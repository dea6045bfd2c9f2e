package io.backline.sdk.models.components;

import java.time.Instant;
import java.util.List;

/**
 * A certificate stored through Fastly's custom TLS API, as it answers it.
 *
 * <pre>{@code
 * TlsCertificate certificate = client.tls().createCertificate("www", Files.readString(Path.of("cert.pem")));
 * System.out.println(certificate.domains() + " until " + certificate.notAfter());
 * }</pre>
 *
 * @param domains the DNS names of its subjectAltName (the TLS domains it can be activated for)
 */
public record TlsCertificate(String id, String name, String issuedTo, String issuer, String serialNumber, String signatureAlgorithm,
        Instant notBefore, Instant notAfter, List<String> domains) {
    public TlsCertificate {
        domains = List.copyOf(domains);
    }
}
