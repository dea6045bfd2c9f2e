package io.backline.edge.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.jspecify.annotations.Nullable;

/**
 * mTLS: offers the one configured client certificate whenever the origin asks for one whose key
 * type fits, whatever certificate authorities the origin lists. That is what an OpenSSL client
 * given {@code ssl_client_cert} does; the JDK's key managers would otherwise send nothing when the
 * issuer is not in the origin's list, and the failure would surface far from its cause. Never a
 * server key manager.
 */
final class ClientKeyManager extends X509ExtendedKeyManager {
    private final X509KeyManager keys;

    ClientKeyManager(X509KeyManager keys) {
        this.keys = keys;
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
        return keys.getClientAliases(keyType, null);
    }

    @Override
    public @Nullable String chooseClientAlias(String[] keyTypes, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return keys.chooseClientAlias(keyTypes, null, socket);
    }

    @Override
    public @Nullable String chooseEngineClientAlias(String[] keyTypes, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
        return keys.chooseClientAlias(keyTypes, null, null);
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
        return null;
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return null;
    }

    @Override
    public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
        return null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
        return keys.getPrivateKey(alias);
    }
}
