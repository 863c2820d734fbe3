package dev.convergent.bench;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.clock.ReplicaId;
import dev.convergent.clock.VersionVector;
import dev.convergent.crdt.MVRegister;
import dev.convergent.lattice.Causality;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link MVRegister}: merge, compare, write and diff. Ours only: Pekko Distributed Data has no multi-value register,
 * so these rows have no Pekko column.
 *
 * <p>{@code first} and {@code second} are concurrent writes of two replicas ({@code mergeConcurrent} keeps both as
 * siblings); {@code descendant} is a later write by the first replica that has seen {@code first}. Every register is
 * built separately from plain data, as after decoding; our interned {@link ReplicaId}s are shared by design.
 *
 * <p>Run with:
 * <pre>{@code
 * ./mvnw -B -q -pl crdt-core,crdt-bench -am package -DskipTests
 * java -jar crdt-bench/target/benchmarks.jar MVRegisterBenchmark -prof gc -rf json -rff mvregister.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MVRegisterBenchmark {

    /** Our registers. */
    @State(Scope.Benchmark)
    public static class Ours {
        MVRegister<String> first;
        MVRegister<String> equalCopy;
        MVRegister<String> second;
        MVRegister<String> descendant;
        CausalContext peer;
        ReplicaId writer;
        String value;

        /** Builds the registers and checks their relations. */
        @Setup
        public void setUp() {
            first = register("replica-0000", "first", 1);
            equalCopy = register("replica-0000", "first", 1);
            second = register("replica-0001", "second", 1);
            descendant = register("replica-0000", "later", 2);
            peer = CausalContext.of(VersionVector.empty().advance(ReplicaId.of("replica-0000"), 1));
            writer = ReplicaId.of("replica-0000");
            value = new String("written");
            BenchInputs.check(first.compare(equalCopy) == Causality.EQUAL, "equal copy");
            BenchInputs.check(first.compare(descendant) == Causality.BEFORE, "first before descendant");
            BenchInputs.check(first.compare(second) == Causality.CONCURRENT, "concurrent writes");
            BenchInputs.check(first.merge(second).siblingCount() == 2, "concurrent writes are siblings");
        }

        /** A register holding {@code value}, written with dot {@code writer:counter} having seen the earlier ones. */
        private static MVRegister<String> register(String writer, String value, long counter) {
            ReplicaId id = ReplicaId.of(new String(writer));
            Dot dot = Dot.of(id, counter);
            return MVRegister.of(Map.of(new String(value), Set.of(dot)),
                    CausalContext.of(VersionVector.empty().advance(id, counter)));
        }
    }

    /** @return both concurrent values, as siblings */
    @Benchmark
    public MVRegister<String> mergeConcurrent_convergent(Ours s) {
        return s.first.merge(s.second);
    }

    /** @return the descendant, merged into its ancestor */
    @Benchmark
    public MVRegister<String> mergeAncestor_convergent(Ours s) {
        return s.first.merge(s.descendant);
    }

    /** @return {@code EQUAL} */
    @Benchmark
    public Causality compareEqual_convergent(Ours s) {
        return s.first.compare(s.equalCopy);
    }

    /** @return {@code BEFORE} */
    @Benchmark
    public Causality compareBefore_convergent(Ours s) {
        return s.first.compare(s.descendant);
    }

    /** @return {@code CONCURRENT} */
    @Benchmark
    public Causality compareConcurrent_convergent(Ours s) {
        return s.first.compare(s.second);
    }

    /** @return the register after a write that replaces every observed value */
    @Benchmark
    public MVRegister<String> write_convergent(Ours s) {
        return s.first.write(s.writer, s.value);
    }

    /** @return what a peer that has seen {@code first} is missing of the descendant */
    @Benchmark
    public MVRegister<String> diff_convergent(Ours s) {
        return s.descendant.diff(s.peer);
    }
}
