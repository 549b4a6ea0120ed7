package io.floe.shard;

import io.floe.serialization.FloeMessage;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocationStrategy;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One shard of the committee on the node that owns it: a Cluster Sharding entity per shard index, placed by external
 * allocation that follows the committee ({@link ShardLocations}), with its status journaled in that node's LevelDB.
 * The persistence id names the node as well, because a local journal never follows an entity to another node.
 */
public final class ShardActor extends EventSourcedBehavior<ShardActor.Command, ShardActor.Event, ShardActor.State> {

    /** The entity type of shards. */
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "shard");

    /** What a shard is asked. */
    public sealed interface Command extends FloeMessage {
    }

    /** Asks for the shard's status and the node it runs on. */
    public record GetShardStatus(ActorRef<ShardStatusReported> replyTo) implements Command {
    }

    /** Moves the shard to {@code status}: the data plane's shard transfer sends it when the shard's status changes. */
    public record ChangeShardStatus(ShardStatus status, ActorRef<ShardStatusReported> replyTo) implements Command {
    }

    /** The status of shard {@code shard} on node {@code nodeId}. */
    public record ShardStatusReported(int shard, String nodeId, ShardStatus status) implements FloeMessage {
    }

    /** What a shard journals. */
    public sealed interface Event extends FloeMessage {
    }

    /** The shard's status changed to {@code status}. */
    public record ShardStatusChanged(ShardStatus status) implements Event {
    }

    /** The shard's status; a shard starts {@link ShardStatus#ACTIVE}. */
    public record State(ShardStatus status) {
    }

    private final int shard;
    private final String nodeId;
    private final ShardStatusRegistry statuses;

    private ShardActor(int shard, String nodeId, ShardStatusRegistry statuses) {
        super(persistenceId(shard, nodeId));
        this.shard = shard;
        this.nodeId = nodeId;
        this.statuses = statuses;
    }

    /** Shard {@code shard} on node {@code nodeId}. */
    public static Behavior<Command> create(int shard, String nodeId) {
        return Behaviors.setup(context -> {
            context.getLog().debug("shard started shard={} nodeId={}", shard, nodeId);
            return new ShardActor(shard, nodeId, ShardStatusRegistry.get(context.getSystem()));
        });
    }

    /** {@code shard-<index>-<nodeId>}. */
    public static PersistenceId persistenceId(int shard, String nodeId) {
        return PersistenceId.ofUniqueId("shard-" + shard + "-" + nodeId);
    }

    /**
     * Starts this node's shard region, with external allocation so that shards run where {@link ShardLocations}
     * says; returns the region.
     */
    public static ActorRef<ShardingEnvelope<Command>> initSharding(ActorSystem<?> system, String nodeId,
            Duration allocationTimeout) {
        return ClusterSharding.get(system).init(
                Entity.of(TYPE_KEY, entity -> create(ShardMessageExtractor.shardIndex(entity.getEntityId()), nodeId))
                        .withMessageExtractor(new ShardMessageExtractor())
                        .withAllocationStrategy(ExternalShardAllocationStrategy.create(system, TYPE_KEY.name(),
                                allocationTimeout)));
    }

    /** A reference to shard {@code shard}, wherever it runs. */
    public static EntityRef<Command> entityRef(ActorSystem<?> system, int shard) {
        return ClusterSharding.get(system).entityRefFor(TYPE_KEY, ShardMessageExtractor.entityId(shard));
    }

    @Override
    public State emptyState() {
        return new State(ShardStatus.ACTIVE);
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(GetShardStatus.class, (state, command) -> Effect().reply(command.replyTo(),
                        new ShardStatusReported(shard, nodeId, state.status())))
                .onCommand(ChangeShardStatus.class, this::changeStatus)
                .build();
    }

    /**
     * The one place a shard's status changes (the data plane's {@code ShardStates} drives it through
     * {@link ChangeShardStatus}); a hook for status metrics goes here.
     */
    private ReplyEffect<Event, State> changeStatus(State state, ChangeShardStatus command) {
        if (state.status() == command.status()) {
            return Effect().reply(command.replyTo(), new ShardStatusReported(shard, nodeId, state.status()));
        }
        return Effect().persist(new ShardStatusChanged(command.status()))
                .thenReply(command.replyTo(), newState -> new ShardStatusReported(shard, nodeId, newState.status()));
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(ShardStatusChanged.class, (state, event) -> {
                    statuses.update(shard, event.status());
                    return new State(event.status());
                })
                .build();
    }
}
