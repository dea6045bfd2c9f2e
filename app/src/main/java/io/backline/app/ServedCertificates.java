package io.backline.app;

import io.backline.edge.ServedCertificate;
import io.backline.wire.EdgeFeedCertificates;
import java.util.List;

/** The TLS API's activated certificates as the edge presents them: one type to the other, nothing more. */
final class ServedCertificates {
    private ServedCertificates() {}

    static List<ServedCertificate> of(List<EdgeFeedCertificates.Certificate> certificates) {
        return certificates.stream().map(c -> new ServedCertificate(c.id(), c.chainPem(), c.privateKeyPem(), c.domains())).toList();
    }
}
