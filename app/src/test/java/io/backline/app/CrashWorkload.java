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
 * distinct names, updates of its own backends, clones of the frozen source version and creates of
 * new draft versions. Each write is recorded in the {@link CrashLedger} before it is sent and
 * settled when its answer arrives; the first transport failure ends the stream.
 *
 * <p>A worker writes only to draft versions it created, so the order of its own acknowledgements
 * is the order of the commits and "the last acknowledged value" is well defined.
 */
final class CrashWorkload implements Callable<CrashWorkload.Tally> {
    /** What one worker got acknowledged in one cycle. */
    record Tally(int creates, int updates, int clones, int versions) {
        int total() {
            return creates + updates + clones + versions;
        }

        Tally plus(Tally other) {
            return new Tally(creates + other.creates, updates + other.updates,
                    clones + other.clones, versions + other.versions);
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
    private int clones;
    private int versions;

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
                    if (dice < 55) {
                        createBackend();
                    } else if (dice < 80) {
                        updateBackend();
                    } else if (dice < 90) {
                        cloneSource();
                    } else {
                        createDraft();
                    }
                }
            }
        } catch (IOException serverGone) {
            // The expected end: the server was killed. The write in flight stays unsettled.
            if (!killed.getAsBoolean()) {
                ledger.anomaly("worker " + worker + " lost its connection before the kill: " + serverGone);
            }
        }
        return new Tally(creates, updates, clones, versions);
    }

    private boolean createDraft() throws IOException {
        String comment = "crash-draft-w" + worker + "-c" + cycle + "-" + sequence++;
        ledger.draftSending(comment);
        CrashApi.Reply reply = api.post(service + "/version", Map.of("comment", comment));
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
        CrashApi.Reply reply = api.post(service + "/version/" + draft + "/backend", values.form(name));
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
        ledger.backendSending(key, new Fact(old, updated));
        CrashApi.Reply reply = api.put(service + "/version/" + key.version() + "/backend/" + CrashApi.segment(key.name()),
                Map.of("weight", Integer.toString(updated.weight()), "comment", updated.comment()));
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
        CrashApi.Reply reply = api.put(service + "/version/" + ledger.sourceVersion() + "/clone", Map.of());
        if (!reply.ok()) {
            ledger.cloneRejected();
            ledger.anomaly("clone of version " + ledger.sourceVersion() + " answered " + reply);
            return;
        }
        ledger.cloneAcknowledged(reply.json().path("number").asInt());
        clones++;
    }
}
