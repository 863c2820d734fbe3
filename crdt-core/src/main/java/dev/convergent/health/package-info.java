/**
 * Truth health: the measures an operator watches to know that replicas agree, or how far they are
 * from agreeing. {@link dev.convergent.health.TruthHealth} compares replicas (state digests, version-vector
 * divergence, multi-value register siblings) and {@link dev.convergent.health.Staleness} records how long
 * writes take to become visible. They read library states and allocate nothing that outlives the
 * call, so they can back gauges of any metrics library; see {@code docs/operations.md}.
 */
package dev.convergent.health;
