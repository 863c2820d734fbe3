package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;

/**
 * The law contract for a CRDT with a serialization format: every law of {@link CrdtLaws}, plus
 * round-trip and deterministic bytes. Supply the {@link Codec}; combine with {@link DeltaCrdtLaws}
 * freely ({@code implements DeltaCrdtLaws<X>, SerializationLaws<X>}).
 *
 * <pre>{@code
 * class MaxRegisterLawsTest implements SerializationLaws<MaxRegister> {
 *     public MaxRegister initial() { return MaxRegister.empty(); }
 *     public Arbitrary<Operation<MaxRegister>> operations() { ... }
 *     public Codec<MaxRegister> codec() { return Codec.of(MaxRegisterCodec::encode, MaxRegisterCodec::decode); }
 * }
 * }</pre>
 *
 * @param <T> the CRDT type
 */
public interface SerializationLaws<T extends Crdt<T>> extends CrdtLaws<T> {

    /**
     * Returns the serialization under test.
     *
     * @return the codec
     */
    Codec<T> codec();

    /**
     * Law: {@code decode(encode(x))} equals {@code x} and looks the same ({@link #observe}), for the
     * initial state, each generated state and their merge.
     *
     * @param states related states
     */
    @LawProperty
    default void decodeInvertsEncode(@ForAll("crdtStates") List<T> states) {
        Codec<T> codec = codec();
        Laws.decodeInvertsEncode(initial(), codec, this::observe);
        for (T s : states) {
            Laws.decodeInvertsEncode(s, codec, this::observe);
        }
        Laws.decodeInvertsEncode(states.get(0).merge(states.get(1)).merge(states.get(2)), codec, this::observe);
    }

    /**
     * Law: equal states encode to identical bytes however they were built. The equal states compared
     * are those one history builds along different paths: the converged replicas (each merged the
     * others' states in its own order), every replica merged front to back and back to front,
     * {@code a ⊔ b} and {@code b ⊔ a}, {@code a ⊔ (b ⊔ c)} and {@code (a ⊔ b) ⊔ c}, and {@code x} and
     * {@code decode(encode(x))}. A codec that writes a hash map
     * or an insertion-ordered collection in iteration order fails it; sort before writing.
     *
     * @param scenario a generated history
     */
    @LawProperty
    default void equalStatesEncodeToIdenticalBytes(@ForAll("crdtScenarios") Scenario<T> scenario) {
        Codec<T> codec = codec();
        Outcome<T> outcome = Simulation.run(initial(), scenario.replicas(), scenario.steps(), false, false);
        List<T> finals = outcome.finalStates();
        for (T f : finals) {
            Laws.equalStatesEncodeToIdenticalBytes(finals.get(0), f, codec);
        }
        List<T> mid = outcome.midStates();
        T forward = initial();
        T backward = initial();
        for (int i = 0; i < mid.size(); i++) {
            forward = forward.merge(mid.get(i));
            backward = backward.merge(mid.get(mid.size() - 1 - i));
        }
        Laws.equalStatesEncodeToIdenticalBytes(forward, backward, codec);
        for (int i = 0; i < mid.size(); i++) {
            T a = mid.get(i);
            Laws.equalStatesEncodeToIdenticalBytes(a, codec.decode(codec.encode(a)), codec);
            for (int j = i + 1; j < mid.size(); j++) {
                T b = mid.get(j);
                Laws.equalStatesEncodeToIdenticalBytes(a.merge(b), b.merge(a), codec);
                if (j + 1 < mid.size()) {
                    T c = mid.get(j + 1);
                    Laws.equalStatesEncodeToIdenticalBytes(a.merge(b.merge(c)), a.merge(b).merge(c), codec);
                }
            }
        }
    }

    /**
     * Law: {@code encode} leaves the state it encodes unchanged, and {@code decode} leaves the bytes it
     * reads unchanged. Checked as in {@link #operationsAndMergesLeaveTheirInputsUnchanged}: the state
     * against a replay of the history, the bytes against a copy taken before decoding.
     *
     * @param scenario a generated history; each replica's final state is encoded and decoded
     */
    @LawProperty
    default void encodeAndDecodeLeaveTheirInputsUnchanged(@ForAll("crdtScenarios") Scenario<T> scenario) {
        Codec<T> codec = codec();
        InputChecks<T> inputs = InputChecks.replay(() -> Simulation.run(initial(), scenario.replicas(),
                scenario.steps(), false, false).midStates(), this::observe);
        for (int i = 0; i < inputs.size(); i++) {
            byte[] bytes = inputs.apply("encode(s" + i + ")", i, codec::encode);
            byte[] copy = bytes.clone();
            T decoded = codec.decode(bytes);
            int at = Arrays.mismatch(bytes, copy);
            if (at >= 0) {
                throw new LawViolation(Law.INPUTS_UNCHANGED, "  call: decode(encode(s" + i + "))" + Laws.nl()
                        + "  decode changed the bytes it read, first at byte " + at + Laws.nl()
                        + Laws.inputs("s" + i, inputs.state(i), "decoded", decoded));
            }
        }
    }
}
