/**
 * The algebra every other package builds on: {@link dev.convergent.lattice.Crdt} (a join-semilattice: merge and
 * the causal order {@link dev.convergent.lattice.Causality}), {@link dev.convergent.lattice.Mutation} (a new state
 * with the delta that produced it), {@link dev.convergent.lattice.CrdtStats} (what a state holds, for sizing), and
 * the exception every library failure extends, {@link dev.convergent.lattice.CrdtException}, with
 * {@link dev.convergent.lattice.CounterOverflowException}, which counters, clocks and dots throw instead of
 * wrapping.
 *
 * <p>This package depends on no other package of the library: {@code clock} and {@code crdt} depend on it, and
 * users implementing {@code Crdt} for their own types need only it. Its types are immutable, thread-safe and
 * value-based; the laws of {@code Crdt} are stated on it and checked by the public {@code crdt-testkit}.
 */
package dev.convergent.lattice;
