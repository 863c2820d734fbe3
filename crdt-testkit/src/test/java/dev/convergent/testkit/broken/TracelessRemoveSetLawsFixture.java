package dev.convergent.testkit.broken;

import dev.convergent.clock.CausalContext;
import dev.convergent.clock.Dot;
import dev.convergent.crdt.ORSet;
import dev.convergent.lattice.Mutation;
import dev.convergent.testkit.DeltaCrdtLaws;
import dev.convergent.testkit.DeltaOperation;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Run by {@link BrokenCrdtsAreCaughtTest}, not by surefire. BROKEN on purpose: delta mutators for the
 * OR-Set whose remove leaves no trace in the causal context of its delta, so replicas that receive
 * only deltas never learn of the remove: "replicas that ship only deltas do not converge".
 */
public class TracelessRemoveSetLawsFixture implements DeltaCrdtLaws<ORSet<String>> {

    @Override
    public ORSet<String> initial() {
        return ORSet.empty();
    }

    @Override
    public Arbitrary<DeltaOperation<ORSet<String>>> deltaOperations() {
        Arbitrary<String> elements = Arbitraries.of("milk", "eggs");
        return Arbitraries.oneOf(
                elements.map(e -> DeltaOperation.of("add(" + e + ")", (replica, s) -> {
                    ORSet<String> next = s.add(replica, e);
                    Dot dot = next.dots(e).iterator().next();
                    Set<Dot> seen = new HashSet<>(s.dots(e)); // the add replaces these, so the delta covers them
                    seen.add(dot);
                    return new Mutation<>(next, ORSet.of(Map.of(e, Set.of(dot)), CausalContext.ofDots(seen)));
                })),
                // BUG: the delta should carry the removed dots in its context: ORSet.of(Map.of(), ofDots(s.dots(e)))
                elements.map(e -> DeltaOperation.of("remove(" + e + ")",
                        (replica, s) -> new Mutation<>(s.remove(e), ORSet.<String>empty()))));
    }
}
