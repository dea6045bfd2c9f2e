package io.backline.api;

import io.backline.store.ConfigStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The POPs the control plane knows, and the addresses at which their edges are reached
 * (shielding, docs/shielding.md). Every edge says its POP and address in each sync report; they are
 * written down per edge ({@code edge_pops}) when they change and at most every
 * {@value #HEARTBEAT_SECONDS} s otherwise. An edge heard from within {@link #LIVE} is a member;
 * one silent for longer (stopped, or cut off) is no longer offered as a shield. The edge of
 * {@code backline serve} is a member as long as the process runs ({@link #local}).
 *
 * <p>The map is read from the store at most once per {@value #REFRESH_MILLIS} ms (every sync answer
 * carries it); when it changes, the long polls waiting on this node are woken so that edges hear
 * of a new shield edge at once, and the listeners (the edge in the same process) are told.
 * Thread-safe: the view is replaced whole, refreshes are serialised.
 */
final class PopDirectory {
    /**
     * How long an edge stays a member after its last report. Edges report at the start of every
     * long poll, which lasts at most {@link EdgeFeedHandlers#MAX_WAIT_SECONDS}, and are written
     * down at least every {@value #HEARTBEAT_SECONDS} s: 90 s leaves room for one lost poll.
     */
    static final Duration LIVE = Duration.ofSeconds(90);
    private static final long HEARTBEAT_SECONDS = 10;
    private static final long REFRESH_MILLIS = 1_000;

    /** The POPs with their edges' addresses (a POP whose edges have no address has an empty list), and its digest. */
    record View(Map<String, List<String>> members, String digest, long readAtNanos) {}

    private record Heard(String pop, @Nullable String address, long atSecond) {}

    private record Local(String pop, @Nullable String address) {}

    private final ConfigStore store;
    private final Clock clock;
    private final RevisionWatch watch;
    private final Map<String, Heard> heard = new ConcurrentHashMap<>();
    private final List<Consumer<Map<String, List<String>>>> listeners = new CopyOnWriteArrayList<>();
    private volatile @Nullable Local local;
    private volatile View view = new View(Map.of(), digest(Map.of()), Long.MIN_VALUE);

    PopDirectory(ConfigStore store, Clock clock, RevisionWatch watch) {
        this.store = store;
        this.clock = clock;
        this.watch = watch;
    }

    /** The edge of this process: a member of {@code pop} for as long as the process runs. */
    void local(String pop, @Nullable String address) {
        local = new Local(pop, address);
        refresh();
    }

    /** Tells {@code listener} the members now, and again each time they change. */
    void listen(Consumer<Map<String, List<String>>> listener) {
        listeners.add(listener);
        listener.accept(view().members());
    }

    /** An edge's sync report named its POP and address (null: it has none). */
    void heard(String edgeId, String pop, @Nullable String address) {
        long now = clock.instant().getEpochSecond();
        var last = heard.get(edgeId);
        boolean changed = last == null || !last.pop().equals(pop) || !Objects.equals(last.address(), address);
        if (last != null && !changed && now - last.atSecond() < HEARTBEAT_SECONDS) {
            return;
        }
        store.write(tx -> {
            tx.recordEdgePop(edgeId, pop, address, clock.instant());
            return null;
        });
        heard.put(edgeId, new Heard(pop, address, now));
        if (changed) {
            refresh();
        }
    }

    /** The members now: read from the store when the last read is older than {@value #REFRESH_MILLIS} ms. */
    View view() {
        var current = view;
        if (System.nanoTime() - current.readAtNanos() > REFRESH_MILLIS * 1_000_000) {
            return refresh();
        }
        return current;
    }

    private synchronized View refresh() {
        var since = clock.instant().minus(LIVE);
        var rows = store.read(tx -> tx.edgePops(since));
        var members = new TreeMap<String, TreeSet<String>>();
        for (var row : rows) {
            var addresses = members.computeIfAbsent(row.pop(), pop -> new TreeSet<>());
            if (row.address() != null) {
                addresses.add(row.address());
            }
        }
        var self = local;
        if (self != null) {
            var addresses = members.computeIfAbsent(self.pop(), pop -> new TreeSet<>());
            if (self.address() != null) {
                addresses.add(self.address());
            }
        }
        var frozen = new TreeMap<String, List<String>>();
        members.forEach((pop, addresses) -> frozen.put(pop, List.copyOf(addresses)));
        var before = view;
        var next = new View(java.util.Collections.unmodifiableMap(frozen), digest(frozen), System.nanoTime());
        view = next;
        if (!next.digest().equals(before.digest())) {
            watch.wake(); // the long polls on this node answer with the new map
            for (var listener : listeners) {
                listener.accept(next.members());
            }
        }
        return next;
    }

    /** 16 hex digits of SHA-256 over the sorted map: equal on every API node for equal members. */
    static String digest(Map<String, List<String>> members) {
        var text = new StringBuilder();
        members.forEach((pop, addresses) -> text.append(pop).append('=').append(String.join(",", addresses)).append(';'));
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The POP codes known now, sorted. */
    List<String> codes() {
        return new ArrayList<>(view().members().keySet());
    }
}
