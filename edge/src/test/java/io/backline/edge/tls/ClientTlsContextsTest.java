package io.backline.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.backline.edge.ServedCertificate;
import io.backline.edge.TestPki;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCounted;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With OpenSSL the listener's contexts and engines are reference-counted (native memory freed when
 * released, not by a finalizer): a replaced context is released one update later, never while a
 * handshake could still be making an engine from it, and an engine holds its context on its own.
 */
class ClientTlsContextsTest {
    private static ServedCertificate certificate(String id, String domain) {
        var identity = TestPki.selfSigned(domain);
        return new ServedCertificate(id, identity.certificatePem(), identity.privateKeyPem(), List.of(domain));
    }

    private static int refCnt(SslContext context) {
        return ((ReferenceCounted) context).refCnt();
    }

    @Test
    void aReplacedContextIsReleasedAtTheUpdateAfterAndAnOpenEngineKeepsItsOwn() {
        assumeTrue(OpenSsl.isAvailable(), "netty-tcnative loads here");
        var tls = ClientTls.detect();
        tls.update(List.of(certificate("one", "a.example")));
        var first = tls.find("a.example");
        assertThat(first).isInstanceOf(ReferenceCounted.class);
        var engine = first.newEngine(ByteBufAllocator.DEFAULT); // as a handshake under way holds one
        assertThat(engine).isInstanceOf(ReferenceCounted.class);

        tls.update(List.of(certificate("two", "a.example"))); // a renewal
        assertThat(tls.find("a.example")).isNotSameAs(first);
        assertThat(refCnt(first)).as("retired, not yet released: ours and the engine's").isEqualTo(2);

        tls.update(List.of(certificate("two", "a.example")));
        assertThat(refCnt(first)).as("ours released; the engine's remains").isEqualTo(1);

        ((ReferenceCounted) engine).release(); // the connection closes
        assertThat(refCnt(first)).isZero();
        tls.close();
    }

    @Test
    void anUnchangedCertificateKeepsItsContextAndCloseReleasesEverything() {
        assumeTrue(OpenSsl.isAvailable(), "netty-tcnative loads here");
        var tls = ClientTls.detect();
        var kept = certificate("one", "a.example");
        tls.update(List.of(kept));
        var context = tls.find("a.example");

        tls.update(List.of(kept, certificate("two", "b.example")));
        tls.update(List.of(kept));
        assertThat(tls.find("a.example")).isSameAs(context);
        assertThat(refCnt(context)).isEqualTo(1);

        tls.close();
        assertThat(refCnt(context)).isZero();
        assertThat(tls.find("a.example")).isNull();
    }
}
