package io.floe.client;

import io.floe.protocol.committee.CommitteeMember;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Runs one call against several committee members side by side and keeps every outcome, failures included. */
final class MemberCalls {
    private MemberCalls() {
    }

    /** One member's outcome: a value, or the failure (node error or unreachable node). */
    record Outcome<T>(CommitteeMember member, T value, RuntimeException failure) {
        boolean ok() {
            return failure == null;
        }
    }

    /** Calls every member in parallel on {@code executor}; each call is bounded by the client's own timeouts. */
    static <T> List<Outcome<T>> callAll(Collection<CommitteeMember> members, Function<CommitteeMember, T> call,
            Executor executor) {
        List<CompletableFuture<Outcome<T>>> futures = new ArrayList<>();
        for (CommitteeMember member : members) {
            futures.add(CompletableFuture.supplyAsync(() -> call(member, call), executor));
        }
        List<Outcome<T>> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome<T>> future : futures) {
            outcomes.add(future.join());
        }
        return outcomes;
    }

    static <T> Outcome<T> call(CommitteeMember member, Function<CommitteeMember, T> call) {
        try {
            return new Outcome<>(member, call.apply(member), null);
        } catch (RuntimeException e) {
            return new Outcome<>(member, null, e);
        }
    }

    /** A short description of the failed outcomes, for error messages. */
    static String describeFailures(List<? extends Outcome<?>> outcomes) {
        StringBuilder text = new StringBuilder();
        for (Outcome<?> outcome : outcomes) {
            if (!outcome.ok()) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append(outcome.member().nodeId()).append(": ").append(outcome.failure().getMessage());
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
