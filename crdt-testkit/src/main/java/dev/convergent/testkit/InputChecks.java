package dev.convergent.testkit;

import dev.convergent.lattice.Crdt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The replica states of one history, built twice: the states the calls under test receive, and equal
 * snapshots that no call ever sees, to check {@link Law#INPUTS_UNCHANGED} against. A state is named
 * {@code s<i>} in reports: replica {@code r<i>}'s state at the end of the history.
 *
 * @param <T> the CRDT type
 */
final class InputChecks<T extends Crdt<T>> {

    /** The most distinct operations of a history that are applied to every state. */
    private static final int MAX_OPERATIONS = 6;

    private final List<T> states;
    private final List<T> snapshots;
    private final Function<? super T, ?> observe;

    private InputChecks(List<T> states, List<T> snapshots, Function<? super T, ?> observe) {
        this.states = states;
        this.snapshots = snapshots;
        this.observe = observe;
    }

    /**
     * Runs {@code history} twice and checks that both runs built equal states: a history that gives
     * different states when replayed had a call write into a state shared with an earlier one (the
     * initial state, say), or has an operation that is not deterministic.
     */
    static <T extends Crdt<T>> InputChecks<T> replay(Supplier<List<T>> history, Function<? super T, ?> observe) {
        List<T> states = List.copyOf(history.get());
        List<T> snapshots = List.copyOf(history.get());
        for (int i = 0; i < states.size(); i++) {
            T a = states.get(i);
            T b = snapshots.get(i);
            if (!a.equals(b) || !Objects.equals(observe.apply(a), observe.apply(b))) {
                throw new LawViolation(Law.INPUTS_UNCHANGED, "  replaying the same history twice gave different"
                        + " states for replica r" + i + ":" + Laws.nl()
                        + Laws.results("first run", a, "second run", b)
                        + "  (a call wrote into a state it shares with an earlier one, such as the initial state,"
                        + " or an operation is not deterministic)" + Laws.nl());
            }
        }
        return new InputChecks<>(states, snapshots, observe);
    }

    /** The distinct operations (by name) of a history's schedule, at most {@value #MAX_OPERATIONS}. */
    static <T extends Crdt<T>> List<Operation<T>> operations(List<Step<T>> steps) {
        return distinct(steps, step -> step instanceof Step.Apply<T> apply ? apply.operation()
                : step instanceof Step.ApplyDelta<T> delta ? delta.operation().asOperation() : null);
    }

    /** The distinct delta operations (by name) of a history's schedule, at most {@value #MAX_OPERATIONS}. */
    static <T extends Crdt<T>> List<DeltaOperation<T>> deltaOperations(List<Step<T>> steps) {
        return distinct(steps, step -> step instanceof Step.ApplyDelta<T> delta ? delta.operation() : null);
    }

    /** What {@code pick} finds in the steps (null for nothing), distinct by name, in schedule order. */
    private static <T extends Crdt<T>, X> List<X> distinct(List<Step<T>> steps, Function<Step<T>, X> pick) {
        Map<String, X> distinct = new LinkedHashMap<>();
        for (Step<T> step : steps) {
            X found = pick.apply(step);
            if (found != null && distinct.size() < MAX_OPERATIONS) {
                distinct.putIfAbsent(found.toString(), found);
            }
        }
        return new ArrayList<>(distinct.values());
    }

    int size() {
        return states.size();
    }

    T state(int i) {
        return states.get(i);
    }

    T snapshot(int i) {
        return snapshots.get(i);
    }

    /** Calls {@code call} with state {@code i}, then checks that the state is unchanged. */
    <R> R apply(String call, int i, Function<? super T, R> fn) {
        R result = fn.apply(states.get(i));
        unchanged(call, i);
        return result;
    }

    /** Calls {@code call} with states {@code i} and {@code j}, then checks that both are unchanged. */
    <R> R apply(String call, int i, int j, BiFunction<? super T, ? super T, R> fn) {
        R result = fn.apply(states.get(i), states.get(j));
        unchanged(call, i);
        unchanged(call, j);
        return result;
    }

    /** Checks that state {@code i} still equals its snapshot, after {@code call}. */
    void unchanged(String call, int i) {
        Laws.callLeavesItsInputUnchanged(call + ", checking s" + i, states.get(i), snapshots.get(i), observe);
    }

    /** Checks {@code input}, an input of {@code call} other than the history's states, against its snapshot. */
    void unchanged(String call, T input, T snapshot) {
        Laws.callLeavesItsInputUnchanged(call, input, snapshot, observe);
    }

    /** Applies each operation to each state, and merges, compares and equates every pair of states. */
    void checkOperationsMergeAndCompare(List<Operation<T>> operations) {
        for (int i = 0; i < size(); i++) {
            String s = "s" + i;
            for (Operation<T> operation : operations) {
                int at = i;
                apply("r" + i + " applies " + operation + " to " + s, i,
                        x -> operation.apply(Simulation.replicaId(at), x));
            }
            apply(s + ".hashCode()", i, x -> x.hashCode());
            apply("observe(" + s + ")", i, observe);
            for (int j = 0; j < size(); j++) {
                String t = "s" + j;
                apply(s + ".merge(" + t + ")", i, j, (a, b) -> a.merge(b));
                apply(s + ".compare(" + t + ")", i, j, (a, b) -> a.compare(b));
                apply(s + ".equals(" + t + ")", i, j, (a, b) -> a.equals(b));
            }
        }
    }
}
