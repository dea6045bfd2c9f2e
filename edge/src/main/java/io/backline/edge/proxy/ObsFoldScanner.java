package io.backline.edge.proxy;

import io.netty.util.ByteProcessor;

/**
 * Finds obs-fold in a request head as its bytes arrive: a header line that begins with a space or a
 * tab (RFC 9112 §5.2). Netty's decoder silently joins such a line to the previous field's value; an
 * origin that reads it differently (as a field of its own, say {@code Transfer-Encoding}) disagrees
 * with the edge about the request, which is how requests are smuggled, so the edge refuses it.
 * Netty has no switch for this, hence the few lines here.
 *
 * <p>It must see every byte of a head once, in order, across reads; {@link #reset()} starts the
 * next request. One per connection, on its event loop.
 */
final class ObsFoldScanner implements ByteProcessor {
    private boolean started; // past the empty lines and whitespace Netty skips before a request line
    private boolean afterLf;
    private boolean done;    // the empty line that ends the head was seen
    private boolean found;

    void reset() {
        started = false;
        afterLf = false;
        done = false;
        found = false;
    }

    /** Whether the head seen so far folds a line. */
    boolean found() {
        return found;
    }

    /** Whether the head has ended (or a fold was found): the bytes after it are a body, not looked at. */
    boolean done() {
        return done;
    }

    @Override
    public boolean process(byte value) {
        boolean space = value == ' ' || value == '\t';
        boolean newline = value == '\r' || value == '\n';
        if (!started) {
            started = !space && !newline;
        } else if (afterLf && space) {
            found = true;
            done = true;
            return false;
        } else if (afterLf && newline) {
            done = true;
            return false;
        }
        afterLf = value == '\n';
        return true;
    }
}
