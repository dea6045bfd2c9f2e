package io.backline.edge;

import java.util.List;

/**
 * Told about every request the edge finished: the one place metrics, the access log and the
 * logging endpoints learn what happened. Called on the event loop that served the request, once
 * per request, after its response's last byte was handed to the client connection (or the
 * exchange broke off): an observer must not block, and should hand anything slow (formatting,
 * I/O) to its own thread through a bounded queue.
 */
@FunctionalInterface
public interface ExchangeObserver {
    /** Observes nothing. */
    ExchangeObserver NONE = record -> { };

    void exchangeEnded(ExchangeRecord record);

    /** Tells each of {@code observers} in turn; an observer that throws does not keep the others from being told. */
    static ExchangeObserver all(List<ExchangeObserver> observers) {
        var copy = observers.stream().filter(observer -> observer != NONE).toArray(ExchangeObserver[]::new);
        if (copy.length == 0) {
            return NONE;
        }
        return record -> {
            for (var observer : copy) {
                try {
                    observer.exchangeEnded(record);
                } catch (RuntimeException e) {
                    System.getLogger("io.backline.edge").log(System.Logger.Level.WARNING, "exchange observer failed", e);
                }
            }
        };
    }
}
