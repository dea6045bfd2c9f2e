package io.backline.api;

import java.util.concurrent.atomic.LongAdder;

/** The API's own counters: answers by status class. Rendered at {@code GET /_backline/metrics}. */
final class ApiMetrics {
    private final LongAdder[] byClass = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()};

    void count(int status) {
        int index = status / 100 - 1;
        if (index >= 0 && index < byClass.length) {
            byClass[index].increment();
        }
    }

    String prometheus() {
        var out = new StringBuilder(512);
        out.append("# HELP backline_api_responses_total Answers of the configuration API, by status class.\n");
        out.append("# TYPE backline_api_responses_total counter\n");
        for (int i = 0; i < byClass.length; i++) {
            out.append("backline_api_responses_total{code=\"").append(i + 1).append("xx\"} ").append(byClass[i].sum()).append('\n');
        }
        return out.toString();
    }
}
