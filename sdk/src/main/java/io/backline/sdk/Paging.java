package io.backline.sdk;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;

/** Walks a paged list lazily: the next page is fetched when the current one is used up. */
final class Paging<T> implements Iterator<T> {
    record Page<T>(List<T> items, boolean hasNext) {}

    private final IntFunction<Page<T>> fetch;
    private int nextPage;
    private boolean more = true;
    private Iterator<T> current = List.<T>of().iterator();

    Paging(IntFunction<Page<T>> fetch, int firstPage) {
        this.fetch = fetch;
        this.nextPage = firstPage;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && more) {
            var page = fetch.apply(nextPage++);
            current = page.items().iterator();
            more = page.hasNext() && !page.items().isEmpty();
        }
        return current.hasNext();
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
