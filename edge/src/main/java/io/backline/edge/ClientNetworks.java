package io.backline.edge;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A set of client networks in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); immutable. */
public final class ClientNetworks {
    private final List<byte[]> networks;
    private final int[] prefixes;

    private ClientNetworks(List<byte[]> networks, int[] prefixes) {
        this.networks = networks;
        this.prefixes = prefixes;
    }

    static ClientNetworks parse(List<String> cidrs) {
        var networks = new ArrayList<byte[]>(cidrs.size());
        var prefixes = new int[cidrs.size()];
        for (int i = 0; i < cidrs.size(); i++) {
            var cidr = cidrs.get(i);
            int slash = cidr.indexOf('/');
            var address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? cidr : cidr.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException(
                        "debugClients: '" + cidr + "' (expected: an IP address or CIDR such as 10.0.0.0/8)");
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("debugClients: '" + cidr + "' (expected: a prefix length of 0 to "
                            + address.length * 8 + ")");
                }
            }
            networks.add(address);
            prefixes[i] = prefix;
        }
        return new ClientNetworks(List.copyOf(networks), prefixes);
    }

    public boolean contains(InetAddress client) {
        var address = client.getAddress();
        for (int i = 0; i < prefixes.length; i++) {
            if (matches(networks.get(i), prefixes[i], address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] network, int prefix, byte[] address) {
        if (network.length != address.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (network[full] & mask) == (address[full] & mask);
    }
}
