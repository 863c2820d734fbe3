package dev.convergent.pekko;

import dev.convergent.clock.ReplicaId;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.actor.Props;
import org.apache.pekko.cluster.ddata.DistributedData;
import org.apache.pekko.cluster.ddata.Replicator;
import org.apache.pekko.pattern.Patterns;

/**
 * A thin facade over Pekko's Replicator for code that does not use actors: reads and writes return
 * {@link CompletionStage}s, subscriptions call a {@link Consumer}. It sends the Replicator's own messages
 * ({@code Update}, {@code Get}, {@code Subscribe}) and adds no replication logic: gossip, delta
 * propagation, quorums and pruning are Pekko's.
 *
 * <p>Every write goes through {@link ReplicatedCrdt#update}, so an update function that throws, or returns a
 * state that does not inflate the current one, fails the returned stage and leaves the stored value as it
 * was. Thread-safe; one instance per actor system is enough.
 */
public final class ConvergentReplicator {

    private final ActorSystem system;
    private final ActorRef replicator;
    private final ReplicaId self;
    private final Duration askTimeout;

    private ConvergentReplicator(ActorSystem system, Duration askTimeout) {
        this.system = system;
        DistributedData ddata = DistributedData.get(system);
        this.replicator = ddata.replicator();
        this.self = PekkoReplicaIds.of(ddata.selfUniqueAddress());
        this.askTimeout = askTimeout;
    }

    /**
     * Returns the facade over the system's Replicator ({@code DistributedData.get(system)}), with the ask
     * timeout of {@code convergent.pekko.replicator.ask-timeout}. For a typed system, pass
     * {@code Adapter.toClassic(typedSystem)}.
     *
     * @param system a cluster actor system
     * @return the facade
     * @throws NullPointerException if {@code system} is null
     */
    public static ConvergentReplicator get(ActorSystem system) {
        Objects.requireNonNull(system, "system");
        return new ConvergentReplicator(system,
                system.settings().config().getDuration("convergent.pekko.replicator.ask-timeout"));
    }

    /**
     * Returns a facade that waits {@code askTimeout} for the Replicator beyond each consistency's own timeout.
     *
     * @param askTimeout the extra wait, positive
     * @return the new facade
     * @throws NullPointerException if {@code askTimeout} is null
     * @throws IllegalArgumentException if {@code askTimeout} is not positive
     */
    public ConvergentReplicator withAskTimeout(Duration askTimeout) {
        Objects.requireNonNull(askTimeout, "askTimeout");
        if (askTimeout.isNegative() || askTimeout.isZero()) {
            throw new IllegalArgumentException("askTimeout must be positive, was " + askTimeout);
        }
        return new ConvergentReplicator(system, askTimeout);
    }

    /**
     * Returns the replica id this node writes under ({@link PekkoReplicaIds#of}).
     *
     * @return the local node's replica id
     */
    public ReplicaId self() {
        return self;
    }

    /**
     * Updates a key with a delta mutator, at the given write consistency.
     *
     * @param <T> the CRDT type
     * @param key the key
     * @param initial the state to update when the key holds nothing yet (the type's empty state)
     * @param mutator the delta mutator, e.g. {@code cart -> cart.addDelta(replicator.self(), "socks")}; it runs
     *     on the Replicator's thread, so it must be quick and must not block
     * @param consistency e.g. {@code Replicator.writeLocal()} or {@code new Replicator.WriteMajority(timeout)}
     * @return the local state after the update, once the consistency level is reached; failed with the
     *     mutator's exception or an {@link IllegalArgumentException} (not an inflation: nothing was stored),
     *     or with a {@link ReplicationException} (not acknowledged in time: stored locally, spreading by gossip)
     * @throws NullPointerException if an argument is null
     */
    public <T extends Crdt<T>> CompletionStage<T> update(CrdtKey<T> key, T initial, Function<T, Mutation<T>> mutator,
            Replicator.WriteConsistency consistency) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(mutator, "mutator");
        Objects.requireNonNull(consistency, "consistency");
        AtomicReference<T> result = new AtomicReference<>();
        Function<ReplicatedCrdt<T>, ReplicatedCrdt<T>> modify = current -> {
            ReplicatedCrdt<T> next = current.update(mutator);
            result.set(next.state());
            return next;
        };
        Replicator.Update<ReplicatedCrdt<T>> update =
                new Replicator.Update<>(key, ReplicatedCrdt.of(initial), consistency, modify);
        return ask(update, timeout(consistency.timeout())).thenCompose(reply -> {
            if (reply instanceof Replicator.UpdateSuccess<?>) {
                return CompletableFuture.completedFuture(result.get());
            }
            if (reply instanceof Replicator.ModifyFailure<?> failure) {
                return CompletableFuture.failedFuture(failure.cause());
            }
            if (reply instanceof Replicator.UpdateTimeout<?>) {
                return CompletableFuture.failedFuture(new ReplicationException("update of " + key.id()
                        + " was applied locally but not acknowledged at " + consistency + " in time; it spreads"
                        + " by gossip"));
            }
            return CompletableFuture.failedFuture(new ReplicationException("update of " + key.id()
                    + " failed: " + reply));
        });
    }

    /**
     * Reads a key at the given read consistency.
     *
     * @param <T> the CRDT type
     * @param key the key
     * @param consistency e.g. {@code Replicator.readLocal()} or {@code new Replicator.ReadMajority(timeout)}
     * @return the state merged from the nodes read, or empty if none of them holds the key; failed with a
     *     {@link ReplicationException} if the consistency level was not reached in time or the key was deleted
     * @throws NullPointerException if an argument is null
     */
    public <T extends Crdt<T>> CompletionStage<Optional<T>> get(CrdtKey<T> key,
            Replicator.ReadConsistency consistency) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(consistency, "consistency");
        return ask(new Replicator.Get<>(key, consistency), timeout(consistency.timeout())).thenCompose(reply -> {
            if (reply instanceof Replicator.GetSuccess<?> success) {
                @SuppressWarnings("unchecked")
                ReplicatedCrdt<T> value = (ReplicatedCrdt<T>) success.dataValue();
                return CompletableFuture.completedFuture(Optional.of(value.state()));
            }
            if (reply instanceof Replicator.NotFound<?>) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.failedFuture(new ReplicationException("read of " + key.id() + " at "
                    + consistency + " failed: " + reply));
        });
    }

    /**
     * Calls {@code listener} with the key's state whenever it changes on this node (local writes and
     * replicated ones, batched by Pekko's {@code notify-subscribers-interval}), and once with the current
     * state if there is one. The listener runs on an actor's thread, one call at a time.
     *
     * @param <T> the CRDT type
     * @param key the key
     * @param listener called with each new state
     * @return the subscription; {@link AutoCloseable#close()} ends it
     * @throws NullPointerException if an argument is null
     */
    public <T extends Crdt<T>> AutoCloseable subscribe(CrdtKey<T> key, Consumer<? super T> listener) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(listener, "listener");
        ActorRef subscriber = system.actorOf(Props.create(Subscriber.class, () -> new Subscriber<>(key, listener)));
        replicator.tell(new Replicator.Subscribe<>(key, subscriber), ActorRef.noSender());
        return () -> subscriber.tell(PoisonPill.getInstance(), ActorRef.noSender()); // the Replicator watches it
    }

    private CompletionStage<Object> ask(Object message, Duration timeout) {
        return Patterns.ask(replicator, message, timeout);
    }

    private Duration timeout(scala.concurrent.duration.FiniteDuration consistencyTimeout) {
        return Duration.ofNanos(consistencyTimeout.toNanos()).plus(askTimeout);
    }

    @Override
    public String toString() {
        return "ConvergentReplicator(" + self + ")";
    }

    /** Forwards the Replicator's change notifications of one key to a listener. */
    private static final class Subscriber<T extends Crdt<T>> extends AbstractActor {
        private final CrdtKey<T> key;
        private final Consumer<? super T> listener;

        Subscriber(CrdtKey<T> key, Consumer<? super T> listener) {
            this.key = key;
            this.listener = listener;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Replicator.Changed.class, c -> listener.accept(((Replicator.Changed<?>) c).get(key).state()))
                    .build();
        }
    }
}
