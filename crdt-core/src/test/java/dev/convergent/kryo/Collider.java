package dev.convergent.kryo;

/**
 * A user element type whose instances all share one hash code, so a hash map's iteration order
 * over them is its insertion order: encodings must not depend on it.
 *
 * @param id distinguishes instances
 */
record Collider(int id) {

    @Override
    public int hashCode() {
        return 7;
    }
}
