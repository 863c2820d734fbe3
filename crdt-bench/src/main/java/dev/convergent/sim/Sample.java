package dev.convergent.sim;

/**
 * One point of the simulation's time series, taken in simulated time: every
 * {@link Simulation#sampleEvery} ms and once more at the end, where it holds the same numbers as the
 * final report. Nothing in it comes from a wall clock.
 *
 * @param simulatedMillis the simulated time of the sample
 * @param divergence the version divergence of the live replicas (max - min writes seen, over writers)
 * @param disagreeing live replicas whose digest differs from the most common one
 * @param siblings the sibling versions on the first replica's Dynamo-style carts
 * @param cartsWithSiblings the first replica's carts with concurrent versions (the conflict backlog)
 * @param stalenessP50 the median staleness so far, in simulated ms, over the writes every replica has seen
 * @param stalenessP99 the 99th percentile of the same
 * @param writesSeenEverywhere how many writes every replica has seen so far
 * @param bytesSentTotal bytes sent by every replica since the start, every kind of message together
 * @param bytesSentInInterval bytes sent since the previous sample
 * @param messagesSentTotal messages sent since the start
 * @param split whether a partition split the replicas at the time of the sample
 */
record Sample(long simulatedMillis, long divergence, int disagreeing, long siblings, int cartsWithSiblings,
        long stalenessP50, long stalenessP99, long writesSeenEverywhere, long bytesSentTotal, long bytesSentInInterval,
        long messagesSentTotal, boolean split) {
}
