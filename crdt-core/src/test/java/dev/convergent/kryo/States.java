package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.CounterOverflowException;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of every serialized type. CRDT states come from genuinely concurrent histories: random
 * operations at three replicas, interleaved with merges between them (and, for the OR-Set, deltas
 * delivered out of order, which leave dot clouds in the receivers' contexts).
 */
final class States {

    /** The user's Kryo configuration in the tests: two record types, with ids of their own. */
    static void registerUserTypes(Kryo kryo) {
        kryo.register(Money.class, 20);
        kryo.register(Collider.class, 21);
    }

    /** A state and the type to decode it as. */
    record Sample(Class<?> type, Object state) {
        @Override
        public String toString() {
            return type.getSimpleName() + ": " + state;
        }
    }

    /** One step of a history: replica {@code replica} does {@code kind} with {@code arg}, or merges {@code other}. */
    record Step(int replica, int other, int kind, long arg) {
    }

    @FunctionalInterface
    interface Apply<S> {
        /** Returns the new state of replica {@code step.replica()} after step number {@code index}. */
        S apply(S[] states, List<ReplicaId> replicas, Step step, int index);
    }

    private States() {
    }

    // ---- leaves ----

    static Arbitrary<String> names() {
        Arbitrary<String> numbered = Arbitraries.integers().between(0, 2000).map(i -> "replica-" + i);
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1)
                .ofMaxLength(ReplicaId.MAX_LENGTH);
        Arbitrary<String> unicode = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00A0', '\uFFFF')
                .ofMinLength(1).ofMaxLength(ReplicaId.MAX_LENGTH);
        return Arbitraries.frequencyOf(Tuple.of(4, numbered), Tuple.of(1, ascii), Tuple.of(1, unicode));
    }

    static Arbitrary<ReplicaId> replicaIds() {
        return names().map(ReplicaId::of);
    }

    static Arbitrary<List<ReplicaId>> replicas() {
        return names().list().ofSize(3).uniqueElements().map(l -> l.stream().map(ReplicaId::of).toList());
    }

    static Arbitrary<Long> counters() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(1, 200)),
                Tuple.of(2, Arbitraries.longs().between(1, 1L << 40)),
                Tuple.of(1, Arbitraries.longs().between(1, Long.MAX_VALUE)),
                Tuple.of(1, Arbitraries.of(Long.MAX_VALUE, Long.MAX_VALUE - 1, 127L, 128L, 16_383L, 16_384L)));
    }

    static Arbitrary<Dot> dots() {
        return Combinators.combine(replicaIds(), counters()).as(Dot::of);
    }

    static Arbitrary<HybridTimestamp> timestamps() {
        return Combinators.combine(
                Arbitraries.longs().between(0, Long.MAX_VALUE).edgeCases(e -> e.includeOnly(0L, Long.MAX_VALUE)),
                Arbitraries.integers().between(0, HybridTimestamp.MAX_LOGICAL)).as(HybridTimestamp::of);
    }

    // ---- element and value domains (small, so that elements are re-added and added concurrently) ----

    private static final String[] STRINGS = {"", "a", "el-1", "el-22", "ünïcödé", "\uD83D\uDE00", "\uDBFF",
        "x".repeat(100), "名前", "b"};

    static Object string(long arg) {
        return STRINGS[(int) Math.floorMod(arg, STRINGS.length)];
    }

    static Object number(long arg) {
        long k = Math.floorMod(arg, 12);
        return k == 10 ? Long.MIN_VALUE : k == 11 ? Long.MAX_VALUE : k - 3;
    }

    static Object money(long arg) {
        return new Money(Math.floorMod(arg, 2) == 0 ? "EUR" : "JPY", Math.floorMod(arg, 9) * 1000L);
    }

    static Object collider(long arg) {
        return new Collider((int) Math.floorMod(arg, 12));
    }

    static Object mixed(long arg) {
        switch ((int) Math.floorMod(arg, 4)) {
            case 0:
                return string(arg / 4);
            case 1:
                return number(arg / 4);
            case 2:
                return money(arg / 4);
            default:
                return collider(arg / 4);
        }
    }

    static Arbitrary<LongFunction<Object>> elementDomains() {
        return Arbitraries.of(States::string, States::number, States::money, States::collider, States::mixed);
    }

    // ---- histories ----

    static Arbitrary<List<Step>> steps(int maxSize) {
        return Combinators.combine(
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 9), Arbitraries.longs().between(0, 1L << 20))
                .as(Step::new).list().ofMaxSize(maxSize);
    }

    /**
     * Runs a history at three replicas and returns one replica's state ({@code pick} 0 to 2) or the
     * merge of all three ({@code pick} 3). A step that would overflow a counter leaves its replica unchanged.
     */
    static <S> S run(S[] states, List<ReplicaId> replicas, List<Step> steps, int pick, Apply<S> apply,
            BinaryOperator<S> merge) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            try {
                states[step.replica()] = apply.apply(states, replicas, step, i);
            } catch (CounterOverflowException e) {
                // keep the state: the operation is refused, as a replica would refuse it
            }
        }
        if (pick < 3) {
            return states[pick];
        }
        try {
            return merge.apply(merge.apply(states[0], states[1]), states[2]);
        } catch (CounterOverflowException e) {
            return states[0];
        }
    }

    private static <S> Arbitrary<S> history(int maxSteps, Apply<S> apply, BinaryOperator<S> merge,
            Supplier<S[]> initial) {
        return Combinators.combine(replicas(), steps(maxSteps), Arbitraries.integers().between(0, 3))
                .as((replicas, steps, pick) -> run(initial.get(), replicas, steps, pick, apply, merge));
    }

    /** A large amount now and then, so that varints of every length appear. */
    private static long amount(Step step) {
        return step.kind() == 0 ? (step.arg() << 40) + step.arg() : step.arg() % 1000;
    }

    static Arbitrary<GCounter> gCounters() {
        return history(25, (states, replicas, step, i) -> step.kind() < 6
                ? states[step.replica()].increment(replicas.get(step.replica()), amount(step))
                : states[step.replica()].merge(states[step.other()]),
                GCounter::merge, () -> new GCounter[] {GCounter.empty(), GCounter.empty(), GCounter.empty()});
    }

    static Arbitrary<PNCounter> pnCounters() {
        return history(25, (states, replicas, step, i) -> step.kind() < 4
                ? states[step.replica()].increment(replicas.get(step.replica()), amount(step))
                : step.kind() < 7
                        ? states[step.replica()].decrement(replicas.get(step.replica()), amount(step))
                        : states[step.replica()].merge(states[step.other()]),
                PNCounter::merge, () -> new PNCounter[] {PNCounter.empty(), PNCounter.empty(), PNCounter.empty()});
    }

    static Arbitrary<VersionVector> versionVectors() {
        return history(25, (states, replicas, step, i) -> step.kind() < 4
                ? states[step.replica()].increment(replicas.get(step.replica()))
                : step.kind() < 6
                        ? states[step.replica()].advance(replicas.get(step.replica()), amount(step))
                        : states[step.replica()].merge(states[step.other()]),
                VersionVector::merge,
                () -> new VersionVector[] {VersionVector.empty(), VersionVector.empty(), VersionVector.empty()});
    }

    static Arbitrary<CausalContext> causalContexts() {
        return history(25, (states, replicas, step, i) -> {
            CausalContext mine = states[step.replica()];
            ReplicaId me = replicas.get(step.replica());
            if (step.kind() < 4) {
                return mine.add(mine.nextDot(me));
            }
            if (step.kind() < 7) {
                long counter = step.kind() == 6 ? Long.MAX_VALUE - step.arg() : 1 + step.arg() % 20;
                return mine.add(Dot.of(replicas.get(step.other()), counter));
            }
            return mine.merge(states[step.other()]);
        }, CausalContext::merge,
                () -> new CausalContext[] {CausalContext.empty(), CausalContext.empty(), CausalContext.empty()});
    }

    static Arbitrary<ORSet<Object>> orSets() {
        return elementDomains().flatMap(States::orSets);
    }

    static Arbitrary<ORSet<Object>> orSets(LongFunction<Object> elements) {
        return history(30, orSetSteps(elements), ORSet::merge, () -> newORSets());
    }

    /** Two replicas of one history: concurrent, with shared ancestry, never reusing a dot. */
    static Arbitrary<List<Object>> orSetPairs() {
        return elementDomains().flatMap(elements -> Combinators.combine(replicas(), steps(30)).as((replicas, steps) -> {
            ORSet<Object>[] states = newORSets();
            run(states, replicas, steps, 0, orSetSteps(elements), ORSet::merge);
            return List.<Object>of(states[0], states[1]);
        }));
    }

    private static Apply<ORSet<Object>> orSetSteps(LongFunction<Object> elements) {
        return (states, replicas, step, i) -> {
            ORSet<Object> mine = states[step.replica()];
            ReplicaId me = replicas.get(step.replica());
            Object element = elements.apply(step.arg());
            switch (step.kind()) {
                case 0: case 1: case 2: case 3:
                    return mine.add(me, element);
                case 4: case 5:
                    return mine.remove(element);
                case 6: case 7: {
                    // the add's delta reaches another replica first, out of order with earlier ones
                    Dot added = mine.context().nextDot(me);
                    ORSet<Object> after = mine.add(me, element);
                    ORSet<Object> delta = ORSet.of(Map.of(element, Set.of(added)),
                            CausalContext.ofDots(List.of(added)));
                    states[step.other()] = states[step.other()].merge(delta);
                    return after;
                }
                default:
                    return mine.merge(states[step.other()]);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static ORSet<Object>[] newORSets() {
        return new ORSet[] {ORSet.empty(), ORSet.empty(), ORSet.empty()};
    }

    static Arbitrary<LWWRegister<Object>> lwwRegisters() {
        return elementDomains().flatMap(values -> history(15, (states, replicas, step, i) -> {
            ReplicaId me = replicas.get(step.replica());
            if (step.kind() < 6 || states[step.other()] == null) {
                // distinct logical parts: no two writes share a timestamp
                HybridTimestamp at = HybridTimestamp.of(amount(step), i);
                LWWRegister<Object> write = LWWRegister.of(me, values.apply(step.arg()), at);
                return states[step.replica()] == null ? write : states[step.replica()].merge(write);
            }
            return states[step.replica()] == null ? states[step.other()]
                    : states[step.replica()].merge(states[step.other()]);
        }, States::mergeNullable, States::newRegisters)
                .map(r -> r != null ? r
                        : LWWRegister.of(ReplicaId.of("nobody"), values.apply(0), HybridTimestamp.ZERO)));
    }

    private static LWWRegister<Object> mergeNullable(LWWRegister<Object> a, LWWRegister<Object> b) {
        return a == null ? b : b == null ? a : a.merge(b);
    }

    @SuppressWarnings("unchecked")
    private static LWWRegister<Object>[] newRegisters() {
        return new LWWRegister[3];
    }

    // ---- every type ----

    static Arbitrary<Sample> samples() {
        return Arbitraries.oneOf(List.of(
                replicaIds().map(s -> new Sample(ReplicaId.class, s)),
                dots().map(s -> new Sample(Dot.class, s)),
                versionVectors().map(s -> new Sample(VersionVector.class, s)),
                causalContexts().map(s -> new Sample(CausalContext.class, s)),
                timestamps().map(s -> new Sample(HybridTimestamp.class, s)),
                gCounters().map(s -> new Sample(GCounter.class, s)),
                pnCounters().map(s -> new Sample(PNCounter.class, s)),
                lwwRegisters().map(s -> new Sample(LWWRegister.class, s)),
                orSets().map(s -> new Sample(ORSet.class, s))));
    }
}
