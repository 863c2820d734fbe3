package dev.convergent.tools.pit;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pitest.mutationtest.build.InterceptorParameters;
import org.pitest.mutationtest.build.MutationInterceptor;
import org.pitest.mutationtest.build.MutationInterceptorFactory;
import org.pitest.plugin.Feature;
import org.pitest.plugin.FeatureParameter;

/**
 * PIT feature {@code FEQUIVALENT}: {@code +FEQUIVALENT(file[path/to/list.txt])} drops the mutants listed in that
 * file (see {@link EquivalentMutants} for its format). When PIT ends, the entries that matched no mutant are printed,
 * so a list that went stale after a code change is seen (a run narrowed to some classes leaves the others unmatched).
 */
public final class EquivalentMutantsFilterFactory implements MutationInterceptorFactory {

    private static final FeatureParameter FILE = FeatureParameter.named("file")
            .withDescription("the list of equivalent mutants, each block with its reason");

    /** One list and its matches per file, shared by every interceptor PIT creates in this JVM. */
    private static final Map<Path, EquivalentMutantsFilter> FILTERS = new ConcurrentHashMap<>();

    /** Creates the factory (PIT finds it through the service loader). */
    public EquivalentMutantsFilterFactory() {
        // stateless: the lists live in FILTERS
    }

    @Override
    public MutationInterceptor createInterceptor(InterceptorParameters params) {
        String file = params.getString(FILE).orElseThrow(() -> new IllegalArgumentException(
                "FEQUIVALENT needs the list's path: +FEQUIVALENT(file[path/to/equivalent-mutants.txt])"));
        Path path = Path.of(file).toAbsolutePath().normalize();
        return FILTERS.computeIfAbsent(path, p -> {
            EquivalentMutantsFilter shared = new EquivalentMutantsFilter(EquivalentMutants.read(p),
                    ConcurrentHashMap.newKeySet());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> reportUnmatched(p, shared.unmatched())));
            return shared;
        });
    }

    private static void reportUnmatched(Path file, List<EquivalentMutants.Entry> unmatched) {
        if (unmatched.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder().append("FEQUIVALENT: ").append(unmatched.size())
                .append(" entries of ").append(file).append(" matched no mutant of this run:");
        for (EquivalentMutants.Entry e : unmatched) {
            out.append(System.lineSeparator()).append("  ").append(e);
        }
        System.err.println(out);
    }

    @Override
    public Feature provides() {
        return Feature.named("FEQUIVALENT")
                .withOnByDefault(false)
                .withDescription("Filters the mutants a project listed as equivalent, each with its reason")
                .withParameter(FILE);
    }

    @Override
    public String description() {
        return "Equivalent-mutant list filter";
    }
}
