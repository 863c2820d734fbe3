/**
 * Every Convergent type as an Apache Pekko Distributed Data value, so that replicas on real cluster nodes
 * replicate through Pekko's Replicator (gossip, delta propagation, read and write consistency levels, pruning of
 * removed nodes): {@link dev.convergent.pekko.ReplicatedCrdt} wraps any state and the delta of its updates,
 * {@link dev.convergent.pekko.CrdtKey} names it, {@link dev.convergent.pekko.ConvergentSerializer} puts it on the
 * wire in the library's Kryo format, {@link dev.convergent.pekko.PekkoReplicaIds} is the deterministic mapping
 * between a node incarnation and the replica id it writes under, and
 * {@link dev.convergent.pekko.ConvergentReplicator} is a facade over the Replicator for code without actors. All
 * replication logic is Pekko's. See {@code docs/pekko.md}.
 *
 * <p>The wrapped states keep the contract of {@code dev.convergent.crdt}: immutable, value-based, merges in any
 * order; failures specific to the adapter throw {@link dev.convergent.pekko.ReplicationException}.
 */
package dev.convergent.pekko;
