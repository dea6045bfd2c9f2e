package io.backline.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Looks a domain up for {@code …/domain/{name}/check}. The standard one is the system resolver
 * ({@link InetAddress}, so {@code /etc/hosts} and the host's DNS settings apply); tests hand the
 * server their own so that no test needs DNS.
 */
@FunctionalInterface
interface DomainResolver {

    /**
     * What a name resolves to.
     *
     * @param cname the name it is an alias of, when the resolver can tell (the system resolver
     *     cannot: Java's resolver API gives addresses only)
     * @param resolves whether it resolves to at least one address
     */
    record Resolution(Optional<String> cname, boolean resolves) {
        static final Resolution NONE = new Resolution(Optional.empty(), false);
    }

    Resolution resolve(String name);

    /** The host's resolver: addresses only, and no CNAME. */
    DomainResolver SYSTEM = name -> {
        try {
            return new Resolution(Optional.empty(), InetAddress.getAllByName(name).length > 0);
        } catch (UnknownHostException | SecurityException e) {
            return Resolution.NONE;
        }
    };
}
