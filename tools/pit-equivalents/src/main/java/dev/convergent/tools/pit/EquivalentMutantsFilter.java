package dev.convergent.tools.pit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pitest.bytecode.analysis.ClassTree;
import org.pitest.mutationtest.build.InterceptorType;
import org.pitest.mutationtest.build.MutationInterceptor;
import org.pitest.mutationtest.engine.Mutater;
import org.pitest.mutationtest.engine.MutationDetails;

/** Drops the mutants an {@link EquivalentMutants} list names, and remembers which entries matched. */
final class EquivalentMutantsFilter implements MutationInterceptor {

    private final EquivalentMutants list;
    private final Set<EquivalentMutants.Entry> matched;

    EquivalentMutantsFilter(EquivalentMutants list, Set<EquivalentMutants.Entry> matched) {
        this.list = list;
        this.matched = matched;
    }

    /** Creates a filter that records its matches in a fresh set. */
    static EquivalentMutantsFilter of(EquivalentMutants list) {
        return new EquivalentMutantsFilter(list, ConcurrentHashMap.newKeySet());
    }

    @Override
    public InterceptorType type() {
        return InterceptorType.FILTER;
    }

    @Override
    public void begin(ClassTree clazz) {
        // nothing to prepare: entries name mutants by class, method, line and description
    }

    @Override
    public Collection<MutationDetails> intercept(Collection<MutationDetails> mutations, Mutater mutater) {
        List<MutationDetails> kept = new ArrayList<>(mutations.size());
        for (MutationDetails m : mutations) {
            EquivalentMutants.Entry e = list.find(m.getClassName().asJavaName(), m.getMethod(), m.getLineNumber(),
                    m.getDescription());
            if (e == null) {
                kept.add(m);
            } else {
                matched.add(e);
            }
        }
        return kept;
    }

    @Override
    public void end() {
        // nothing to release
    }

    /** Returns the entries that matched some mutant so far. */
    Set<EquivalentMutants.Entry> matchedEntries() {
        return matched;
    }

    /** Returns the entries that matched no mutant so far, in file order. */
    List<EquivalentMutants.Entry> unmatched() {
        List<EquivalentMutants.Entry> out = new ArrayList<>();
        for (EquivalentMutants.Entry e : list.entries()) {
            if (!matched.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }
}
