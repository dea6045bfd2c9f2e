/**
 * The edge's access log: one JSON line per finished request, written off the event loop.
 *
 * <p>{@link io.backline.edge.log.AccessLog} is an {@link io.backline.edge.ExchangeObserver}: on the
 * event loop it copies the few fields a line needs into an {@code AccessLogEntry} and offers it to
 * a bounded queue (never waiting: a full queue drops the line and counts it); one writer thread
 * drains the queue, formats each entry with Jackson's streaming generator ({@code AccessLogLine})
 * and writes to stdout or a file, flushing whenever the queue runs empty. {@link
 * io.backline.edge.log.AccessLog#reopen()} makes the writer reopen its file (an operator's
 * logrotate sends {@code SIGHUP}, which {@code backline} routes there). See {@code docs/access-log.md}.
 */
@NullMarked
package io.backline.edge.log;

import org.jspecify.annotations.NullMarked;
