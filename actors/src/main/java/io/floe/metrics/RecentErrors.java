package io.floe.metrics;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.LoggerFactory;

/**
 * The last WARN and ERROR log events of a node, bounded, for {@code /v1/status} and the status page; also counts
 * them ({@code floe_log_events_total}). Fed by one Logback appender on the root logger. A node process holds one
 * node, so every event is its own; when several nodes share a JVM (tests), an event that carries Pekko's
 * {@code pekkoAddress} goes to the node with that address and any other event to every node. Thread-safe.
 */
public final class RecentErrors implements AutoCloseable {
    /** How many events a node keeps. */
    public static final int CAPACITY = 50;
    private static final int MAX_MESSAGE = 500;
    private static final Set<RecentErrors> ATTACHED = new CopyOnWriteArraySet<>();

    /** One log event. */
    public record Entry(Instant at, String level, String logger, String message) {
    }

    private final String address;
    private final MeterRegistry registry;
    private final Deque<Entry> entries = new ArrayDeque<>();

    private RecentErrors(String address, MeterRegistry registry) {
        this.address = address;
        this.registry = registry;
    }

    /**
     * Starts keeping the WARN and ERROR events of the node whose Pekko address is {@code address} (may be null:
     * then only events without an address), counted in {@code registry}; {@link #close()} stops it.
     */
    public static RecentErrors attach(String address, MeterRegistry registry) {
        RecentErrors errors = new RecentErrors(address, registry);
        errors.counter(Level.WARN);
        errors.counter(Level.ERROR);
        Forwarder.install();
        ATTACHED.add(errors);
        return errors;
    }

    /** The events, newest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    private Counter counter(Level level) {
        return Counter.builder("floe.log.events").description("WARN and ERROR log events of this node, by level")
                .tag("level", level.toString()).register(registry);
    }

    private void accept(ILoggingEvent event) {
        counter(event.getLevel()).increment();
        String message = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            message = message + ": " + thrown.getClassName() + ": " + thrown.getMessage();
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        Entry entry = new Entry(Instant.ofEpochMilli(event.getTimeStamp()), event.getLevel().toString(),
                event.getLoggerName(), message);
        synchronized (this) {
            entries.addFirst(entry);
            while (entries.size() > CAPACITY) {
                entries.removeLast();
            }
        }
    }

    @Override
    public void close() {
        ATTACHED.remove(this);
    }

    private static void dispatch(ILoggingEvent event) {
        String eventAddress = event.getMDCPropertyMap().get("pekkoAddress");
        boolean claimed = eventAddress != null
                && ATTACHED.stream().anyMatch(errors -> eventAddress.equals(errors.address));
        for (RecentErrors errors : ATTACHED) {
            if (!claimed || eventAddress.equals(errors.address)) {
                errors.accept(event);
            }
        }
    }

    /** The appender on Logback's root logger; installed once per JVM, only if Logback is the SLF4J backend. */
    private static final class Forwarder extends AppenderBase<ILoggingEvent> {
        private static final String NAME = "floe-recent-errors";

        static synchronized void install() {
            if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
                return;
            }
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            if (root.getAppender(NAME) != null) {
                return;
            }
            Forwarder forwarder = new Forwarder();
            forwarder.setName(NAME);
            forwarder.setContext(context);
            forwarder.start();
            root.addAppender(forwarder);
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
                dispatch(event);
            }
        }
    }
}
