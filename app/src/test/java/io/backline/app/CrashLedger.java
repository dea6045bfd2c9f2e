package io.backline.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What the crash test's clients were told, and the check of a restarted server against it.
 *
 * <p>Every write is recorded before it is sent, as "in flight", and settled when its answer
 * arrives. A write whose answer never arrived (the server died under it) stays in flight: after the
 * restart it may or may not be there, but nothing else is allowed. After each check the observed
 * state becomes the confirmed state, so a write seen once must survive every later crash too.
 *
 * <p>Concurrency: worker threads write disjoint keys (a draft version belongs to one worker) into
 * concurrent maps; {@link #verify} runs on the test thread after every worker has stopped.
 */
final class CrashLedger {
    /** The fields the test writes and checks on each backend. */
    record Values(String address, int port, int weight, String comment) {
        static Values of(JsonNode backend) {
            return new Values(backend.path("address").asText(), backend.path("port").asInt(),
                    backend.path("weight").asInt(), backend.path("comment").asText());
        }

        Map<String, String> form(String name) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("name", name);
            form.put("address", address);
            form.put("port", Integer.toString(port));
            form.put("weight", Integer.toString(weight));
            form.put("comment", comment);
            return form;
        }
    }

    /** A backend's allowed states: {@code confirmed} absent means its create is in flight. */
    record Fact(@Nullable Values confirmed, @Nullable Values inFlight) {
        static Fact confirmed(Values values) {
            return new Fact(values, null);
        }

        static Fact creating(Values values) {
            return new Fact(null, values);
        }

        boolean mayBeAbsent() {
            return confirmed == null;
        }

        boolean allows(Values actual) {
            return actual.equals(confirmed) || actual.equals(inFlight);
        }

        @Override
        public String toString() {
            return confirmed == null ? "in-flight create " + inFlight
                    : inFlight == null ? "acknowledged " + confirmed
                    : "acknowledged " + confirmed + " or in-flight update " + inFlight;
        }
    }

    /** One backend of one draft version. */
    record Key(int version, String name) {
        @Override
        public String toString() {
            return "version " + version + " backend '" + name + "'";
        }
    }

    private enum Kind { SOURCE, CLONE, DRAFT }

    private static final int OLD_CLONES_PER_FULL_CHECK = 25;

    private final String serviceId;
    private final int sourceVersion;
    private final Map<String, Values> source;
    private final Map<Integer, Kind> versions = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> draftOwners = new ConcurrentHashMap<>();
    private final Map<Key, Fact> backends = new ConcurrentHashMap<>();
    private final Set<String> draftsInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clonesInFlight = new AtomicInteger();
    private final Set<Integer> touched = ConcurrentHashMap.newKeySet();
    private final Queue<String> anomalies = new ConcurrentLinkedQueue<>();

    CrashLedger(String serviceId, int sourceVersion, Map<String, Values> source) {
        this.serviceId = serviceId;
        this.sourceVersion = sourceVersion;
        this.source = Map.copyOf(source);
        versions.put(sourceVersion, Kind.SOURCE);
    }

    String serviceId() {
        return serviceId;
    }

    int sourceVersion() {
        return sourceVersion;
    }

    int knownVersions() {
        return versions.size();
    }

    int knownBackends() {
        return backends.size() + versions.values().stream().mapToInt(k -> k == Kind.DRAFT ? 0 : source.size()).sum();
    }

    /** Answers other than 200 from a live server: none is expected from this workload. */
    List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    void anomaly(String what) {
        anomalies.add(what);
    }

    // ---- recording, called by the worker that owns the keys ----

    void draftSending(String comment) {
        draftsInFlight.add(comment);
    }

    void draftAcknowledged(String comment, int version, int owner) {
        draftsInFlight.remove(comment);
        versions.put(version, Kind.DRAFT);
        draftOwners.put(version, owner);
        touched.add(version);
    }

    void draftRejected(String comment) {
        draftsInFlight.remove(comment);
    }

    void cloneSending() {
        clonesInFlight.incrementAndGet();
    }

    void cloneAcknowledged(int version) {
        clonesInFlight.decrementAndGet();
        versions.put(version, Kind.CLONE);
        touched.add(version);
    }

    void cloneRejected() {
        clonesInFlight.decrementAndGet();
    }

    void backendSending(Key key, Fact fact) {
        backends.put(key, fact);
        touched.add(key.version());
    }

    void backendSettled(Key key, @Nullable Fact fact) {
        if (fact == null) {
            backends.remove(key);
        } else {
            backends.put(key, fact);
        }
    }

    @Nullable Values confirmed(Key key) {
        Fact fact = backends.get(key);
        return fact == null ? null : fact.confirmed();
    }

    /** The confirmed backends in drafts owned by {@code owner}, for it to update later. */
    List<Key> confirmedBackendsOf(int owner) {
        List<Key> keys = new ArrayList<>();
        backends.forEach((key, fact) -> {
            if (fact.inFlight() == null && Integer.valueOf(owner).equals(draftOwners.get(key.version()))) {
                keys.add(key);
            }
        });
        return keys;
    }

    // ---- the check after a restart, on the test thread ----

    /**
     * Checks the restarted server: every acknowledged version exists, every acknowledged backend
     * has its acknowledged values, every clone is whole, and nothing appeared that no write could
     * have created. Versions written since the last check, unacknowledged ones and the source are
     * always read. A {@code full} check also re-reads every draft and up to
     * {@value #OLD_CLONES_PER_FULL_CHECK} older clones picked by {@code random} (all clones are
     * copies of one source, so a sample keeps the check's cost flat as clones pile up).
     *
     * @return the violations found, empty when the server kept every promise
     */
    List<String> verify(CrashApi api, boolean full, Random random) throws IOException {
        List<String> problems = new ArrayList<>();
        CrashApi.Reply reply = api.get("/service/" + serviceId + "/version");
        if (!reply.ok()) {
            problems.add("GET /service/" + serviceId + "/version answered " + reply);
            return problems;
        }
        Map<Integer, String> present = new TreeMap<>();
        for (JsonNode version : reply.json()) {
            present.put(version.path("number").asInt(), version.path("comment").asText(""));
        }
        new TreeMap<>(versions).forEach((number, kind) -> {
            if (!present.containsKey(number)) {
                problems.add("acknowledged " + kind.name().toLowerCase() + " version " + number
                        + " is missing after restart (versions present: " + present.keySet() + ")");
            }
        });
        Set<Integer> checked = new TreeSet<>();
        for (Map.Entry<Integer, String> entry : present.entrySet()) {
            if (!versions.containsKey(entry.getKey())) {
                classifyUnacknowledged(api, entry.getKey(), entry.getValue(), problems);
                checked.add(entry.getKey());
            }
        }
        draftsInFlight.clear();
        clonesInFlight.set(0);
        List<Integer> oldClones = new ArrayList<>();
        versions.forEach((number, kind) -> {
            if (kind == Kind.CLONE && !touched.contains(number) && !checked.contains(number)) {
                oldClones.add(number);
            }
        });
        Collections.shuffle(oldClones, random);
        Set<Integer> sampledClones = Set.copyOf(oldClones.subList(0, Math.min(OLD_CLONES_PER_FULL_CHECK, oldClones.size())));
        for (Map.Entry<Integer, Kind> entry : new TreeMap<>(versions).entrySet()) {
            int number = entry.getKey();
            Kind kind = entry.getValue();
            boolean due = touched.contains(number) || kind == Kind.SOURCE
                    || (full && (kind == Kind.DRAFT || sampledClones.contains(number)));
            if (present.containsKey(number) && due && checked.add(number)) {
                Map<String, JsonNode> actual = backendsOf(api, number, problems);
                if (kind == Kind.DRAFT) {
                    checkDraft(number, actual, problems);
                } else {
                    checkWhole(number, kind.name().toLowerCase(), actual, problems);
                }
            }
        }
        touched.clear();
        return problems;
    }

    /** A version no acknowledged write created: an in-flight draft (empty) or clone (whole). */
    private void classifyUnacknowledged(CrashApi api, int number, String comment, List<String> problems)
            throws IOException {
        Map<String, JsonNode> actual = backendsOf(api, number, problems);
        if (draftsInFlight.remove(comment) || (actual.isEmpty() && removeAnyDraftInFlight())) {
            if (!actual.isEmpty()) {
                problems.add("version " + number + " from an unacknowledged version create has "
                        + actual.size() + " backends; it should have none");
            }
            versions.put(number, Kind.DRAFT);
            return;
        }
        if (clonesInFlight.getAndDecrement() <= 0) {
            problems.add("version " + number + " (comment '" + comment + "', " + actual.size()
                    + " backends) exists but no write in flight could have created it");
        }
        checkWhole(number, "unacknowledged clone", actual, problems);
        versions.put(number, Kind.CLONE);
    }

    private boolean removeAnyDraftInFlight() {
        for (String comment : draftsInFlight) {
            if (draftsInFlight.remove(comment)) {
                return true;
            }
        }
        return false;
    }

    private void checkWhole(int number, String kind, Map<String, JsonNode> actual, List<String> problems) {
        Set<String> missing = new TreeSet<>(source.keySet());
        missing.removeAll(actual.keySet());
        Set<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(source.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            problems.add(kind + " version " + number + " is not a whole copy of version " + sourceVersion
                    + ": it has " + actual.size() + " of " + source.size() + " backends, missing "
                    + sample(missing) + ", unexpected " + sample(extra));
            return;
        }
        source.forEach((name, expected) -> {
            Values got = Values.of(actual.get(name));
            if (!got.equals(expected)) {
                problems.add(kind + " version " + number + " backend '" + name + "' is " + got
                        + ", the source has " + expected);
            }
        });
    }

    private void checkDraft(int number, Map<String, JsonNode> actual, List<String> problems) {
        Set<String> expectedNames = new TreeSet<>();
        for (Map.Entry<Key, Fact> entry : new ArrayList<>(backends.entrySet())) {
            Key key = entry.getKey();
            if (key.version() != number) {
                continue;
            }
            expectedNames.add(key.name());
            Fact fact = entry.getValue();
            JsonNode found = actual.get(key.name());
            if (found == null) {
                if (!fact.mayBeAbsent()) {
                    problems.add(key + " is missing after restart; it was " + fact);
                }
                backends.remove(key);
                continue;
            }
            Values got = Values.of(found);
            if (!fact.allows(got)) {
                problems.add(key + " is " + got + " after restart; it was " + fact);
            }
            backends.put(key, Fact.confirmed(got));
        }
        Set<String> unexpected = new TreeSet<>(actual.keySet());
        unexpected.removeAll(expectedNames);
        if (!unexpected.isEmpty()) {
            problems.add("draft version " + number + " has backends nobody created: " + sample(unexpected));
        }
    }

    private Map<String, JsonNode> backendsOf(CrashApi api, int number, List<String> problems) throws IOException {
        CrashApi.Reply reply = api.get("/service/" + serviceId + "/version/" + number + "/backend");
        Map<String, JsonNode> byName = new TreeMap<>();
        if (!reply.ok()) {
            problems.add("GET backends of version " + number + " answered " + reply);
            return byName;
        }
        for (JsonNode backend : reply.json()) {
            if (byName.put(backend.path("name").asText(), backend) != null) {
                problems.add("version " + number + " lists backend '" + backend.path("name").asText() + "' twice");
            }
        }
        return byName;
    }

    private static String sample(Set<String> names) {
        return names.size() <= 5 ? names.toString()
                : names.stream().limit(5).toList() + " and " + (names.size() - 5) + " more";
    }
}
