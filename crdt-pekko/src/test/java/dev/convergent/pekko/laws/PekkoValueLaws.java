package dev.convergent.pekko.laws;

import dev.convergent.lattice.Crdt;
import dev.convergent.testkit.Codec;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import dev.convergent.testkit.SerializationLaws;
import net.jqwik.api.Arbitrary;

/**
 * The kit's semilattice, order, equality, inflation, delta, delta-only convergence under loss, duplication
 * and reordering, and serialization laws, over the Pekko values of one type: a law test class supplies the
 * type's initial state and delta operations.
 *
 * @param <T> the wrapped type
 */
interface PekkoValueLaws<T extends Crdt<T>> extends DeltaCrdtLaws<PekkoValue<T>>, SerializationLaws<PekkoValue<T>> {

    /** The wrapped type's initial state. */
    T initialState();

    /** The wrapped type's delta operations. */
    Arbitrary<DeltaOperation<T>> stateDeltaOperations();

    /** What a user reads from the wrapped state. */
    Object observeState(T state);

    @Override
    default PekkoValue<T> initial() {
        return PekkoValue.of(initialState());
    }

    @Override
    default Arbitrary<DeltaOperation<PekkoValue<T>>> deltaOperations() {
        return stateDeltaOperations().map(PekkoValue::lift);
    }

    @Override
    default Codec<PekkoValue<T>> codec() {
        return PekkoValue.codec();
    }

    @Override
    default Object observe(PekkoValue<T> value) {
        return observeState(value.state());
    }
}
