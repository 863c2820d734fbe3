package dev.convergent.kryo;

/**
 * Checks, before any class of this package that links against Kryo is used, that Kryo is on the class path:
 * Kryo is an optional dependency of crdt-core, and without it the JVM would only say
 * {@code NoClassDefFoundError: com/esotericsoftware/kryo/...}. This class itself uses no Kryo type.
 */
final class KryoPresence {

    static final String COORDINATES = "com.esotericsoftware:kryo:5.6.2";

    private KryoPresence() {
    }

    /** Throws an {@link IllegalStateException} naming the dependency to add if Kryo cannot be loaded. */
    static void require(String user) {
        try {
            Class.forName("com.esotericsoftware.kryo.Kryo", false, KryoPresence.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(user + " needs Kryo, an optional dependency of crdt-core that is not on"
                    + " the class path: add " + COORDINATES + " to your build (Maven: groupId com.esotericsoftware,"
                    + " artifactId kryo, version 5.6.2)", e);
        }
    }
}
