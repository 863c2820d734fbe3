package dev.convergent.testkit.example;

import dev.convergent.testkit.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The walkthrough's serialization of a two-phase set of strings: both sets, each in sorted order. */
// [doc:codec]
final class TwoPhaseSetCodec implements Codec<TwoPhaseSet<String>> {

    @Override
    public byte[] encode(TwoPhaseSet<String> set) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, set.added());   // sorted sets: equal states give identical bytes
            write(out, set.removed());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public TwoPhaseSet<String> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return TwoPhaseSet.of(read(in), read(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(DataOutputStream out, Collection<String> elements) throws IOException {
        out.writeInt(elements.size());
        for (String e : elements) {
            out.writeUTF(e);
        }
    }

    private static List<String> read(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            elements.add(in.readUTF());
        }
        return elements;
    }
}
// [/doc:codec]
