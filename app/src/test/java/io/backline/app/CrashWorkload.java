package io.backline.app;

import io.backline.app.CrashLedger.Fact;
import io.backline.app.CrashLedger.Key;
import io.backline.app.CrashLedger.Values;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

/**
 * One client thread's stream of writes until the server dies under it: backend creates with
 * distinct names, updates and deletes of its own backends, clones of the frozen source version,
 * activations of those clones, creates of new draft versions and of new services. Each write is
 * recorded in the {@link CrashLedger} before it is sent and settled when its answer arrives; the
 * first transport failure or 5xx (outcome unknown either way) ends the stream.
 *
 * <p>A worker writes only to draft versions it created, so the order of its own acknowledgements
 * is the order of the commits and "the last acknowledged value" is well defined.
 */
final class CrashWorkload implements Callable<CrashWorkload.Tally> {
    /** What one worker got acknowledged in one cycle. */
    record Tally(int creates, int updates, int deletes, int clones, int activations, int versions, int services) {
        static final Tally NONE = new Tally(0, 0, 0, 0, 0, 0, 0);

        int total() {
            return creates + updates + deletes + clones + activations + versions + services;
        }

        Tally plus(Tally other) {
            return new Tally(creates + other.creates, updates + other.updates, deletes + other.deletes,
                    clones + other.clones, activations + other.activations, versions + other.versions,
                    services + other.services);
        }

        @Override
        public String toString() {
            return total() + " (creates " + creates + ", updates " + updates + ", deletes " + deletes + ", clones " + clones
                    + ", activations " + activations + ", versions " + versions + ", services " + services + ")";
        }
    }

    /** A 5xx answer to a write: the server is alive but its database is not, so the outcome is unknown. */
    static final class ServerFailed extends IOException {
        ServerFailed(String what, CrashApi.Reply reply) {
            super(what + " answered " + reply);
        }
    }

    private final CrashApi api;
    private final CrashLedger ledger;
    private final BooleanSupplier killed;
    private final int worker;
    private final int cycle;
    private final Random random;
    private final String service;
    private final List<Key> owned;
    private int draft;
    private int sequence;
    private int creates;
    private int updates;
    private int deletes;
    private int clones;
    private int activations;
    private int versions;
    private int services;

    CrashWorkload(CrashApi api, CrashLedger ledger, BooleanSupplier killed, int worker, int cycle, long seed) {
        this.api = api;
        this.ledger = ledger;
        this.killed = killed;
        this.worker = worker;
        this.cycle = cycle;
        this.random = new Random(seed);
        this.service = "/service/" + ledger.serviceId();
        this.owned = new ArrayList<>(ledger.confirmedBackendsOf(worker));
    }

    @Override
    public Tally call() {
        try {
            if (createDraft()) {
                while (!Thread.currentThread().isInterrupted()) {
                    int dice = random.nextInt(100);
                    if (dice < 45) {
                        createBackend();
                    } else if (dice < 65) {
                        updateBackend();
                    } else if (dice < 73) {
                        deleteBackend();
                    } else if (dice < 83) {
                        cloneSource();
                    } else if (dice < 88) {
                        activateClone();
                    } else if (dice < 95) {
                        createDraft();
                    } else {
                        createService();
                    }
                }
            }
        } catch (IOException serverGone) {
            // The expected end: the server (or its database) was killed. The write in flight stays unsettled.
            if (!killed.getAsBoolean()) {
                ledger.anomaly("worker " + worker + " lost its connection or got a 5xx before the kill: " + serverGone);
            }
        }
        return new Tally(creates, updates, deletes, clones, activations, versions, services);
    }

    private boolean createDraft() throws IOException {
        String comment = "crash-draft-w" + worker + "-c" + cycle + "-" + sequence++;
        ledger.draftSending(comment);
        CrashApi.Reply reply = unknownOn5xx("POST " + service + "/version", api.post(service + "/version", Map.of("comment", comment)));
        if (!reply.ok()) {
            ledger.draftRejected(comment);
            ledger.anomaly("POST " + service + "/version answered " + reply);
            return false;
        }
        int number = reply.json().path("number").asInt();
        ledger.draftAcknowledged(comment, number, worker);
        draft = number;
        versions++;
        return true;
    }

    private void createBackend() throws IOException {
        String name = "w" + worker + "-c" + cycle + "-b" + sequence++;
        Values values = new Values(
                random.nextBoolean() ? "10." + worker + "." + random.nextInt(256) + "." + random.nextInt(256)
                        : name + ".origin.example.com",
                1024 + random.nextInt(60_000),
                1 + random.nextInt(100),
                "created " + name);
        Key key = new Key(draft, name);
        ledger.backendSending(key, Fact.creating(values));
        CrashApi.Reply reply = unknownOn5xx("create of " + key, api.post(service + "/version/" + draft + "/backend", values.form(name)));
        if (!reply.ok()) {
            ledger.backendSettled(key, null);
            ledger.anomaly("create of " + key + " answered " + reply);
            return;
        }
        ledger.backendSettled(key, Fact.confirmed(values));
        Values echoed = Values.of(reply.json());
        if (!echoed.equals(values)) {
            ledger.anomaly("create of " + key + " sent " + values + " but answered " + echoed);
        }
        owned.add(key);
        creates++;
    }

    private void updateBackend() throws IOException {
        if (owned.isEmpty()) {
            createBackend();
            return;
        }
        Key key = owned.get(random.nextInt(owned.size()));
        Values old = ledger.confirmed(key);
        if (old == null) {
            throw new IllegalStateException(key + " is owned by worker " + worker + " but not confirmed");
        }
        int next = sequence++;
        Values updated = new Values(old.address(), old.port(), 1 + random.nextInt(100), "updated " + next);
        ledger.backendSending(key, Fact.updating(old, updated));
        CrashApi.Reply reply = unknownOn5xx("update of " + key, api.put(service + "/version/" + key.version() + "/backend/"
                + CrashApi.segment(key.name()), Map.of("weight", Integer.toString(updated.weight()), "comment", updated.comment())));
        if (!reply.ok()) {
            ledger.backendSettled(key, Fact.confirmed(old));
            ledger.anomaly("update of " + key + " answered " + reply);
            return;
        }
        ledger.backendSettled(key, Fact.confirmed(updated));
        updates++;
    }

    private void cloneSource() throws IOException {
        ledger.cloneSending();
        CrashApi.Reply reply = unknownOn5xx("clone", api.put(service + "/version/" + ledger.sourceVersion() + "/clone", Map.of()));
        if (!reply.ok()) {
            ledger.cloneRejected();
            ledger.anomaly("clone of version " + ledger.sourceVersion() + " answered " + reply);
            return;
        }
        ledger.cloneAcknowledged(reply.json().path("number").asInt());
        clones++;
    }

    private void deleteBackend() throws IOException {
        if (owned.isEmpty()) {
            createBackend();
            return;
        }
        Key key = owned.get(random.nextInt(owned.size()));
        Values old = ledger.confirmed(key);
        if (old == null) {
            throw new IllegalStateException(key + " is owned by worker " + worker + " but not confirmed");
        }
        ledger.backendSending(key, Fact.deleting(old));
        CrashApi.Reply reply = unknownOn5xx("delete of " + key,
                api.delete(service + "/version/" + key.version() + "/backend/" + CrashApi.segment(key.name())));
        if (!reply.ok()) {
            ledger.backendSettled(key, Fact.confirmed(old));
            ledger.anomaly("delete of " + key + " answered " + reply);
            return;
        }
        ledger.backendSettled(key, null);
        owned.remove(key);
        deletes++;
    }

    /** Activates an acknowledged clone: the service's active version moves, the old one stays locked. */
    private void activateClone() throws IOException {
        var clone = ledger.anyClone(random);
        if (clone.isEmpty()) {
            cloneSource();
            return;
        }
        long id = ledger.activationSending(clone.get());
        CrashApi.Reply reply = unknownOn5xx("activation of version " + clone.get(),
                api.put(service + "/version/" + clone.get() + "/activate", Map.of()));
        if (!reply.ok()) {
            ledger.activationRejected(id);
            ledger.anomaly("activation of version " + clone.get() + " answered " + reply);
            return;
        }
        ledger.activationAcknowledged(id);
        activations++;
    }

    /** A new service: it must come with its version 1, or not at all. */
    private void createService() throws IOException {
        String name = "crash-w" + worker + "-c" + cycle + "-s" + sequence++ + "-" + Long.toHexString(random.nextLong());
        ledger.serviceSending(name);
        CrashApi.Reply reply = unknownOn5xx("create of service " + name, api.post("/service", Map.of("name", name, "type", "vcl")));
        if (!reply.ok()) {
            ledger.serviceRejected(name);
            ledger.anomaly("create of service " + name + " answered " + reply);
            return;
        }
        ledger.serviceAcknowledged(name, reply.json().path("id").asText());
        services++;
    }

    /** A 5xx leaves the write in flight, as a lost connection does, and ends this worker's stream. */
    private static CrashApi.Reply unknownOn5xx(String what, CrashApi.Reply reply) throws ServerFailed {
        if (reply.serverFailed()) {
            throw new ServerFailed(what, reply);
        }
        return reply;
    }
}
