package dev.convergent.kryo;

/** Run in a JVM whose class path lacks Kryo: prints what a user would see when creating a codec. */
final class NoKryoProbe {

    private NoKryoProbe() {
    }

    public static void main(String[] args) {
        try {
            KryoCodec.create();
            System.out.println("created");
        } catch (Throwable t) {
            System.out.println(t.getClass().getName() + ": " + t.getMessage());
        }
    }
}
