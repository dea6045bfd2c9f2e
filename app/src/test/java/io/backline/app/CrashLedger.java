package io.backline.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the crash test's clients were told, and the check of a restarted server against it.
 *
 * <p>Every write is recorded before it is sent, as "in flight", and settled when its answer
 * arrives. A write whose answer never arrived (the server died under it), or that was answered
 * with a 5xx (the database died under the server), stays in flight: after the restart it may or
 * may not be there, but nothing else is allowed. After each check the observed state becomes the
 * confirmed state, so a write seen once must survive every later crash too.
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

    /**
     * A backend's allowed states: {@code confirmed} absent means its create is in flight; a
     * {@code deleting} backend may be gone or still have its confirmed values.
     */
    record Fact(@Nullable Values confirmed, @Nullable Values inFlight, boolean deleting) {
        static Fact confirmed(Values values) {
            return new Fact(values, null, false);
        }

        static Fact creating(Values values) {
            return new Fact(null, values, false);
        }

        static Fact updating(Values old, Values updated) {
            return new Fact(old, updated, false);
        }

        static Fact deleting(Values old) {
            return new Fact(old, null, true);
        }

        boolean settled() {
            return inFlight == null && !deleting;
        }

        boolean mayBeAbsent() {
            return confirmed == null || deleting;
        }

        boolean allows(Values actual) {
            return actual.equals(confirmed) || actual.equals(inFlight);
        }

        @Override
        public String toString() {
            return confirmed == null ? "in-flight create " + inFlight
                    : deleting ? "acknowledged " + confirmed + " or gone by an in-flight delete"
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

    /** What a broken promise broke: an acknowledged write, the all-or-nothing of one, or anything else. */
    enum ProblemKind { LOST, PARTIAL, OTHER }

    /** One violation found by {@link #verify}. */
    record Problem(ProblemKind kind, String text) {
        @Override
        public String toString() {
            return kind.name().toLowerCase() + ": " + text;
        }
    }

    /**
     * One activation as the clients saw it, on a logical clock shared by all workers: sent at
     * {@code sent}, answered at {@code acked} ({@link Long#MAX_VALUE} while in flight).
     */
    private record Activation(int version, long sent, long acked) {}

    private enum Kind { SOURCE, CLONE, DRAFT }

    private static final int OLD_CLONES_PER_FULL_CHECK = 25;
    private static final int OLD_SERVICES_PER_FULL_CHECK = 25;

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
    private final AtomicLong clock = new AtomicLong();
    private final Map<Long, Activation> activations = new ConcurrentHashMap<>();
    private volatile int confirmedActive;
    /** Services created by the workers, by name: the id once acknowledged, "" while in flight. */
    private final Map<String, String> services = new ConcurrentHashMap<>();
    private final Set<String> servicesTouched = ConcurrentHashMap.newKeySet();
    private int unknownApplied;
    private int unknownAbsent;

    CrashLedger(String serviceId, int sourceVersion, Map<String, Values> source) {
        this.serviceId = serviceId;
        this.sourceVersion = sourceVersion;
        this.source = Map.copyOf(source);
        this.confirmedActive = sourceVersion;
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

    int knownServices() {
        return services.size() + 1;
    }

    int knownBackends() {
        return backends.size() + versions.values().stream().mapToInt(k -> k == Kind.DRAFT ? 0 : source.size()).sum();
    }

    /** Writes whose outcome the clients never learnt, found applied (whole) by the checks so far. */
    int unknownApplied() {
        return unknownApplied;
    }

    /** Writes whose outcome the clients never learnt, found not applied by the checks so far. */
    int unknownAbsent() {
        return unknownAbsent;
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

    /** An acknowledged clone to activate (clones are never written to, so locking one costs no worker its draft). */
    Optional<Integer> anyClone(Random random) {
        List<Integer> clones = new ArrayList<>();
        versions.forEach((number, kind) -> {
            if (kind == Kind.CLONE) {
                clones.add(number);
            }
        });
        return clones.isEmpty() ? Optional.empty() : Optional.of(clones.get(random.nextInt(clones.size())));
    }

    long activationSending(int version) {
        long id = clock.incrementAndGet();
        activations.put(id, new Activation(version, id, Long.MAX_VALUE));
        return id;
    }

    void activationAcknowledged(long id) {
        activations.computeIfPresent(id, (key, sent) -> new Activation(sent.version(), sent.sent(), clock.incrementAndGet()));
    }

    void activationRejected(long id) {
        activations.remove(id);
    }

    void serviceSending(String name) {
        services.put(name, "");
        servicesTouched.add(name);
    }

    void serviceAcknowledged(String name, String id) {
        services.put(name, id);
    }

    void serviceRejected(String name) {
        services.remove(name);
        servicesTouched.remove(name);
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

    /** The confirmed backends in drafts owned by {@code owner}, for it to update or delete later. */
    List<Key> confirmedBackendsOf(int owner) {
        List<Key> keys = new ArrayList<>();
        backends.forEach((key, fact) -> {
            if (fact.settled() && Integer.valueOf(owner).equals(draftOwners.get(key.version()))) {
                keys.add(key);
            }
        });
        return keys;
    }

    // ---- the check after a restart, on the test thread ----

    /**
     * Checks the restarted server: every acknowledged version exists, every acknowledged backend
     * has its acknowledged values and every acknowledged delete stayed deleted, every clone is
     * whole, one version is active and it is one that the activations could have left active,
     * every created service exists with its first version, and nothing appeared that no write
     * could have created. Versions and services written since the last check, unacknowledged ones
     * and the source are always read. A {@code full} check also re-reads every draft and up to
     * {@value #OLD_CLONES_PER_FULL_CHECK} older clones and {@value #OLD_SERVICES_PER_FULL_CHECK}
     * older services picked by {@code random} (all clones are copies of one source, so a sample
     * keeps the check's cost flat as clones pile up).
     *
     * @return the violations found, empty when the server kept every promise
     */
    List<Problem> verify(CrashApi api, boolean full, Random random) throws IOException {
        List<Problem> problems = new ArrayList<>();
        CrashApi.Reply reply = api.get("/service/" + serviceId + "/version");
        if (!reply.ok()) {
            problems.add(new Problem(ProblemKind.OTHER, "GET /service/" + serviceId + "/version answered " + reply));
            return problems;
        }
        Map<Integer, String> present = new TreeMap<>();
        List<Integer> active = new ArrayList<>();
        for (JsonNode version : reply.json()) {
            present.put(version.path("number").asInt(), version.path("comment").asText(""));
            if (version.path("active").asBoolean()) {
                active.add(version.path("number").asInt());
            }
        }
        new TreeMap<>(versions).forEach((number, kind) -> {
            if (!present.containsKey(number)) {
                problems.add(new Problem(ProblemKind.LOST, "acknowledged " + kind.name().toLowerCase() + " version "
                        + number + " is missing after restart (versions present: " + present.keySet() + ")"));
            }
        });
        checkActive(active, problems);
        Set<Integer> checked = new TreeSet<>();
        for (Map.Entry<Integer, String> entry : present.entrySet()) {
            if (!versions.containsKey(entry.getKey())) {
                classifyUnacknowledged(api, entry.getKey(), entry.getValue(), problems);
                checked.add(entry.getKey());
            }
        }
        unknownAbsent += draftsInFlight.size() + Math.max(0, clonesInFlight.get());
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
        checkServices(api, full, random, problems);
        return problems;
    }

    /**
     * At most one active version, and it is one the activations could have left active: the last
     * confirmed one or any activation that no acknowledged activation was sent after the answer
     * of (an activation in flight at the crash counts as never answered, so it may have won).
     */
    private void checkActive(List<Integer> active, List<Problem> problems) {
        if (active.size() > 1) {
            problems.add(new Problem(ProblemKind.OTHER, "versions " + active + " are all active after restart; at most one may be"));
            return;
        }
        List<Activation> all = new ArrayList<>(activations.values());
        all.add(new Activation(confirmedActive, -1, -1));
        Set<Integer> candidates = new TreeSet<>();
        for (Activation a : all) {
            boolean superseded = all.stream().anyMatch(b -> b.acked() != Long.MAX_VALUE && b.sent() > a.acked());
            if (!superseded) {
                candidates.add(a.version());
            }
        }
        int found = active.isEmpty() ? 0 : active.getFirst();
        if (!candidates.contains(found)) {
            boolean acknowledgedLost = activations.values().stream().anyMatch(a -> a.acked() != Long.MAX_VALUE);
            problems.add(new Problem(acknowledgedLost ? ProblemKind.LOST : ProblemKind.OTHER, (found == 0
                    ? "no version is active" : "version " + found + " is active")
                    + " after restart; the activations allow only " + candidates));
        } else {
            for (Activation a : activations.values()) {
                if (a.acked() == Long.MAX_VALUE) {
                    if (a.version() == found && found != confirmedActive) {
                        unknownApplied++;
                    } else if (a.version() != found) {
                        unknownAbsent++;
                    }
                }
            }
        }
        activations.clear();
        if (found != 0) {
            confirmedActive = found;
        }
    }

    /** A version no acknowledged write created: an in-flight draft (empty) or clone (whole). */
    private void classifyUnacknowledged(CrashApi api, int number, String comment, List<Problem> problems)
            throws IOException {
        Map<String, JsonNode> actual = backendsOf(api, number, problems);
        unknownApplied++;
        if (draftsInFlight.remove(comment) || (actual.isEmpty() && removeAnyDraftInFlight())) {
            if (!actual.isEmpty()) {
                problems.add(new Problem(ProblemKind.PARTIAL, "version " + number + " from an unacknowledged version create has "
                        + actual.size() + " backends; it should have none"));
            }
            versions.put(number, Kind.DRAFT);
            return;
        }
        if (clonesInFlight.getAndDecrement() <= 0) {
            problems.add(new Problem(ProblemKind.OTHER, "version " + number + " (comment '" + comment + "', " + actual.size()
                    + " backends) exists but no write in flight could have created it"));
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

    private void checkWhole(int number, String kind, Map<String, JsonNode> actual, List<Problem> problems) {
        Set<String> missing = new TreeSet<>(source.keySet());
        missing.removeAll(actual.keySet());
        Set<String> extra = new TreeSet<>(actual.keySet());
        extra.removeAll(source.keySet());
        if (!missing.isEmpty() || !extra.isEmpty()) {
            problems.add(new Problem(ProblemKind.PARTIAL, kind + " version " + number + " is not a whole copy of version "
                    + sourceVersion + ": it has " + actual.size() + " of " + source.size() + " backends, missing "
                    + sample(missing) + ", unexpected " + sample(extra)));
            return;
        }
        source.forEach((name, expected) -> {
            Values got = Values.of(actual.get(name));
            if (!got.equals(expected)) {
                problems.add(new Problem(ProblemKind.PARTIAL, kind + " version " + number + " backend '" + name + "' is "
                        + got + ", the source has " + expected));
            }
        });
    }

    private void checkDraft(int number, Map<String, JsonNode> actual, List<Problem> problems) {
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
                    problems.add(new Problem(ProblemKind.LOST, key + " is missing after restart; it was " + fact));
                } else if (!fact.settled()) {
                    unknownAbsent++;
                }
                backends.remove(key);
                continue;
            }
            Values got = Values.of(found);
            if (!fact.allows(got)) {
                problems.add(new Problem(ProblemKind.LOST, key + " is " + got + " after restart; it was " + fact));
            } else if (fact.inFlight() != null) {
                if (got.equals(fact.inFlight())) {
                    unknownApplied++;
                } else {
                    unknownAbsent++;
                }
            } else if (fact.deleting()) {
                unknownAbsent++;
            }
            backends.put(key, Fact.confirmed(got));
        }
        Set<String> unexpected = new TreeSet<>(actual.keySet());
        unexpected.removeAll(expectedNames);
        if (!unexpected.isEmpty()) {
            problems.add(new Problem(ProblemKind.LOST, "draft version " + number
                    + " has backends that no acknowledged write left there (an acknowledged delete undone, or a phantom): "
                    + sample(unexpected)));
        }
    }

    /** Every acknowledged service exists under its name with its version 1; an in-flight one may be absent. */
    private void checkServices(CrashApi api, boolean full, Random random, List<Problem> problems) throws IOException {
        List<String> old = new ArrayList<>();
        services.forEach((name, id) -> {
            if (!servicesTouched.contains(name)) {
                old.add(name);
            }
        });
        Collections.shuffle(old, random);
        Set<String> due = new TreeSet<>(servicesTouched);
        if (full) {
            due.addAll(old.subList(0, Math.min(OLD_SERVICES_PER_FULL_CHECK, old.size())));
        }
        for (String name : due) {
            String id = services.get(name);
            if (id == null) {
                continue;
            }
            CrashApi.Reply found = api.get("/service/search?name=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
            if (found.status() == 404) {
                if (id.isEmpty()) {
                    services.remove(name);
                    unknownAbsent++;
                } else {
                    problems.add(new Problem(ProblemKind.LOST, "acknowledged service '" + name + "' (" + id + ") is missing after restart"));
                }
                continue;
            }
            if (!found.ok()) {
                problems.add(new Problem(ProblemKind.OTHER, "GET /service/search?name=" + name + " answered " + found));
                continue;
            }
            JsonNode service = found.json();
            String actualId = service.path("id").asText();
            if (!id.isEmpty() && !id.equals(actualId)) {
                problems.add(new Problem(ProblemKind.LOST, "service '" + name + "' was acknowledged as " + id + " but is " + actualId));
            }
            if (id.isEmpty()) {
                unknownApplied++;
            }
            boolean hasFirstVersion = false;
            for (JsonNode version : service.path("versions")) {
                hasFirstVersion |= version.path("number").asInt() == 1;
            }
            if (!hasFirstVersion) {
                problems.add(new Problem(ProblemKind.PARTIAL, "service '" + name + "' (" + actualId + ") exists without its version 1: "
                        + service.path("versions")));
            }
            services.put(name, actualId);
        }
        servicesTouched.clear();
    }

    private Map<String, JsonNode> backendsOf(CrashApi api, int number, List<Problem> problems) throws IOException {
        CrashApi.Reply reply = api.get("/service/" + serviceId + "/version/" + number + "/backend");
        Map<String, JsonNode> byName = new TreeMap<>();
        if (!reply.ok()) {
            problems.add(new Problem(ProblemKind.OTHER, "GET backends of version " + number + " answered " + reply));
            return byName;
        }
        for (JsonNode backend : reply.json()) {
            if (byName.put(backend.path("name").asText(), backend) != null) {
                problems.add(new Problem(ProblemKind.OTHER, "version " + number + " lists backend '"
                        + backend.path("name").asText() + "' twice"));
            }
        }
        return byName;
    }

    private static String sample(Set<String> names) {
        return names.size() <= 5 ? names.toString()
                : names.stream().limit(5).toList() + " and " + (names.size() - 5) + " more";
    }
}
