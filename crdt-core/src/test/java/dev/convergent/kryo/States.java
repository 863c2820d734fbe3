package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.HybridTimestamp;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.EnableWinsFlag;
import dev.convergent.crdt.GCounter;
import dev.convergent.crdt.LWWMap;
import dev.convergent.crdt.LWWRegister;
import dev.convergent.crdt.MVRegister;
import dev.convergent.crdt.ORMap;
import dev.convergent.crdt.ORSet;
import dev.convergent.crdt.PNCounter;
import dev.convergent.crdt.Prunable;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.Mutation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * operations at three replicas, interleaved with merges between them (and, for the dot-based types,
 * deltas delivered out of order, which leave dot clouds in the receivers' contexts). Pairs of
 * concurrent states come from one history: two histories would reuse each replica id for different
 * writes, which merge rejects.
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
        return Arbitraries.frequencyOf(Tuple.of(4, numbered), Tuple.of(1, ascii), Tuple.of(1, unicode))
                .filter(States::isReplicaName);
    }

    /** Random text may be blank or hold lone surrogates or format characters, which no replica name may. */
    private static boolean isReplicaName(String name) {
        try {
            ReplicaId.of(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
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

    /** Kryo's other built-in types: booleans, ints, floats, doubles (NaN too), shorts, bytes, chars. */
    static Object scalar(long arg) {
        int k = (int) Math.floorMod(arg / 8, 5);
        switch ((int) Math.floorMod(arg, 8)) {
            case 0:
                return k % 2 == 0;
            case 1:
                return k == 4 ? Integer.MIN_VALUE : k * 1000 - 1;
            case 2:
                return k == 4 ? Float.NaN : k * 0.5f;
            case 3:
                return k == 4 ? Double.NaN : k == 3 ? Double.MAX_VALUE : -k * 1e10;
            case 4:
                return (short) (k * 10_000 - 20_000);
            case 5:
                return (byte) (k * 60 - 120);
            default:
                return (char) ('a' + k * 1000);
        }
    }

    static Arbitrary<LongFunction<Object>> elementDomains() {
        return Arbitraries.of(States::string, States::number, States::money, States::collider, States::mixed,
                States::scalar);
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
        return history(25, gCounterSteps(), GCounter::merge, States::newGCounters);
    }

    private static Apply<GCounter> gCounterSteps() {
        return (states, replicas, step, i) -> step.kind() < 6
                ? states[step.replica()].increment(replicas.get(step.replica()), amount(step))
                : states[step.replica()].merge(states[step.other()]);
    }

    private static GCounter[] newGCounters() {
        return new GCounter[] {GCounter.empty(), GCounter.empty(), GCounter.empty()};
    }

    static Arbitrary<PNCounter> pnCounters() {
        return history(25, pnCounterSteps(), PNCounter::merge, States::newPNCounters);
    }

    private static Apply<PNCounter> pnCounterSteps() {
        return (states, replicas, step, i) -> step.kind() < 4
                ? states[step.replica()].increment(replicas.get(step.replica()), amount(step))
                : step.kind() < 7
                        ? states[step.replica()].decrement(replicas.get(step.replica()), amount(step))
                        : states[step.replica()].merge(states[step.other()]);
    }

    private static PNCounter[] newPNCounters() {
        return new PNCounter[] {PNCounter.empty(), PNCounter.empty(), PNCounter.empty()};
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

    /** Two replicas of one history: concurrent, with shared ancestry, never reusing a dot or a timestamp. */
    private static <S> Arbitrary<List<Object>> pairs(int maxSteps, Apply<S> apply, BinaryOperator<S> merge,
            Supplier<S[]> initial) {
        return Combinators.combine(replicas(), steps(maxSteps)).as((replicas, steps) -> {
            S[] states = initial.get();
            run(states, replicas, steps, 0, apply, merge);
            return List.<Object>of(states[0], states[1]);
        });
    }

    // ---- multi-value registers ----

    static Arbitrary<MVRegister<Object>> mvRegisters() {
        return elementDomains().flatMap(values -> history(25, mvRegisterSteps(values), MVRegister::merge,
                States::newMVRegisters));
    }

    static Arbitrary<MVRegister<Object>> mvRegisters(LongFunction<Object> values) {
        return history(25, mvRegisterSteps(values), MVRegister::merge, States::newMVRegisters);
    }

    static Arbitrary<List<Object>> mvRegisterPairs() {
        return elementDomains().flatMap(values -> pairs(25, mvRegisterSteps(values), MVRegister::merge,
                States::newMVRegisters));
    }

    private static Apply<MVRegister<Object>> mvRegisterSteps(LongFunction<Object> values) {
        return (states, replicas, step, i) -> {
            MVRegister<Object> mine = states[step.replica()];
            ReplicaId me = replicas.get(step.replica());
            Object value = values.apply(step.arg());
            if (step.kind() < 5) {
                return mine.write(me, value);
            }
            if (step.kind() < 7) {
                // the write's delta reaches another replica first
                Mutation<MVRegister<Object>> m = mine.writeDelta(me, value);
                states[step.other()] = states[step.other()].merge(m.delta());
                return m.state();
            }
            return mine.merge(states[step.other()]);
        };
    }

    @SuppressWarnings("unchecked")
    private static MVRegister<Object>[] newMVRegisters() {
        return new MVRegister[] {MVRegister.empty(), MVRegister.empty(), MVRegister.empty()};
    }

    // ---- enable-wins flags ----

    static Arbitrary<EnableWinsFlag> enableWinsFlags() {
        return history(25, flagSteps(), EnableWinsFlag::merge, States::newFlags);
    }

    static Arbitrary<List<Object>> enableWinsFlagPairs() {
        return pairs(25, flagSteps(), EnableWinsFlag::merge, States::newFlags);
    }

    private static Apply<EnableWinsFlag> flagSteps() {
        return (states, replicas, step, i) -> {
            EnableWinsFlag mine = states[step.replica()];
            ReplicaId me = replicas.get(step.replica());
            switch (step.kind()) {
                case 0: case 1: case 2: case 3:
                    return mine.enable(me);
                case 4: case 5:
                    return mine.disable();
                case 6: case 7: {
                    Mutation<EnableWinsFlag> m = step.kind() == 6 ? mine.enableDelta(me) : mine.disableDelta();
                    states[step.other()] = states[step.other()].merge(m.delta());
                    return m.state();
                }
                default:
                    return mine.merge(states[step.other()]);
            }
        };
    }

    private static EnableWinsFlag[] newFlags() {
        return new EnableWinsFlag[] {EnableWinsFlag.disabled(), EnableWinsFlag.disabled(), EnableWinsFlag.disabled()};
    }

    // ---- OR-Maps ----

    /** A value CRDT of an OR-Map: its bottom and a delta mutator driven by a number. */
    interface ValueKind<V extends Crdt<V>> {
        V bottom();

        Mutation<V> update(V value, ReplicaId me, long arg);
    }

    static final ValueKind<PNCounter> PN_COUNTERS = new ValueKind<>() {
        @Override
        public PNCounter bottom() {
            return PNCounter.empty();
        }

        @Override
        public Mutation<PNCounter> update(PNCounter value, ReplicaId me, long arg) {
            long amount = 1 + (arg >> 1) % 1000;
            return arg % 2 == 0 ? value.incrementDelta(me, amount) : value.decrementDelta(me, amount);
        }

        @Override
        public String toString() {
            return "PNCounter";
        }
    };

    static final ValueKind<GCounter> G_COUNTERS = new ValueKind<>() {
        @Override
        public GCounter bottom() {
            return GCounter.empty();
        }

        @Override
        public Mutation<GCounter> update(GCounter value, ReplicaId me, long arg) {
            return value.incrementDelta(me, 1 + arg % 100_000);
        }

        @Override
        public String toString() {
            return "GCounter";
        }
    };

    static final ValueKind<ORSet<Object>> OR_SETS = new ValueKind<>() {
        @Override
        public ORSet<Object> bottom() {
            return ORSet.empty();
        }

        @Override
        public Mutation<ORSet<Object>> update(ORSet<Object> value, ReplicaId me, long arg) {
            Object element = string(arg >> 2);
            return arg % 4 == 0 ? value.removeDelta(element) : value.addDelta(me, element);
        }

        @Override
        public String toString() {
            return "ORSet";
        }
    };

    static final ValueKind<MVRegister<Object>> MV_REGISTERS = new ValueKind<>() {
        @Override
        public MVRegister<Object> bottom() {
            return MVRegister.empty();
        }

        @Override
        public Mutation<MVRegister<Object>> update(MVRegister<Object> value, ReplicaId me, long arg) {
            return value.writeDelta(me, mixed(arg));
        }

        @Override
        public String toString() {
            return "MVRegister";
        }
    };

    static final ValueKind<EnableWinsFlag> FLAGS = new ValueKind<>() {
        @Override
        public EnableWinsFlag bottom() {
            return EnableWinsFlag.disabled();
        }

        @Override
        public Mutation<EnableWinsFlag> update(EnableWinsFlag value, ReplicaId me, long arg) {
            return arg % 3 == 0 ? value.disableDelta() : value.enableDelta(me);
        }

        @Override
        public String toString() {
            return "EnableWinsFlag";
        }
    };

    /** Maps nested in maps: each value an OR-Map of PN-Counters. */
    static final ValueKind<ORMap<Object, PNCounter>> CARTS = new ValueKind<>() {
        @Override
        public ORMap<Object, PNCounter> bottom() {
            return ORMap.empty(PNCounter.empty());
        }

        @Override
        public Mutation<ORMap<Object, PNCounter>> update(ORMap<Object, PNCounter> value, ReplicaId me, long arg) {
            Object item = string(arg >> 3);
            return arg % 5 == 0 ? value.removeDelta(item)
                    : value.updateDelta(me, item, v -> PN_COUNTERS.update(v, me, arg >> 1));
        }

        @Override
        public String toString() {
            return "ORMap<Object, PNCounter>";
        }
    };

    static Arbitrary<ValueKind<?>> valueKinds() {
        return Arbitraries.of(PN_COUNTERS, G_COUNTERS, OR_SETS, MV_REGISTERS, FLAGS, CARTS);
    }

    static Arbitrary<ORMap<Object, ?>> orMaps() {
        return Combinators.combine(elementDomains(), valueKinds()).as(States::orMapsOf).flatMap(a -> a);
    }

    private static <V extends Crdt<V>> Arbitrary<ORMap<Object, ?>> orMapsOf(LongFunction<Object> keys,
            ValueKind<V> kind) {
        return orMaps(keys, kind).map(m -> m);
    }

    static <V extends Crdt<V>> Arbitrary<ORMap<Object, V>> orMaps(LongFunction<Object> keys, ValueKind<V> kind) {
        return history(30, orMapSteps(keys, kind), ORMap::merge, () -> newORMaps(kind));
    }

    static Arbitrary<List<Object>> orMapPairs() {
        return Combinators.combine(elementDomains(), valueKinds()).as(States::orMapPairsOf).flatMap(a -> a);
    }

    private static <V extends Crdt<V>> Arbitrary<List<Object>> orMapPairsOf(LongFunction<Object> keys,
            ValueKind<V> kind) {
        return pairs(30, orMapSteps(keys, kind), ORMap::merge, () -> newORMaps(kind));
    }

    private static <V extends Crdt<V>> Apply<ORMap<Object, V>> orMapSteps(LongFunction<Object> keys,
            ValueKind<V> kind) {
        return (states, replicas, step, i) -> {
            ORMap<Object, V> mine = states[step.replica()];
            ReplicaId me = replicas.get(step.replica());
            Object key = keys.apply(step.arg());
            long valueArg = step.arg() >> 4;
            switch (step.kind()) {
                case 0: case 1: case 2: case 3:
                    return mine.updateDelta(me, key, v -> kind.update(v, me, valueArg)).state();
                case 4: case 5:
                    return mine.remove(key);
                case 6: case 7: {
                    // the update's or the remove's delta reaches another replica first
                    Mutation<ORMap<Object, V>> m = step.kind() == 6
                            ? mine.updateDelta(me, key, v -> kind.update(v, me, valueArg))
                            : mine.removeDelta(key);
                    states[step.other()] = states[step.other()].merge(m.delta());
                    return m.state();
                }
                default:
                    return mine.merge(states[step.other()]);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <V extends Crdt<V>> ORMap<Object, V>[] newORMaps(ValueKind<V> kind) {
        ORMap<Object, V> empty = ORMap.empty(kind.bottom());
        return new ORMap[] {empty, empty, empty};
    }

    // ---- LWW-Maps ----

    static Arbitrary<LWWMap<Object, Object>> lwwMaps() {
        return Combinators.combine(elementDomains(), elementDomains()).as(States::lwwMaps).flatMap(a -> a);
    }

    static Arbitrary<LWWMap<Object, Object>> lwwMaps(LongFunction<Object> keys, LongFunction<Object> values) {
        return history(30, lwwMapSteps(keys, values), LWWMap::merge, States::newLWWMaps);
    }

    static Arbitrary<List<Object>> lwwMapPairs() {
        return Combinators.combine(elementDomains(), elementDomains())
                .as((keys, values) -> pairs(30, lwwMapSteps(keys, values), LWWMap::merge, States::newLWWMaps))
                .flatMap(a -> a);
    }

    /**
     * A write's timestamp, from a few values so that writes of different keys and replicas tie on it:
     * mostly around 2023, now and then tiny or at the end of time.
     */
    static HybridTimestamp lwwTimestamp(long arg) {
        switch ((int) Math.floorMod(arg, 8)) {
            case 0: case 1: case 2: case 3: case 4:
                return HybridTimestamp.of(1_700_000_000_000L + Math.floorMod(arg >> 3, 3), 0);
            case 5:
                return HybridTimestamp.of(1_700_000_000_000L + Math.floorMod(arg >> 3, 100_000), (int) (arg >> 3) & 3);
            case 6:
                return HybridTimestamp.of(Math.floorMod(arg >> 3, 200), 0);
            default:
                return HybridTimestamp.of(Long.MAX_VALUE, Math.floorMod(arg >> 3, 2) * HybridTimestamp.MAX_LOGICAL);
        }
    }

    /**
     * Puts and removes at timestamps that often tie. What a replica writes to a key at a timestamp is a
     * function of the replica, key and timestamp, so a replica never writes two values of one key at
     * one timestamp (which merge rejects as a reused replica id).
     */
    private static Apply<LWWMap<Object, Object>> lwwMapSteps(LongFunction<Object> keys, LongFunction<Object> values) {
        return (states, replicas, step, i) -> {
            LWWMap<Object, Object> mine = states[step.replica()];
            ReplicaId me = replicas.get(step.replica());
            if (step.kind() >= 8) {
                return mine.merge(states[step.other()]);
            }
            Object key = keys.apply(step.arg());
            HybridTimestamp at = lwwTimestamp(step.arg() >> 4);
            int h = Objects.hash(me, key, at);
            Mutation<LWWMap<Object, Object>> m = Math.floorMod(h, 4) == 0
                    ? mine.removeDelta(me, key, at)
                    : mine.putDelta(me, key, values.apply(h), at);
            if (step.kind() >= 6) {
                // the write reaches another replica first
                states[step.other()] = states[step.other()].merge(m.delta());
            }
            return m.state();
        };
    }

    @SuppressWarnings("unchecked")
    private static LWWMap<Object, Object>[] newLWWMaps() {
        return new LWWMap[] {LWWMap.empty(), LWWMap.empty(), LWWMap.empty()};
    }

    // ---- pruned states ----

    /**
     * How a pruned history ends: the successor's state ({@code SUCCESSOR}); replica 2's state after
     * merging it, so the marker reached a replica that had not pruned ({@code RECEIVER}); replica 2's
     * state after it pruned replica 0 into itself in turn, a chain 1→0 then 0→2 ({@code CHAIN}); that
     * chain once the first marker was forgotten ({@code FORGOTTEN}).
     */
    enum Ending { SUCCESSOR, RECEIVER, CHAIN, FORGOTTEN }

    /**
     * Runs {@code before} at three replicas, then retires replica 1 for good: replica 0 merges its
     * last state and prunes it into itself. Then runs {@code after} at replicas 0 and 2 only (a step
     * of replica 1 is replica 2's; merges with replica 1's stale state stay). Returns the states.
     */
    static <S extends Crdt<S> & Prunable<S>> S[] runPruned(S[] states, List<ReplicaId> replicas, List<Step> before,
            List<Step> after, Apply<S> apply) {
        runSteps(states, replicas, before, 0, apply);
        S successor;
        try {
            successor = states[0].merge(states[1]);
        } catch (CounterOverflowException e) {
            successor = states[0]; // a counter prunes without having seen the retired replica's last count
        }
        states[0] = successor.prune(replicas.get(1), replicas.get(0));
        List<Step> survivors = after.stream()
                .map(s -> s.replica() == 1 ? new Step(2, s.other(), s.kind(), s.arg()) : s).toList();
        runSteps(states, replicas, survivors, before.size(), apply);
        return states;
    }

    /** Ends a {@linkplain #runPruned pruned history}; a merge that would overflow a counter ends at the successor. */
    static <S extends Crdt<S> & Prunable<S>> S end(S[] states, List<ReplicaId> replicas, Ending ending) {
        if (ending == Ending.SUCCESSOR) {
            return states[0];
        }
        S received;
        try {
            received = states[2].merge(states[0]);
        } catch (CounterOverflowException e) {
            return states[0];
        }
        if (ending == Ending.RECEIVER) {
            return received;
        }
        S chained = received.prune(replicas.get(0), replicas.get(2));
        return ending == Ending.CHAIN ? chained : chained.forgetPruning(replicas.get(1));
    }

    private static <S> void runSteps(S[] states, List<ReplicaId> replicas, List<Step> steps, int offset,
            Apply<S> apply) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            try {
                states[step.replica()] = apply.apply(states, replicas, step, offset + i);
            } catch (CounterOverflowException e) {
                // keep the state: the operation is refused, as a replica would refuse it
            }
        }
    }

    private static <S extends Crdt<S> & Prunable<S>> Arbitrary<S> prunedHistory(int maxSteps, Apply<S> apply,
            Supplier<S[]> initial) {
        return Combinators.combine(replicas(), steps(maxSteps), steps(maxSteps / 2), Arbitraries.of(Ending.class))
                .as((replicas, before, after, ending) ->
                        end(runPruned(initial.get(), replicas, before, after, apply), replicas, ending));
    }

    /** The successor's state and replica 2's, concurrent: replica 2 may not have seen the marker yet. */
    private static <S extends Crdt<S> & Prunable<S>> Arbitrary<List<Object>> prunedPairs(int maxSteps,
            Apply<S> apply, Supplier<S[]> initial) {
        return Combinators.combine(replicas(), steps(maxSteps), steps(maxSteps / 2)).as((replicas, before, after) -> {
            S[] states = runPruned(initial.get(), replicas, before, after, apply);
            return List.<Object>of(states[0], states[2]);
        });
    }

    static Arbitrary<GCounter> prunedGCounters() {
        return prunedHistory(20, gCounterSteps(), States::newGCounters);
    }

    static Arbitrary<PNCounter> prunedPNCounters() {
        return prunedHistory(20, pnCounterSteps(), States::newPNCounters);
    }

    static Arbitrary<ORSet<Object>> prunedORSets() {
        return elementDomains().flatMap(elements -> prunedHistory(24, orSetSteps(elements), States::newORSets));
    }

    static Arbitrary<MVRegister<Object>> prunedMVRegisters() {
        return elementDomains().flatMap(values -> prunedHistory(20, mvRegisterSteps(values), States::newMVRegisters));
    }

    static Arbitrary<EnableWinsFlag> prunedEnableWinsFlags() {
        return prunedHistory(20, flagSteps(), States::newFlags);
    }

    static Arbitrary<ORMap<Object, ?>> prunedORMaps() {
        return Combinators.combine(elementDomains(), valueKinds()).as(States::prunedORMapsOf).flatMap(a -> a);
    }

    private static <V extends Crdt<V>> Arbitrary<ORMap<Object, ?>> prunedORMapsOf(LongFunction<Object> keys,
            ValueKind<V> kind) {
        return prunedHistory(24, orMapSteps(keys, kind), () -> newORMaps(kind)).map(m -> m);
    }

    /** Pairs of concurrent states of one pruned history, of every type that carries markers. */
    static Arbitrary<List<Object>> prunedPairs() {
        return Arbitraries.oneOf(List.of(
                prunedPairs(20, gCounterSteps(), States::newGCounters),
                prunedPairs(20, pnCounterSteps(), States::newPNCounters),
                elementDomains().flatMap(e -> prunedPairs(24, orSetSteps(e), States::newORSets)),
                elementDomains().flatMap(v -> prunedPairs(20, mvRegisterSteps(v), States::newMVRegisters)),
                prunedPairs(20, flagSteps(), States::newFlags),
                Combinators.combine(elementDomains(), valueKinds()).as(States::prunedORMapPairsOf).flatMap(a -> a)));
    }

    private static <V extends Crdt<V>> Arbitrary<List<Object>> prunedORMapPairsOf(LongFunction<Object> keys,
            ValueKind<V> kind) {
        return prunedPairs(24, orMapSteps(keys, kind), () -> newORMaps(kind));
    }

    /** Pruned states of every type that carries markers. */
    static Arbitrary<Sample> prunedSamples() {
        return Arbitraries.oneOf(List.of(
                prunedGCounters().map(s -> new Sample(GCounter.class, s)),
                prunedPNCounters().map(s -> new Sample(PNCounter.class, s)),
                prunedORSets().map(s -> new Sample(ORSet.class, s)),
                prunedMVRegisters().map(s -> new Sample(MVRegister.class, s)),
                prunedEnableWinsFlags().map(s -> new Sample(EnableWinsFlag.class, s)),
                prunedORMaps().map(s -> new Sample(ORMap.class, s))));
    }

    // ---- every type ----

    /** Every type, without pruning markers. */
    static Arbitrary<Sample> unprunedSamples() {
        return Arbitraries.oneOf(List.of(
                replicaIds().map(s -> new Sample(ReplicaId.class, s)),
                dots().map(s -> new Sample(Dot.class, s)),
                versionVectors().map(s -> new Sample(VersionVector.class, s)),
                causalContexts().map(s -> new Sample(CausalContext.class, s)),
                timestamps().map(s -> new Sample(HybridTimestamp.class, s)),
                gCounters().map(s -> new Sample(GCounter.class, s)),
                pnCounters().map(s -> new Sample(PNCounter.class, s)),
                lwwRegisters().map(s -> new Sample(LWWRegister.class, s)),
                orSets().map(s -> new Sample(ORSet.class, s)),
                mvRegisters().map(s -> new Sample(MVRegister.class, s)),
                orMaps().map(s -> new Sample(ORMap.class, s)),
                lwwMaps().map(s -> new Sample(LWWMap.class, s)),
                enableWinsFlags().map(s -> new Sample(EnableWinsFlag.class, s))));
    }

    /** Every type, and now and then a pruned state of a type that carries pruning markers. */
    static Arbitrary<Sample> samples() {
        return Arbitraries.frequencyOf(Tuple.of(3, unprunedSamples()), Tuple.of(1, prunedSamples()));
    }
}
