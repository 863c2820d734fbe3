/**
 * The replicated data types: counters ({@link dev.convergent.crdt.GCounter}, {@link dev.convergent.crdt.PNCounter}),
 * registers ({@link dev.convergent.crdt.LWWRegister}, {@link dev.convergent.crdt.MVRegister}), a flag
 * ({@link dev.convergent.crdt.EnableWinsFlag}), a set ({@link dev.convergent.crdt.ORSet}) and maps
 * ({@link dev.convergent.crdt.LWWMap}, {@link dev.convergent.crdt.ORMap}), all behind
 * {@link dev.convergent.lattice.Crdt} (merge and compare) and, where replicas can be retired,
 * {@link dev.convergent.crdt.Prunable}.
 *
 * <p>Contract of every type here: states are immutable, thread-safe and value-based; a mutator returns a new
 * state (and, in its {@code ...Delta} form, a {@link dev.convergent.lattice.Mutation} holding the delta too) and
 * never changes its receiver. {@code merge} is idempotent, commutative and associative, and its result never
 * depends on which replica merges first, on hash iteration order or on the wall clock; the laws each type obeys
 * are checked through the public {@code crdt-testkit}. Null arguments are rejected with a
 * {@link java.lang.NullPointerException} naming the parameter, invalid ones with an
 * {@link java.lang.IllegalArgumentException}; what only a replicated history can get wrong throws a
 * {@link dev.convergent.lattice.CrdtException}: {@link dev.convergent.lattice.CounterOverflowException} (counters never
 * wrap), {@link dev.convergent.crdt.ConflictingWriteException} (one replica id wrote two values at one
 * timestamp), {@link dev.convergent.crdt.PruningConflictException} (two pruning markers disagree) and
 * {@link dev.convergent.clock.ClockDriftException} (a timestamp beyond the allowed drift or the clock's range). An
 * operation that throws leaves every state as it was.
 */
package dev.convergent.crdt;

import dev.convergent.clock.ClockDriftException;
import dev.convergent.lattice.CounterOverflowException;
import dev.convergent.lattice.Crdt;
import dev.convergent.lattice.CrdtException;
import dev.convergent.lattice.Mutation;
