package dev.convergent.tools.pit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The mutants a project has judged equivalent, each with the reason it gave.
 *
 * <p>The list is a text file of blocks separated by blank lines. Each block opens with one or more comment lines
 * ({@code # ...}), the reason, followed by one mutant per line as PIT reports it: the mutated class's binary name,
 * the method, the line and PIT's description, separated by single spaces:
 *
 * <pre>
 * # compare: the self-comparison shortcut; the full walk of a vector against itself also answers EQUAL.
 * dev.convergent.clock.VersionVector compare 349 removed conditional - replaced equality check with false
 * </pre>
 *
 * A mutant line without a reason above it in its block is refused, so no exclusion goes unexplained.
 */
public final class EquivalentMutants {

    /** One listed mutant and the reason given for it. */
    public record Entry(String className, String method, int line, String description, String reason) {

        /** Rejects null and blank parts. */
        public Entry {
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Returns whether this entry names the given mutant.
         *
         * @param mutatedClass the mutated class's binary name
         * @param mutatedMethod the mutated method's name
         * @param mutatedLine the mutated line
         * @param mutantDescription PIT's description of the mutant
         * @return true if class, method, line and description are all equal
         */
        public boolean matches(String mutatedClass, String mutatedMethod, int mutatedLine, String mutantDescription) {
            return line == mutatedLine && className.equals(mutatedClass) && method.equals(mutatedMethod)
                    && description.equals(mutantDescription);
        }

        @Override
        public String toString() {
            return className + " " + method + " " + line + " " + description;
        }
    }

    private final List<Entry> entries;

    private EquivalentMutants(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads a list file.
     *
     * @param file the file
     * @return its entries
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException naming the line, if a line is malformed or a mutant has no reason
     */
    public static EquivalentMutants read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the equivalent-mutant list " + file, e);
        }
    }

    /**
     * Parses the lines of a list.
     *
     * @param lines the lines
     * @return their entries
     * @throws IllegalArgumentException naming the line, if a line is malformed or a mutant has no reason
     */
    public static EquivalentMutants parse(List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder reason = new StringBuilder();
        boolean inReason = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                reason.setLength(0);
                inReason = false;
            } else if (line.startsWith("#")) {
                if (!inReason) {
                    reason.setLength(0);
                    inReason = true;
                }
                reason.append(reason.length() == 0 ? "" : " ").append(line.substring(1).strip());
            } else {
                inReason = false;
                if (reason.length() == 0) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": a mutant without a reason (open its"
                            + " block with a # comment saying why it is equivalent): " + line);
                }
                entries.add(entry(line, i + 1, reason.toString()));
            }
        }
        return new EquivalentMutants(entries);
    }

    private static Entry entry(String line, int number, String reason) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 4) {
            throw new IllegalArgumentException("line " + number + ": expected '<class> <method> <line> <description>',"
                    + " got: " + line);
        }
        int at;
        try {
            at = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + number + ": the line number is not a number: " + parts[2], e);
        }
        return new Entry(parts[0], parts[1], at, parts[3], reason);
    }

    /**
     * Returns the entries in file order.
     *
     * @return the entries
     */
    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /**
     * Returns the entry naming a mutant, or null.
     *
     * @param mutatedClass the mutated class's binary name
     * @param mutatedMethod the mutated method's name
     * @param mutatedLine the mutated line
     * @param description PIT's description of the mutant
     * @return the first entry that matches, or null
     */
    public Entry find(String mutatedClass, String mutatedMethod, int mutatedLine, String description) {
        for (Entry e : entries) {
            if (e.matches(mutatedClass, mutatedMethod, mutatedLine, description)) {
                return e;
            }
        }
        return null;
    }
}
