/**
 * Logical time: who wrote ({@link dev.convergent.clock.ReplicaId}), which event ({@link dev.convergent.clock.Dot}),
 * what a replica has seen ({@link dev.convergent.clock.VersionVector}, and
 * {@link dev.convergent.clock.CausalContext} for seen sets with gaps), how two such records relate
 * ({@link dev.convergent.lattice.Causality}), and the clocks that stamp writes
 * ({@link dev.convergent.clock.HybridClock}, {@link dev.convergent.clock.LamportClock}).
 *
 * <p>Contract of every type here: values are immutable, thread-safe and value-based ({@code equals} and
 * {@code hashCode} by content, never by identity; replica ids are interned, so equal ids are usually the same
 * object, but no caller should depend on it); the two clocks are the exception, thread-safe mutable sources of
 * timestamps. Null arguments are rejected with a {@link java.lang.NullPointerException} naming the parameter,
 * out-of-range values with an {@link java.lang.IllegalArgumentException} naming the value and its range; a counter
 * or clock that would pass its range throws ({@link dev.convergent.lattice.CounterOverflowException},
 * {@link dev.convergent.clock.ClockDriftException}) instead of wrapping. Every order here (replica ids by name, dots
 * by replica then counter) is the same on every JVM.
 */
package dev.convergent.clock;

import dev.convergent.lattice.Causality;
