package io.backline.edge.metrics;

/** The {@code status_class} label: a response status reduced to its class, a fixed set of six values. */
final class StatusClass {
    /** Label values by index; {@code none} when no status was sent (the client left first). */
    static final String[] LABELS = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};

    private StatusClass() {}

    /** The index in {@link #LABELS} of a status. */
    static int index(int status) {
        int index = status / 100;
        return index >= 1 && index <= 5 ? index : 0;
    }
}
