package io.backline.store;

/** Which slice of the service list to read: 1-based page, page size, sort key and direction. */
public record ServicePage(int page, int perPage, Sort sort, boolean descending) {

    /** The sort keys Fastly's service list accepts. */
    public enum Sort {
        CREATED("seq"),
        UPDATED("updated_at"),
        NAME("name");

        final String column;

        Sort(String column) {
            this.column = column;
        }
    }

    public int offset() {
        return (page - 1) * perPage;
    }
}
