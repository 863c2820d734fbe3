package dev.convergent.kryo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.junit.jupiter.api.Test;

/**
 * The codec's class resolver maps each registered id, up to the largest an int can hold, to its
 * registration; it refuses class names, ids of unregistered classes and ids beyond the int range (which a
 * narrowing cast would otherwise fold onto a registered one), naming the id as read.
 */
class RegisteredOnlyClassResolverTest {

    record Top() {
    }

    record BelowTop() {
    }

    private static Kryo kryo() {
        Kryo kryo = new Kryo(new RegisteredOnlyClassResolver(), null);
        kryo.register(Top.class, Integer.MAX_VALUE);
        kryo.register(BelowTop.class, Integer.MAX_VALUE - 2);
        return kryo;
    }

    /** The bytes Kryo writes for class id {@code id}: the registration id + 2 as an unsigned varint. */
    private static Input classId(long written) {
        Output out = new Output(16);
        out.writeVarLong(written, true);
        return new BoundedInput(out.toBytes());
    }

    @Test
    void registeredIdsUpToTheLargestIntAreResolved() {
        Kryo kryo = kryo();
        assertThat(kryo.readClass(classId(0))).as("Kryo's null").isNull();
        assertThat(kryo.readClass(classId(3)).getType()).isEqualTo(String.class);
        assertThat(kryo.readClass(classId(Integer.MAX_VALUE + 2L)).getType()).isEqualTo(Top.class);
        assertThat(kryo.readClass(classId(Integer.MAX_VALUE)).getType()).isEqualTo(BelowTop.class);
    }

    @Test
    void aClassNameIsRefused() {
        assertThatThrownBy(() -> kryo().readClass(classId(1)))
                .isInstanceOf(KryoException.class)
                .hasMessage("class names on the wire are refused: only registered class ids are accepted");
    }

    @Test
    void anUnregisteredIdIsRefusedByItsNumber() {
        assertThatThrownBy(() -> kryo().readClass(classId(101)))
                .isInstanceOf(KryoException.class)
                .hasMessage("Encountered unregistered class ID: 99");
    }

    @Test
    void idsBeyondTheIntRangeAreNotFoldedOntoRegisteredOnes() {
        // (int) (2^32 + 3 - 2) would be String's id 1; so would the id 2^63 + 3 read as a negative long
        assertThatThrownBy(() -> kryo().readClass(classId((1L << 32) + 3)))
                .hasMessage("Encountered unregistered class ID: 4294967297");
        assertThatThrownBy(() -> kryo().readClass(classId(Long.MIN_VALUE + 3)))
                .hasMessage("Encountered unregistered class ID: 9223372036854775809");
    }

    @Test
    void writingAnUnregisteredClassIsRefused() {
        Kryo kryo = kryo();
        kryo.setRegistrationRequired(false);
        assertThatThrownBy(() -> kryo.writeClass(new Output(16), Object.class))
                .isInstanceOf(KryoException.class)
                .hasMessageContaining("is not registered; register it with an id");
    }
}
