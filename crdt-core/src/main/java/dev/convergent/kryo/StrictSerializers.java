package dev.convergent.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;

/**
 * Serializers for Kryo's built-in registrations ({@code int}/{@code Integer}, {@code String},
 * {@code float}, {@code boolean}, {@code long}, {@code double}) that write exactly the bytes of Kryo's
 * own and read back only those bytes. Kryo's readers are lenient: any Boolean byte other than 1 reads as
 * {@code false}, varints may be overlong, a string may come in a form the writer never uses for it
 * (length-prefixed instead of ASCII, an overlong length or character, a stray continuation byte read as
 * {@code '\0'}), and a NaN may carry a payload the writer never writes. Each reader here refuses all of
 * these with a {@link CrdtSerializationException} naming the type and the rule, so an element or value of
 * a built-in type has exactly one encoding. They cost no more than Kryo's own.
 *
 * <p>The codec installs them under Kryo's ids (so the bytes are unchanged) before the user's
 * configuration runs. {@code byte}, {@code char} and {@code short} keep Kryo's serializers: fixed-width,
 * every byte pattern is one value, written back as read.
 */
final class StrictSerializers {

    /** Above this many characters, or for one, Kryo writes a string with its length rather than as ASCII. */
    private static final int MAX_ASCII_FORM = 32;

    private StrictSerializers() {
    }

    /** Replaces Kryo's built-in serializers on {@code kryo} by the strict ones, under the same ids. */
    static void register(Kryo kryo) {
        replace(kryo, int.class, new StrictInt());
        replace(kryo, String.class, new StrictString());
        replace(kryo, float.class, new StrictFloat());
        replace(kryo, boolean.class, new StrictBoolean());
        replace(kryo, long.class, new StrictLong());
        replace(kryo, double.class, new StrictDouble());
    }

    private static void replace(Kryo kryo, Class<?> type, Serializer<?> serializer) {
        Registration r = kryo.getRegistration(type);
        kryo.register(type, serializer, r.getId());
    }

    /**
     * Whether {@code serializer} reads only what it writes, so that decoding need not check an element's
     * bytes by encoding it again: ours, the strict ones, and Kryo's fixed-width {@code byte}, {@code char}
     * and {@code short} serializers.
     */
    static boolean isCanonical(Serializer<?> serializer) {
        Class<?> c = serializer.getClass();
        return serializer instanceof Strict || serializer instanceof CrdtSerializer
                || c == DefaultSerializers.ByteSerializer.class || c == DefaultSerializers.CharSerializer.class
                || c == DefaultSerializers.ShortSerializer.class;
    }

    /** Marks the serializers of this class. */
    private interface Strict {
    }

    private static CrdtSerializationException nonCanonical(String type, String rule) {
        return new CrdtSerializationException("non-canonical " + type + " encoding: " + rule);
    }

    static final class StrictBoolean extends Serializer<Boolean> implements Strict {
        StrictBoolean() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Boolean value) {
            output.writeBoolean(value);
        }

        @Override
        public Boolean read(Kryo kryo, Input input, Class<? extends Boolean> type) {
            int b = input.readByte();
            if (b != 0 && b != 1) {
                throw nonCanonical("Boolean", "byte 0x" + Integer.toHexString(b & 0xFF)
                        + ", the encoder writes 0 or 1");
            }
            return b == 1;
        }
    }

    /** Kryo's {@code writeInt(value, false)}: the zig-zag value as an unsigned varint of at most 5 bytes. */
    static final class StrictInt extends Serializer<Integer> implements Strict {
        StrictInt() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Integer value) {
            output.writeInt(value, false);
        }

        @Override
        public Integer read(Kryo kryo, Input input, Class<? extends Integer> type) {
            long zigzag = Wire.readVarLong(input, "Integer");
            if ((zigzag & 0xFFFF_FFFF_0000_0000L) != 0) {
                throw nonCanonical("Integer", "varint of " + Long.toUnsignedString(zigzag) + " exceeds 32 bits");
            }
            int v = (int) zigzag;
            return (v >>> 1) ^ -(v & 1);
        }
    }

    /** Kryo's {@code writeVarLong(value, false)}: the zig-zag value as an unsigned varint. */
    static final class StrictLong extends Serializer<Long> implements Strict {
        StrictLong() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Long value) {
            output.writeVarLong(value, false);
        }

        @Override
        public Long read(Kryo kryo, Input input, Class<? extends Long> type) {
            long zigzag = Wire.readVarLong(input, "Long");
            return (zigzag >>> 1) ^ -(zigzag & 1);
        }
    }

    /** Kryo writes {@code floatToIntBits}, which folds every NaN into one: other NaN bits are refused. */
    static final class StrictFloat extends Serializer<Float> implements Strict {
        StrictFloat() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Float value) {
            output.writeFloat(value);
        }

        @Override
        public Float read(Kryo kryo, Input input, Class<? extends Float> type) {
            int bits = input.readInt();
            float value = Float.intBitsToFloat(bits);
            if (Float.floatToIntBits(value) != bits) {
                throw nonCanonical("Float", "NaN with bits 0x" + Integer.toHexString(bits)
                        + ", the encoder writes every NaN as 0x7fc00000");
            }
            return value;
        }
    }

    /** Kryo writes {@code doubleToLongBits}, which folds every NaN into one: other NaN bits are refused. */
    static final class StrictDouble extends Serializer<Double> implements Strict {
        StrictDouble() {
            super(false, true);
        }

        @Override
        public void write(Kryo kryo, Output output, Double value) {
            output.writeDouble(value);
        }

        @Override
        public Double read(Kryo kryo, Input input, Class<? extends Double> type) {
            long bits = input.readLong();
            double value = Double.longBitsToDouble(bits);
            if (Double.doubleToLongBits(value) != bits) {
                throw nonCanonical("Double", "NaN with bits 0x" + Long.toHexString(bits)
                        + ", the encoder writes every NaN as 0x7ff8000000000000");
            }
            return value;
        }
    }

    /**
     * Kryo's {@code writeString}: {@code null} is {@code 0x80}, the empty string {@code 0x81}; 2 to 32
     * ASCII characters are written as themselves, the last with its top bit set; any other string as
     * {@code charCount + 1} (a varint whose first byte holds a flag bit, a continuation bit and 6 value
     * bits), then each UTF-16 unit in 1 to 3 bytes. Reading accepts exactly these forms, with the
     * shortest length and character encodings, and bounds the declared length by the remaining bytes.
     */
    static final class StrictString extends Serializer<String> implements Strict {
        StrictString() {
            super(true, true);
        }

        @Override
        public void write(Kryo kryo, Output output, String value) {
            output.writeString(value);
        }

        @Override
        public String read(Kryo kryo, Input input, Class<? extends String> type) {
            String scanned = input.getInputStream() == null ? scanAscii(input) : null;
            if (scanned != null) {
                return scanned;
            }
            int b = input.readByte();
            if ((b & 0x80) == 0) {
                return readAscii(input, b);
            }
            long declared = b & 0x3F;
            if ((b & 0x40) != 0) {
                declared |= lengthRest(input);
            }
            if (declared == 0) {
                return null;
            }
            long count = declared - 1;
            if (count > Wire.remaining(input)) {
                throw new CrdtSerializationException("string declares " + count + " characters but only "
                        + Wire.remaining(input) + " bytes remain");
            }
            char[] chars = new char[(int) count];
            boolean ascii = true;
            for (int i = 0; i < chars.length; i++) {
                chars[i] = Wire.readChar(input, "a String");
                ascii &= chars[i] < 0x80;
            }
            if (ascii && count > 1 && count <= MAX_ASCII_FORM) {
                throw nonCanonical("String", "an ASCII string of " + count
                        + " characters with its length, which the encoder writes in the ASCII form");
            }
            return new String(chars);
        }

        /** The rest of the length after the first byte: 7 bits per byte from bit 6, at most 4 bytes. */
        private static long lengthRest(Input input) {
            long rest = 0;
            for (int shift = 6; ; shift += 7) {
                int b = input.readByte();
                if (shift == 27) {
                    if (b <= 0 || b > 0x1F) {
                        throw nonCanonical("String", "fifth length byte 0x" + Integer.toHexString(b & 0xFF));
                    }
                    return rest | (long) b << shift;
                }
                if (b >= 0) {
                    if (b == 0) {
                        throw nonCanonical("String", "overlong length varint");
                    }
                    return rest | (long) b << shift;
                }
                rest |= (long) (b & 0x7F) << shift;
            }
        }

        /**
         * The fast path for a byte array: an ASCII-form string of at most {@value #MAX_ASCII_FORM}
         * characters whose last byte is within the input, read in one pass; null for anything else, which
         * the byte-by-byte path reads or refuses.
         */
        private static String scanAscii(Input input) {
            byte[] buffer = input.getBuffer();
            int start = input.position();
            int max = Math.min(input.limit(), start + MAX_ASCII_FORM);
            if (start >= max || buffer[start] < 0) {
                return null;
            }
            int last = start + 1;
            while (last < max && buffer[last] >= 0) {
                last++;
            }
            if (last == max) {
                return null;
            }
            char[] chars = new char[last - start + 1];
            for (int i = 0; i < chars.length - 1; i++) {
                chars[i] = (char) buffer[start + i];
            }
            chars[chars.length - 1] = (char) (buffer[last] & 0x7F);
            input.setPosition(last + 1);
            return new String(chars);
        }

        private static String readAscii(Input input, int first) {
            char[] chars = new char[MAX_ASCII_FORM];
            chars[0] = (char) first;
            int n = 1;
            while (true) {
                int b = input.readByte();
                if (n == MAX_ASCII_FORM) {
                    throw nonCanonical("String", "an ASCII-form string of more than " + MAX_ASCII_FORM
                            + " characters, which the encoder writes with its length");
                }
                chars[n++] = (char) (b & 0x7F);
                if (b < 0) {
                    return new String(chars, 0, n);
                }
            }
        }
    }
}
