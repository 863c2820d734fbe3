/**
 * The law-checking kit users point at their own CRDTs, and through which the library's built-in types are tested:
 * {@link dev.convergent.testkit.Laws} states each law as a plain check that throws a
 * {@link dev.convergent.testkit.LawViolation} naming the law, the inputs and the results that should have been
 * equal; {@link dev.convergent.testkit.CrdtLaws}, {@link dev.convergent.testkit.DeltaCrdtLaws},
 * {@link dev.convergent.testkit.PruningLaws} and {@link dev.convergent.testkit.SerializationLaws} run them under
 * jqwik (or from plain JUnit), and {@link dev.convergent.testkit.Simulation} runs schedules of steps on simulated
 * replicas over a faulty network (messages reordered, duplicated, lost and resent, or cut off by a partition) to
 * check that they converge.
 *
 * <p>Every check is deterministic for its inputs and seed, and the kit also checks that the type under test
 * leaves the states it is given unchanged ({@link dev.convergent.testkit.Law#INPUTS_UNCHANGED}).
 */
package dev.convergent.testkit;
